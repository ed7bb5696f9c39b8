/**
 * src/tools/project-admin.ts: rename_project, archive_project and restore_project, and delete_project
 * with its typed-name confirmation; archiving and deleting refuse a project whose batch is running.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  accept,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";
import { answerNextWithoutBody } from "../helpers/cloudm.js";

// A fresh simulator per test: each renames, archives, runs or deletes the demo project.
let env: InProcess;
let answers: Array<() => ReturnType<typeof accept>>;
beforeEach(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"] });
  answers = [];
});
afterEach(() => env.close());

const elicitingClient = () => env.connect("human", () => (answers.shift() ?? decline)());
const demo = () => env.sim.demo!;
const DEMO_NAME = "Contoso to Fabrikam (simulated)";

describe("rename, archive, restore", () => {
  it("renames, archives (hidden from lists), restores", async () => {
    const client = await env.connect();
    const renamed = await callTool(client, "rename_project", {
      projectId: demo().projectId,
      name: "Renamed",
    });
    expect(renamed.structuredContent).toMatchObject({ name: "Renamed" });
    expect(textOf(renamed)).toContain('Project renamed to "Renamed"');
    expect(env.sim.state.projects.get(demo().projectId)?.name).toBe("Renamed");

    const archived = await callTool(client, "archive_project", { projectId: demo().projectId });
    expect(archived.structuredContent).toMatchObject({
      projectId: demo().projectId,
      name: "Renamed",
      isArchived: true,
    });
    expect(textOf(archived)).toContain("is archived");
    const active = await callTool(client, "list_projects");
    expect((active.structuredContent as { projects: unknown[] }).projects).toHaveLength(0);
    const all = await callTool(client, "list_projects", { includeArchived: true });
    expect(
      (all.structuredContent as { projects: Array<{ isArchived: boolean }> }).projects[0]?.isArchived,
    ).toBe(true);

    const restored = await callTool(client, "restore_project", { projectId: demo().projectId });
    expect(restored.structuredContent).toMatchObject({ projectId: demo().projectId, isArchived: false });
    expect(textOf(restored)).toContain("is active");
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(false);
    const listed = await callTool(client, "list_projects");
    expect((listed.structuredContent as { projects: Array<{ name: string }> }).projects).toMatchObject([
      { name: "Renamed" },
    ]);
  });

  it("refuses to archive a project whose batch is running, saying what to do", async () => {
    const client = await env.connect();
    await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    const refused = await callTool(client, "archive_project", { projectId: demo().projectId });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("Stop the running batches first");
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(false);
  });

  it("names an unknown project", async () => {
    const client = await env.connect();
    for (const name of ["rename_project", "archive_project", "restore_project"]) {
      const args = { projectId: "no-such-project", ...(name === "rename_project" ? { name: "X" } : {}) };
      const result = await callTool(client, name, args);
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toContain("no-such-project");
    }
  });
});

describe("delete_project", () => {
  it("previews the batches and users it would delete", async () => {
    const client = await env.connect();
    const preview = await callTool(client, "delete_project", { projectId: demo().projectId });
    const batches = [...env.sim.state.batches.values()];
    const users = batches.reduce((n, b) => n + b.items.size, 0);
    expect(preview.structuredContent).toMatchObject({
      status: "confirmation_required",
      preview: {
        summary: expect.stringContaining(
          `Delete project "${DEMO_NAME}" for good: ${batches.length} batch(es), ${users} users`,
        ),
        details: {
          batches: batches.map((b) =>
            expect.stringContaining(`"${b.batchName}" (${b.items.size} users, ${b.run.state}`),
          ),
        },
      },
    });
    expect(batches.map((b) => b.batchName)).toEqual(["Wave 1 - Sales", "Pilot - IT", "Wave 2 - All staff"]);
    expect(env.sim.state.projects.has(demo().projectId)).toBe(true);
  });

  it("deletes only when the human confirms and types the project's name", async () => {
    const client = await elicitingClient();
    const projectId = demo().projectId;
    answers.push(decline);
    const declined = await callTool(client, "delete_project", { projectId });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    answers.push(() => accept({ confirm: true, name: "wrong name" }));
    expect((await callTool(client, "delete_project", { projectId })).structuredContent).toMatchObject({
      status: "declined",
    });
    expect(env.sim.state.projects.has(projectId)).toBe(true);
    expect(env.sim.state.batches.size).toBe(3);

    answers.push(() => accept({ confirm: true, name: DEMO_NAME }));
    const deleted = await callTool(client, "delete_project", { projectId });
    expect(deleted.structuredContent).toMatchObject({ status: "done", deletedBatches: 3 });
    expect(env.sim.state.projects.has(projectId)).toBe(false);
    expect(env.sim.state.batches.size).toBe(0);
  });

  it("reports a delete whose answer was lost, and whose resend found nothing, as done by the first attempt", async () => {
    const client = await elicitingClient();
    const projectId = demo().projectId;
    // The delete runs, its answer is lost (503 after the handler), and the resend meets a 404.
    env.sim.faults.enqueue({
      kind: "server_error",
      method: "DELETE",
      pathPrefix: "/api/ConnectionsProject",
      afterHandler: true,
    });
    answers.push(() => accept({ confirm: true, name: DEMO_NAME }));
    const deleted = await callTool(client, "delete_project", { projectId });
    expect(deleted.isError, textOf(deleted)).toBeFalsy();
    expect(deleted.structuredContent).toMatchObject({
      status: "done",
      note: expect.stringContaining("the first attempt probably applied it"),
    });
    expect(textOf(deleted)).not.toContain("No object with that id");
    expect(env.sim.state.projects.has(projectId)).toBe(false);
  });

  it("refuses to delete a project whose batch is running, saying what to do", async () => {
    const client = await env.connect();
    await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    const refused = await confirmWithToken(client, "delete_project", { projectId: demo().projectId });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("Stop the running batches first");
    expect(env.sim.state.projects.has(demo().projectId)).toBe(true);
  });
});

describe("project writes the instance answered 204 without a body", () => {
  it("renames, archives and restores, each value as read back", async () => {
    const client = await env.connect();
    const projectId = demo().projectId;

    answerNextWithoutBody(env.sim, "POST", `/api/ConnectionsProject/${projectId}/rename`, 204);
    const renamed = await callTool(client, "rename_project", { projectId, name: "Renamed" });
    expect(renamed.isError, textOf(renamed)).toBeFalsy();
    expect(renamed.structuredContent).toMatchObject({ projectId, name: "Renamed", isArchived: false });
    expect(renamed.structuredContent).not.toHaveProperty("notApplied");
    expect(textOf(renamed)).toContain('Project renamed to "Renamed".');
    expect(textOf(renamed)).not.toContain("Not confirmed");

    answerNextWithoutBody(env.sim, "POST", `/api/ConnectionsProject/${projectId}/archive`, 204);
    const archived = await callTool(client, "archive_project", { projectId });
    expect(archived.structuredContent).toMatchObject({ name: "Renamed", isArchived: true });
    expect(textOf(archived)).toContain('Project "Renamed" is archived.');

    answerNextWithoutBody(env.sim, "POST", `/api/ConnectionsProject/${projectId}/restore`, 204);
    const restored = await callTool(client, "restore_project", { projectId });
    expect(restored.structuredContent).toMatchObject({ isArchived: false });
    expect(env.sim.state.projects.get(projectId)).toMatchObject({ name: "Renamed", isArchived: false });
  });
});
