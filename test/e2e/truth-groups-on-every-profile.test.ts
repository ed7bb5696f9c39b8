/**
 * The project, schedule, scan, readiness and domain groups on every simulator profile, each answer
 * held against the simulator's own state: on `full` and `aspnet` every tool works with no override
 * file and every figure it reports is the simulator's; on `guide`, which serves none of these routes,
 * each says its route is missing and changes nothing (list_projects and get_project say what they
 * could not read instead). A real SDK client, the real server, real HTTP to the simulator.
 */
import { describe, expect, it } from "vitest";
import type { SimReadinessTest } from "../../src/simulator/cloudm/model.js";
import { type UserFootprint, userFootprint } from "../../src/simulator/cloudm/seed.js";
import { callTool, textOf } from "../helpers/in-process.js";
import { INSTANCES, same, type Structured, truthSuite } from "../helpers/truth.js";

const FAR_FUTURE = "2099-06-01T22:00:00.000Z";

describe.each(INSTANCES)("on the $name profile", ({ simulator }) => {
  const { profile } = simulator;
  const suite = truthSuite(simulator);
  const { served, step } = suite;

  async function freshProject(name: string): Promise<string> {
    const demo = suite.env.sim.demo;
    const created = await callTool(suite.client, "create_project", {
      name,
      sourceConnectionId: demo?.sourceConnectionId,
      destinationConnectionId: demo?.destinationConnectionId,
    });
    expect(created.isError, textOf(created)).toBeFalsy();
    const found = [...suite.env.sim.state.projects.values()].find((p) => p.name === name);
    if (!found) throw new Error(`create_project did not create '${name}'`);
    return found.projectId;
  }

  it("lists projects and reads one with its batches as the simulator holds them", async () => {
    const { env, client, projectId } = suite;
    const state = env.sim.state;
    const listed = await callTool(client, "list_projects", {});
    const out = listed.structuredContent as {
      projects: Array<Record<string, unknown>>;
      totalResults?: number;
      note?: string;
    };
    expect(listed.isError, textOf(listed)).toBeFalsy();
    if (served) {
      const active = [...state.projects.values()].filter((p) => !p.isArchived);
      expect(out.projects.map((p) => p.projectId).sort()).toEqual(active.map((p) => p.projectId).sort());
      same(out.totalResults, active.length, "totalResults");
      for (const p of out.projects) {
        const truth = state.projects.get(String(p.projectId));
        same(p.name, truth?.name, "name");
        same(p.isArchived, truth?.isArchived, "isArchived");
        same(p.sourceConnectionId, truth?.sourceConnectionId, "sourceConnectionId");
        same(p.destinationConnectionId, truth?.destinationConnectionId, "destinationConnectionId");
      }
    } else {
      // The documented fallback: it says the instance has no list, and shows only what it created.
      expect(out.note).toMatch(/no project list/i);
      for (const p of out.projects) expect(state.projects.has(String(p.projectId))).toBe(true);
    }

    const got = await callTool(client, "get_project", { projectId });
    expect(got.isError, textOf(got)).toBeFalsy();
    const { project, batches, notes } = got.structuredContent as {
      project: Record<string, unknown>;
      batches?: Array<Record<string, unknown>>;
      notes?: string[];
    };
    const truth = state.projects.get(projectId);
    expect(project.projectId).toBe(projectId);
    same(project.name, truth?.name, "name");
    same(project.isArchived, truth?.isArchived, "isArchived");
    same(project.sourceConnectionId, truth?.sourceConnectionId, "sourceConnectionId");
    same(project.destinationConnectionId, truth?.destinationConnectionId, "destinationConnectionId");
    const held = [...state.batches.values()].filter((b) => b.projectId === projectId);
    if (served) {
      expect(notes).toBeUndefined();
      expect(project.name).toBe(truth?.name);
      expect(batches?.map((b) => b.configurationId).sort()).toEqual(
        held.map((b) => b.configurationId).sort(),
      );
    } else {
      // The documented fallback: it says what it could not read, and never that there are no batches.
      expect(notes?.join(" ")).toMatch(/record could not be read.*no route/i);
      if (batches === undefined) expect(textOf(got)).toMatch(/batches unknown/);
      else expect(batches).toHaveLength(held.length);
      expect(textOf(got)).not.toMatch(/#\?|'\?'/);
    }
    for (const b of batches ?? []) {
      const batch = state.batches.get(String(b.configurationId));
      expect(batch?.projectId, "a batch of another project").toBe(projectId);
      same(b.batchName, batch?.batchName, "batchName");
      same(b.itemCount, batch?.items.size, "itemCount");
      same(b.state, batch?.run.state, "state");
    }
  });

  it("renames, archives, restores and deletes a project only as the simulator records it", async () => {
    const { env } = suite;
    const id = await freshProject(`Truth ${profile}`);
    const project = () => env.sim.state.projects.get(id);
    await step("rename_project", { projectId: id, name: `Renamed ${profile}` }, (out) => {
      expect(project()?.name).toBe(`Renamed ${profile}`);
      same(out.name, project()?.name, "name");
      expect(out.notApplied).toBeUndefined();
      expect(out.unverified).toBeUndefined();
    });
    await step("archive_project", { projectId: id }, (out, text) => {
      expect(project()?.isArchived).toBe(true);
      same(out.isArchived, true, "isArchived");
      expect(out.notApplied).toBeUndefined();
      expect(text).toMatch(/is archived/);
    });
    await step("restore_project", { projectId: id }, (out, text) => {
      expect(project()?.isArchived).toBe(false);
      same(out.isArchived, false, "isArchived");
      expect(out.notApplied).toBeUndefined();
      expect(text).toMatch(/is active/);
    });
    await step("delete_project", { projectId: id }, (out) => {
      expect(project()).toBeUndefined();
      expect(out.projectId).toBe(id);
    });
    if (!served) expect(project()?.name).toBe(`Truth ${profile}`);
  });

  it("schedules, lists and cancels a run as the simulator's schedules hold it", async () => {
    const { env, configurationId } = suite;
    const state = env.sim.state;
    const before = new Set(state.schedules.keys());
    let scheduleId = "00000000-0000-0000-0000-000000000001";
    await step(
      "schedule_migration",
      { configurationId, scheduleOn: FAR_FUTURE, mode: "CheckUsersOnly" },
      (out) => {
        const added = [...state.schedules.values()].filter((s) => !before.has(s.scheduleId));
        expect(added).toHaveLength(1);
        const truth = added[0];
        scheduleId = truth?.scheduleId ?? scheduleId;
        const s = out.schedule as Record<string, unknown> | undefined;
        if (s === undefined) return;
        same(s.scheduleId, truth?.scheduleId, "scheduleId");
        same(s.configurationId, truth?.configurationId, "configurationId");
        same(s.mode, truth?.mode, "mode");
        expect(s.scheduleType).toBe(truth?.scheduleType);
        expect(s.status).toBe(truth?.status);
        if (s.scheduleOn !== undefined) expect(Date.parse(String(s.scheduleOn))).toBe(truth?.scheduleOn);
      },
    );
    await step("list_schedules", { configurationId }, (out) => {
      const listed = out.schedules as Array<Record<string, unknown>>;
      const truths = [...state.schedules.values()].filter((s) => s.configurationId === configurationId);
      expect(listed).toHaveLength(truths.length);
      for (const s of listed) {
        const truth = state.schedules.get(String(s.scheduleId));
        expect(truth, "a schedule the simulator does not hold").toBeDefined();
        expect(s.status).toBe(truth?.status);
        expect(s.scheduleType).toBe(truth?.scheduleType);
        same(s.mode, truth?.mode, "mode");
        same(s.firedCount, truth?.firedCount, "firedCount");
        if (s.nextRunOn !== undefined) expect(Date.parse(String(s.nextRunOn))).toBe(truth?.nextRunOn);
      }
    });
    await step("cancel_schedule", { scheduleId }, (out, text) => {
      const truth = state.schedules.get(scheduleId);
      expect(truth?.status).toBe("Cancelled");
      expect(out.notApplied).toBeUndefined();
      const s = out.schedule as Record<string, unknown> | undefined;
      if (s !== undefined) expect(s.status).toBe("Cancelled");
      expect(text).not.toMatch(/is Scheduled/);
    });
  });

  it("starts, reads and stops an environment scan as the simulator's scan stands", async () => {
    const { env, projectId } = suite;
    const scan = () => env.sim.state.scans.get(projectId);
    const scanOf = (out: Structured) => (out.scan ?? {}) as Record<string, unknown>;
    const compare = (s: Record<string, unknown>) => {
      const truth = scan();
      same(s.scanId, truth?.scanId, "scanId");
      expect(s.state).toBe(truth?.state);
      same(s.scanType, truth?.scanType, "scanType");
      same(s.sourceOption, truth?.sourceOption, "sourceOption");
      same(s.totalUsers, truth?.users.length, "totalUsers");
    };
    await step("start_environment_scan", { projectId, sourceOption: "Email" }, (out) => {
      expect(scan()?.state).toBe("Processing");
      if (out.scan !== undefined) compare(scanOf(out));
    });
    // Some users read, not all: the scan is still running when it is stopped.
    env.sim.clock.advance(20_000);
    await step("get_environment_scan", { projectId }, (out) => {
      compare(scanOf(out));
      expect(scanOf(out).state).toBe("Processing");
      expect(out.report).toBeUndefined();
    });
    await step("stop_environment_scan", { projectId }, (out) => {
      expect(["Stopping", "Stopped"]).toContain(scan()?.state);
      if (out.scan !== undefined) compare(scanOf(out));
    });
    env.sim.clock.advance(60_000);
    await step("get_environment_scan", { projectId, userLimit: 100 }, (out) => {
      const truth = scan();
      expect(truth?.state).toBe("Stopped");
      compare(scanOf(out));
      same(scanOf(out).usersScanned, truth?.stoppedScanned, "usersScanned");
      type Sizes = Record<string, number | undefined>;
      const report = out.report as
        { partial?: boolean; totals: Sizes; users: Array<Sizes & { userEmail: string }> } | undefined;
      expect(report, "a stopped scan has a report").toBeDefined();
      same(report?.partial, true, "partial");
      // The users read before the stop, each with the mailbox the simulator gives that address.
      const read = (truth?.users ?? []).slice(0, truth?.stoppedScanned ?? 0);
      const footprints = new Map(read.map((u) => [u, userFootprint(env.sim.state.seed, u)]));
      const sum = (pick: (f: UserFootprint) => number) =>
        [...footprints.values()].reduce((total, f) => total + pick(f), 0);
      same(report?.totals.users, read.length, "totals.users");
      same(
        report?.totals.mailItemCount,
        sum((f) => f.mailItemCount),
        "totals.mailItemCount",
      );
      same(
        report?.totals.mailboxSizeBytes,
        sum((f) => f.mailboxSizeBytes),
        "totals.mailboxSizeBytes",
      );
      expect(report?.users.map((u) => u.userEmail).sort()).toEqual([...read].sort());
      for (const u of report?.users ?? []) {
        const f = footprints.get(u.userEmail);
        same(u.mailItemCount, f?.mailItemCount, "mailItemCount");
        same(u.mailboxSizeBytes, f?.mailboxSizeBytes, "mailboxSizeBytes");
        // An Email-only scan read no drives: no drive figure may be reported.
        expect(u.driveSizeBytes, "driveSizeBytes").toBeUndefined();
      }
    });
    if (!served) expect(scan()).toBeUndefined();
  });

  it("runs readiness checks on the demo tenant's Google Workspace destination as the simulator decided them", async () => {
    const { env, projectId } = suite;
    const runs = env.sim.state.readinessRuns;
    const before = new Set(runs.keys());
    let readinessId = "00000000-0000-0000-0000-000000000002";
    await step("run_readiness_checks", { projectId, waitSeconds: 1 }, (out) => {
      const started = [...runs.values()].filter((r) => !before.has(r.readinessId));
      expect(started).toHaveLength(1);
      readinessId = started[0]?.readinessId ?? readinessId;
      same(out.readinessId, readinessId, "readinessId");
      // The clock stands still: the checks are pending, and nothing claims they are done.
      expect(out.completed).toBe(false);
      expect(out.status).toBe("Pending");
      expect(out.tests).toEqual([]);
    });
    env.sim.clock.advance(60_000);
    await step("run_readiness_checks", { projectId, readinessId, waitSeconds: 1 }, (out) => {
      const truth = runs.get(readinessId);
      const tests = truth?.tests ?? [];
      expect(tests.some((t) => t.id === "google-api-access")).toBe(true);
      expect(out.completed).toBe(true);
      expect(out.status).toBe(overall(tests));
      const reported = out.tests as Array<Record<string, unknown>>;
      expect(reported).toHaveLength(tests.length);
      for (const t of reported) {
        const held = tests.find((h) => h.id === t.id || h.title === t.title);
        expect(held, `a check the simulator did not run: ${JSON.stringify(t)}`).toBeDefined();
        expect(t.status).toBe(held?.status);
        same(t.title, held?.title, "title");
        same(t.message, held?.message, "message");
      }
    });
  });

  it("replaces a project's domain mapping and reads back what the simulator holds", async () => {
    const { env, projectId } = suite;
    const mappings = [
      { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
      { sourceDomain: "sales.contoso.example", destinationDomain: "fabrikam.example" },
    ];
    const held = () => env.sim.state.domainMappings.get(projectId)?.mappings ?? [];
    await step("replace_domain_mapping", { projectId, mappings }, (out) => {
      expect(held()).toEqual(mappings);
      same(out.mappingCount, held().length, "mappingCount");
      expect(out).toMatchObject({ added: 2, removed: 0, changed: 0 });
      expect(out.notApplied).toBeUndefined();
    });
    await step("get_domain_mapping", { projectId }, (out) => {
      expect(out.mappings).toEqual(held());
    });
    if (!served) expect(held()).toEqual([]);
  });
});

/** A finished readiness run's status, from its checks (as CloudM words it). */
function overall(tests: readonly SimReadinessTest[]): string {
  if (tests.some((t) => t.status === "Failed")) return "Failed";
  return tests.some((t) => t.status === "Warning") ? "CompletedWithWarnings" : "Completed";
}
