/**
 * The project tools (src/tools/projects.ts): list and read projects with their batches, create a project
 * from two connections, and create batches in it (on the project's own connections unless given).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callOk, callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

let env: InProcess;
let client: Client;
beforeAll(async () => {
  env = await startInProcess();
  client = await env.connect();
});
afterAll(() => env.close());

const demo = () => env.sim.demo!;

const ok = (name: string, args: Record<string, unknown>) => callOk(client, name, args);

const newProject = async (name: string) =>
  (
    (await ok("create_project", {
      name,
      sourceConnectionId: demo().sourceConnectionId,
      destinationConnectionId: demo().destinationConnectionId,
    })) as { project: { projectId: string } }
  ).project.projectId;

describe("create_project", () => {
  it("creates a project from a Source and a Destination connection, and links it", async () => {
    const result = await callTool(client, "create_project", {
      name: "E2E",
      sourceConnectionId: demo().sourceConnectionId,
      destinationConnectionId: demo().destinationConnectionId,
    });
    const { project } = result.structuredContent as { project: { projectId: string } };
    expect(project).toMatchObject({
      name: "E2E",
      isArchived: false,
      sourceConnectionId: demo().sourceConnectionId,
      destinationConnectionId: demo().destinationConnectionId,
    });
    expect(env.sim.state.projects.get(project.projectId)?.name).toBe("E2E");
    expect(textOf(result)).toContain(`Created project "E2E" (${project.projectId}). Next: create_batch.`);
    expect(result.content).toContainEqual(
      expect.objectContaining({ type: "resource_link", uri: expect.stringContaining(project.projectId) }),
    );
  });
});

describe("create_batch", () => {
  it("creates a User batch on the project's own connections when none are given", async () => {
    const projectId = await newProject("Batches");
    const { batch } = (await ok("create_batch", { projectId, batchName: "Wave" })) as {
      batch: { configurationId: string; batchName: string };
    };
    expect(batch.configurationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(batch.batchName).toBe("Wave");
    expect(env.sim.state.batches.get(batch.configurationId)).toMatchObject({
      projectId,
      batchName: "Wave",
      sourceConnectionId: demo().sourceConnectionId,
      destinationConnectionId: demo().destinationConnectionId,
      migrationItemsBatchType: 0,
      tags: "",
    });
  });

  it("takes the item type and tags given", async () => {
    const projectId = await newProject("Shared drives");
    const { batch } = (await ok("create_batch", {
      projectId,
      batchName: "Drives",
      itemType: "TeamDrive",
      tags: "drives,wave2",
    })) as { batch: { configurationId: string } };
    expect(env.sim.state.batches.get(batch.configurationId)).toMatchObject({
      migrationItemsBatchType: 7,
      tags: "drives,wave2",
    });
  });

  it("refuses a project it cannot read without both connections, and creates nothing", async () => {
    const before = env.sim.state.batches.size;
    const result = await callTool(client, "create_batch", {
      projectId: "00000000-0000-4000-8000-000000000000",
      batchName: "Orphan",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      "sourceConnectionId, destinationConnectionId: the project's connections",
    );
    expect(env.sim.state.batches.size).toBe(before);
  });
});

describe("list_projects", () => {
  it("lists every active project with its connections", async () => {
    const projectId = await newProject("Listed");
    const listed = (await ok("list_projects", {})) as {
      projects: Array<{ projectId: string; name: string }>;
      totalResults: number;
    };
    expect(listed.totalResults).toBe(env.sim.state.projects.size);
    expect(listed.projects).toContainEqual({
      projectId: demo().projectId,
      name: "Contoso to Fabrikam (simulated)",
      createdOn: expect.any(String),
      isArchived: false,
      sourceConnectionId: demo().sourceConnectionId,
      destinationConnectionId: demo().destinationConnectionId,
    });
    expect(listed.projects.map((p) => p.projectId)).toContain(projectId);
  });

  it("pages list_projects with a cursor", async () => {
    // The counts need a tenant of its own: the demo project, then these three.
    const fresh = await startInProcess();
    try {
      const client = await fresh.connect();
      for (let i = 0; i < 3; i++) {
        await callTool(client, "create_project", {
          name: `P${i}`,
          sourceConnectionId: fresh.sim.demo?.sourceConnectionId,
          destinationConnectionId: fresh.sim.demo?.destinationConnectionId,
        });
      }
      const first = (await callTool(client, "list_projects", { pageSize: 3 })).structuredContent as {
        projects: Array<{ name: string }>;
        nextCursor?: string;
        totalResults: number;
      };
      expect(first.totalResults).toBe(4);
      expect(first.nextCursor).toBeDefined();
      const second = (await callTool(client, "list_projects", { pageSize: 3, cursor: first.nextCursor }))
        .structuredContent as { projects: Array<{ name: string }>; nextCursor?: string };
      expect(second.projects.map((p) => p.name)).toEqual(["P2"]);
      expect(second.nextCursor).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});

describe("get_project", () => {
  it("shows a project and its batches with their size and state", async () => {
    const result = await callTool(client, "get_project", { projectId: demo().projectId });
    expect(result.structuredContent).toEqual({
      project: expect.objectContaining({
        projectId: demo().projectId,
        name: "Contoso to Fabrikam (simulated)",
        sourceConnectionId: demo().sourceConnectionId,
        destinationConnectionId: demo().destinationConnectionId,
      }),
      batches: [
        {
          configurationId: demo().configurationId,
          batchName: "Wave 1 - Sales",
          itemCount: 30,
          state: "None",
          tags: "wave1",
        },
        {
          configurationId: demo().pilotConfigurationId,
          batchName: "Pilot - IT",
          itemCount: 24,
          state: "Completed",
          tags: "pilot",
        },
        {
          configurationId: demo().overLicenceConfigurationId,
          batchName: "Wave 2 - All staff",
          itemCount: env.sim.state.batches.get(demo().overLicenceConfigurationId!)!.items.size,
          state: "None",
          tags: "wave2",
        },
      ],
    });
    expect(textOf(result)).toContain(`- ${demo().configurationId} "Wave 1 - Sales": 30 items, None`);
    expect(textOf(result)).toContain(`- ${demo().pilotConfigurationId} "Pilot - IT": 24 items, Completed`);
  });

  it("leaves batches it could not list out, and names what it could not read, on an instance without those routes", async () => {
    const guide = await startInProcess({ simulator: { profile: "guide" } });
    try {
      const projectId = guide.sim.demo?.projectId;
      const result = await callTool(await guide.connect(), "get_project", { projectId });
      const out = result.structuredContent as { project: unknown; batches?: unknown[]; notes?: string[] };
      // Not `batches: []`: the project has a batch, which this instance gives no way to list.
      expect(out.batches).toBeUndefined();
      expect(out.project).toEqual({ projectId });
      expect(out.notes?.join(" ")).toMatch(/record could not be read.*batches could not be listed/s);
      expect(textOf(result)).toContain("(connections not reported), batches unknown");
      expect(textOf(result)).not.toMatch(/\?/);
    } finally {
      await guide.close();
    }
  });

  it("answers an unknown projectId with isError pointing to list_projects", async () => {
    const result = await callTool(client, "get_project", {
      projectId: "00000000-0000-4000-8000-000000000000",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("call list_projects for valid ids");
  });
});
