/**
 * Schedules, environment scans and readiness checks end to end: real SDK Clients on in-process
 * sessions against the simulator over HTTP. Schedules and scans run on the simulator's clock, which
 * these tests hold still (clockSpeed 0) and move by hand, so every step is exact.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolResult, CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { userFootprint } from "../../src/simulator/cloudm/seed.js";
import { accept, callTool, decline, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let env: InProcess | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function start(simulator: Record<string, unknown> = {}): Promise<InProcess> {
  env = await startInProcess({ argv: ["--toolsets", "all"], simulator: { clockSpeed: 0, ...simulator } });
  return env;
}

/** Calls a tool that must succeed and returns its structured content. */
async function ok<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = await callTool(client, name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent as T;
}

async function fails(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await callTool(client, name, args);
  expect(result.isError, `${name} should fail: ${textOf(result)}`).toBe(true);
  return textOf(result);
}

interface ScheduleOut {
  scheduleId: string;
  status: string;
  nextRunOn?: string | null;
  firedCount?: number;
  lastOutcome?: { firedOn: string; result: string; message: string } | null;
}

async function schedules(client: Client, configurationId?: string): Promise<ScheduleOut[]> {
  return (
    await ok<{ schedules: ScheduleOut[] }>(
      client,
      "list_schedules",
      configurationId ? { configurationId } : {},
    )
  ).schedules;
}

async function batchState(
  client: Client,
  configurationId: string,
): Promise<{ state: string; progress: number }> {
  const stats = await ok<{ state: string; progressPercent: number }>(client, "get_batch_statistics", {
    configurationId,
    itemLimit: 0,
  });
  return { state: stats.state, progress: stats.progressPercent };
}

/** A new batch in the demo project with a few users. */
async function newBatch(client: Client, name: string, users = 3): Promise<string> {
  const created = await ok<{ batch: { configurationId: string } }>(client, "create_batch", {
    projectId: env?.sim.demo?.projectId,
    batchName: name,
  });
  const id = created.batch.configurationId;
  if (users > 0) {
    const items = Array.from({ length: users }, (_, i) => ({
      exportName: `${name.toLowerCase().replace(/\W+/g, "")}${i}@contoso.example`,
      importName: `${name.toLowerCase().replace(/\W+/g, "")}${i}@fabrikam.example`,
    }));
    await ok(client, "add_migration_items", { configurationId: id, items });
  }
  return id;
}

/** Everything a declined confirmation must leave alone. */
function snapshot(e: InProcess): string {
  const { state } = e.sim;
  return JSON.stringify({
    schedules: [...state.schedules.values()],
    scans: [...state.scans.values()],
    runs: [...state.batches.values()].map((b) => b.run),
  });
}

describe("schedule", () => {
  it("fires a dated schedule on the simulator's clock and re-arms a repeating one", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const id = e.sim.demo!.configurationId;
    const first = new Date(e.sim.clock.now() + HOUR).toISOString();
    const created = await ok<{ status: string; schedule: ScheduleOut }>(client, "schedule_migration", {
      configurationId: id,
      scheduleOn: first,
      repeat: "Daily",
    });
    expect(created.status).toBe("done");
    expect(created.schedule).toMatchObject({ status: "Scheduled", nextRunOn: first, firedCount: 0 });

    e.sim.clock.advance(59 * MINUTE);
    expect((await batchState(client, id)).state).toBe("None");
    e.sim.clock.advance(2 * MINUTE);
    expect((await batchState(client, id)).state).toBe("PreparingData");
    const [fired] = await schedules(client, id);
    expect(fired).toMatchObject({ status: "Scheduled", firedCount: 1, lastOutcome: { result: "Started" } });
    expect(fired!.nextRunOn).toBe(new Date(Date.parse(first) + 24 * HOUR).toISOString());

    // A day later the first run has long finished: the repeat starts the batch again.
    e.sim.clock.advance(24 * HOUR);
    const [again] = await schedules(client, id);
    expect(again).toMatchObject({ firedCount: 2, lastOutcome: { result: "Started" } });
    expect(again!.nextRunOn).toBe(new Date(Date.parse(first) + 48 * HOUR).toISOString());
    expect(e.sim.state.batches.get(id)!.run.state).toBe("PreparingData");
  });

  it("starts batches when another completes and when it passes a percentage, and not before", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const wave1 = e.sim.demo!.configurationId;
    const onCompletion = await newBatch(client, "Wave 2");
    const atHalf = await newBatch(client, "Wave 3");
    await ok(client, "schedule_migration", {
      configurationId: onCompletion,
      completedConfigurationId: wave1,
    });
    await ok(client, "schedule_migration", {
      configurationId: atHalf,
      completedConfigurationId: wave1,
      completedPercent: 50,
    });
    e.sim.clock.advance(HOUR);
    expect((await schedules(client)).map((s) => s.status)).toEqual(["Scheduled", "Scheduled"]);

    await ok(client, "start_migration", { configurationId: wave1, mode: "StartMigration" });
    let sawBelowHalf = false;
    for (let step = 0; step < 500; step++) {
      e.sim.clock.advance(3_000);
      const wave = await batchState(client, wave1);
      const [completion, half] = await schedules(client);
      // The clock stands still between the two reads, so both saw the same moment.
      expect(half!.status === "Fired", `at ${wave.progress}%`).toBe(wave.progress >= 50);
      expect(completion!.status === "Fired").toBe(wave.state === "Completed");
      if (wave.progress < 50) sawBelowHalf = true;
      if (wave.state === "Completed") break;
    }
    expect(sawBelowHalf).toBe(true);
    const [completion, half] = await schedules(client);
    expect(completion!.lastOutcome).toMatchObject({ result: "Started" });
    expect(completion!.lastOutcome!.message).toContain("'Wave 1 - Sales' completed");
    expect(half!.lastOutcome!.message).toMatch(/'Wave 1 - Sales' reached \d+%/);
    expect(e.sim.state.batches.get(onCompletion)!.run.mode).toBe("StartMigration");
    expect(e.sim.state.batches.get(atHalf)!.run.startedAt).not.toBeNull();
  });

  it("records why a schedule could not start its run, and a cancelled one never fires", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const empty = await newBatch(client, "Empty", 0);
    const at = new Date(e.sim.clock.now() + MINUTE).toISOString();
    await ok(client, "schedule_migration", {
      configurationId: empty,
      scheduleOn: at,
      mode: "CheckUsersOnly",
    });
    const demo = e.sim.demo!.configurationId;
    const { schedule } = await ok<{ schedule: ScheduleOut }>(client, "schedule_migration", {
      configurationId: demo,
      scheduleOn: at,
    });
    const cancelled = await ok<{ status: string; schedule: ScheduleOut }>(client, "cancel_schedule", {
      scheduleId: schedule.scheduleId,
    });
    expect(cancelled).toMatchObject({ status: "done", schedule: { status: "Cancelled" } });

    e.sim.clock.advance(2 * MINUTE);
    const [notStarted] = await schedules(client, empty);
    expect(notStarted).toMatchObject({ status: "Fired", lastOutcome: { result: "NotStarted" } });
    expect(notStarted!.lastOutcome!.message).toContain("Nothing to run in batch 'Empty'");
    expect((await batchState(client, demo)).state).toBe("None");
    expect((await schedules(client, demo))[0]).toMatchObject({ status: "Cancelled", firedCount: 0 });
  });

  it("changes nothing when the user declines scheduling or cancelling", async () => {
    const e = await start();
    const id = e.sim.demo!.configurationId;
    const at = new Date(e.sim.clock.now() + HOUR).toISOString();
    const declining = await e.connect("declining", () => decline());
    const declined = await callTool(declining, "schedule_migration", { configurationId: id, scheduleOn: at });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(e.sim.state.schedules.size).toBe(0);

    const admin = await e.connect("admin", () => accept());
    const { schedule } = await ok<{ schedule: ScheduleOut }>(admin, "schedule_migration", {
      configurationId: id,
      scheduleOn: at,
    });
    const before = snapshot(e);
    const kept = await callTool(declining, "cancel_schedule", { scheduleId: schedule.scheduleId });
    expect(kept.structuredContent).toMatchObject({ status: "declined" });
    expect(snapshot(e)).toBe(before);
    expect(e.sim.state.schedules.get(schedule.scheduleId)!.status).toBe("Scheduled");
  });

  it("names the argument to fix when a schedule is wrong", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const id = e.sim.demo!.configurationId;
    const future = new Date(e.sim.clock.now() + HOUR).toISOString();
    const past = new Date(e.sim.clock.now() - HOUR).toISOString();
    expect(
      await fails(client, "schedule_migration", {
        configurationId: id,
        scheduleOn: future,
        completedConfigurationId: id,
      }),
    ).toMatch(/scheduleOn.*completedConfigurationId/);
    expect(await fails(client, "schedule_migration", { configurationId: id })).toContain("scheduleOn");
    expect(await fails(client, "schedule_migration", { configurationId: id, scheduleOn: past })).toContain(
      "scheduleOn",
    );
    expect(
      await fails(client, "schedule_migration", { configurationId: id, scheduleOn: "tomorrow" }),
    ).toContain("scheduleOn");
    expect(
      await fails(client, "schedule_migration", {
        configurationId: id,
        completedConfigurationId: id,
        completedPercent: 150,
      }),
    ).toContain("completedPercent");
    expect(
      await fails(client, "schedule_migration", { configurationId: id, completedConfigurationId: id }),
    ).toContain("completedConfigurationId");
    expect(
      await fails(client, "schedule_migration", {
        configurationId: id,
        completedConfigurationId: "00000000-0000-4000-8000-000000000000",
      }),
    ).toContain("completedConfigurationId");
    expect(
      await fails(client, "schedule_migration", {
        configurationId: id,
        completedConfigurationId: id,
        repeat: "Daily",
      }),
    ).toContain("repeat");
    expect(
      await fails(client, "cancel_schedule", { scheduleId: "00000000-0000-4000-8000-000000000000" }),
    ).toMatch(/No schedule/);
    expect(e.sim.state.schedules.size).toBe(0);
  });
});

interface ScanOut {
  scan: {
    state: string;
    usersScanned: number;
    totalUsers: number;
    progressPercent: number;
    message?: string;
  };
  report?: {
    partial: boolean;
    totals: Record<string, number>;
    users: Array<{ userEmail: string; mailboxSizeBytes?: number; driveSizeBytes?: number }>;
    nextCursor?: string;
  };
}

describe("environment scan", () => {
  it("scans the source on the simulator's clock and reports sizes derived from the seed", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    const started = await ok<ScanOut>(client, "start_environment_scan", { projectId });
    expect(started.scan).toMatchObject({ state: "Processing", usersScanned: 0 });
    const total = started.scan.totalUsers;
    expect(total).toBeGreaterThanOrEqual(30);

    e.sim.clock.advance(1_000 + 10 * 1_500);
    const midway = await ok<ScanOut>(client, "get_environment_scan", { projectId });
    expect(midway.scan).toMatchObject({ state: "Processing", usersScanned: 10 });
    expect(midway.report).toBeUndefined();
    e.sim.clock.advance((total - 10) * 1_500);
    expect((await ok<ScanOut>(client, "get_environment_scan", { projectId })).scan.state).toBe(
      "UpdateStatistics",
    );
    e.sim.clock.advance(2_000);

    const done = await ok<ScanOut>(client, "get_environment_scan", { projectId, userLimit: 10 });
    expect(done.scan).toMatchObject({ state: "Complete", progressPercent: 100, usersScanned: total });
    const report = done.report!;
    expect(report.partial).toBe(false);
    expect(report.totals.users).toBe(total);
    expect(report.users).toHaveLength(10);
    const size = (u: (typeof report.users)[number]) => (u.mailboxSizeBytes ?? 0) + (u.driveSizeBytes ?? 0);
    const sizes = report.users.map(size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const largest = report.users[0]!;
    const footprint = userFootprint(42, largest.userEmail);
    expect(largest).toMatchObject({
      mailboxSizeBytes: footprint.mailboxSizeBytes,
      driveSizeBytes: footprint.driveSizeBytes,
    });
    const next = await ok<ScanOut>(client, "get_environment_scan", {
      projectId,
      userLimit: 10,
      cursor: report.nextCursor,
    });
    expect(next.report!.users[0]!.userEmail).not.toBe(largest.userEmail);
    expect(size(next.report!.users[0]!)).toBeLessThanOrEqual(sizes[9]!);
  });

  it("scans only the batch users' mailboxes when asked", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    const started = await ok<ScanOut>(client, "start_environment_scan", {
      projectId,
      scanType: "SelectedToMigrateItems",
      sourceOption: "Email",
    });
    expect(started.scan.totalUsers).toBe(30);
    e.sim.clock.advance(HOUR);
    const { report } = await ok<ScanOut>(client, "get_environment_scan", { projectId, userLimit: 100 });
    expect(report!.users).toHaveLength(30);
    expect(
      report!.users.every((u) => u.mailboxSizeBytes !== undefined && u.driveSizeBytes === undefined),
    ).toBe(true);
    expect(report!.totals.driveSizeBytes).toBeUndefined();
    const batchUsers = [...e.sim.state.batches.get(e.sim.demo!.configurationId)!.items.values()].map(
      (i) => i.exportName,
    );
    expect(report!.users.map((u) => u.userEmail).sort()).toEqual([...batchUsers].sort());
  });

  it("keeps scanning when the user declines the stop, and reports what it read when stopped", async () => {
    const e = await start();
    const admin = await e.connect("admin", () => accept());
    const declining = await e.connect("declining", () => decline());
    const projectId = e.sim.demo!.projectId;
    await ok(admin, "start_environment_scan", { projectId });
    e.sim.clock.advance(1_000 + 4 * 1_500);

    const before = snapshot(e);
    const declined = await callTool(declining, "stop_environment_scan", { projectId });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(snapshot(e)).toBe(before);
    expect(e.sim.state.scans.get(projectId)!.state).toBe("Processing");

    const stopped = await ok<ScanOut & { status: string }>(admin, "stop_environment_scan", { projectId });
    expect(stopped).toMatchObject({ status: "done", scan: { state: "Stopping", usersScanned: 4 } });
    e.sim.clock.advance(HOUR);
    const after = await ok<ScanOut>(admin, "get_environment_scan", { projectId });
    expect(after.scan).toMatchObject({ state: "Stopped", usersScanned: 4 });
    expect(after.report).toMatchObject({ partial: true, totals: { users: 4 } });
  });

  it("ends in Error when the source cannot be reached, and names bad arguments", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    expect(await fails(client, "start_environment_scan", { projectId, scanType: "Everything" })).toContain(
      "scanType",
    );
    expect(await fails(client, "start_environment_scan", { projectId: "not-a-project" })).toContain(
      "projectId",
    );
    expect(await fails(client, "get_environment_scan", { projectId, userLimit: 500 })).toContain("userLimit");
    expect((await ok<ScanOut>(client, "get_environment_scan", { projectId })).scan.state).toBe("None");

    e.sim.state.connections.get(e.sim.demo!.sourceConnectionId)!.settings.domainName = "down.invalid";
    await ok(client, "start_environment_scan", { projectId });
    expect(await fails(client, "start_environment_scan", { projectId })).toContain("already Processing");
    e.sim.clock.advance(MINUTE);
    const failed = await callTool(client, "get_environment_scan", { projectId });
    expect(failed.structuredContent).toMatchObject({ scan: { state: "Error" } });
    expect(textOf(failed)).toContain("Unable to connect to the remote server");
  });
});

interface ReadinessOut {
  readinessId: string;
  status: string;
  completed: boolean;
  tests: Array<{ id: string; title: string; message: string; status: string }>;
}

const byId = (r: ReadinessOut) => Object.fromEntries(r.tests.map((t) => [t.id, t]));

describe("readiness", () => {
  it("runs the checks on the demo project, sending progress while it waits", async () => {
    const e = await start({ clockSpeed: 100 });
    const client = await e.connect("admin");
    const projectId = e.sim.demo!.projectId;
    const progress: number[] = [];
    const result = (await client.callTool(
      { name: "run_readiness_checks", arguments: { projectId } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p.progress) },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const run = result.structuredContent as unknown as ReadinessOut;
    expect(run).toMatchObject({ status: "CompletedWithWarnings", completed: true });
    expect(progress.length).toBeGreaterThan(0);
    const tests = byId(run);
    expect(tests["source-connection"]).toMatchObject({ status: "Info" });
    expect(tests["source-connection"]!.message).toContain("test_connection");
    expect(tests["destination-connection"]).toMatchObject({ status: "Warning" });
    expect(tests["destination-connection"]!.message).toContain("No test user");
    for (const id of [
      "connection-roles",
      "google-api-access",
      "users",
      "invalid-emails",
      "destination-domain",
      "licences",
      "batch-settings",
    ])
      expect(tests[id], id).toMatchObject({ status: "Success" });
    expect(tests["volume-cap"]).toMatchObject({ status: "Info" });
    expect(tests.licences!.message).toContain("30 new licence(s) needed, 500 of 500 available");
    // Problems come first in the text.
    expect(textOf(result).split("\n")[1]).toContain("Warning Destination connection");
  });

  it("fails on too few licences, an exhausted volume cap, invalid addresses and inverted dates", async () => {
    const e = await start({ clockSpeed: 100, licenceCount: 20, volumeCapBytes: 2e9 });
    const client = await e.connect("admin", () => accept());
    const { projectId, configurationId, sourceConnectionId } = e.sim.demo!;
    await ok(client, "add_migration_items", {
      configurationId,
      items: [
        { exportName: "no.at.sign@contoso.example", importName: "no-at-sign" },
        { exportName: "twin@contoso.example", importName: "amara.adams@elsewhere.example" },
      ],
    });
    await ok(client, "update_batch_settings", {
      configurationId,
      general: { emailDateFrom: "2025-06-01T00:00:00Z", emailDateTo: "2025-01-01T00:00:00Z" },
    });
    await ok(client, "test_connection", { connectionId: sourceConnectionId });

    const run = await ok<ReadinessOut>(client, "run_readiness_checks", { projectId });
    expect(run.status).toBe("Failed");
    const tests = byId(run);
    expect(tests["source-connection"]).toMatchObject({ status: "Success" });
    expect(tests.licences).toMatchObject({ status: "Failed" });
    expect(tests.licences!.message).toMatch(/32 new licence\(s\) needed, 20 of 20 available: buy 12 more/);
    expect(tests["volume-cap"]).toMatchObject({ status: "Failed" });
    expect(tests["invalid-emails"]).toMatchObject({ status: "Failed" });
    expect(tests["invalid-emails"]!.message).toContain("importName 'no-at-sign'");
    expect(tests["destination-domain"]).toMatchObject({ status: "Warning" });
    expect(tests["destination-domain"]!.message).toContain("amara.adams@elsewhere.example");
    expect(tests["batch-settings"]).toMatchObject({ status: "Failed" });
    expect(tests["batch-settings"]!.message).toContain("emailDateFrom");
    expect(tests["batch-settings"]!.message).toContain("update_batch_settings");
  });

  it("checks one batch, and says ConfigurationChanged once its settings change", async () => {
    const e = await start({ clockSpeed: 100 });
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    const empty = await newBatch(client, "Later", 0);
    const run = await ok<ReadinessOut>(client, "run_readiness_checks", { projectId, configurationId: empty });
    expect(run.status).toBe("Failed");
    expect(byId(run).users).toMatchObject({ status: "Failed" });
    expect(byId(run).users!.message).toContain("'Later'");

    const same = await ok<ReadinessOut>(client, "run_readiness_checks", {
      projectId,
      readinessId: run.readinessId,
    });
    expect(same.status).toBe("Failed");
    e.sim.state.batches.get(empty)!.general.folderSelection = "InboxOnly";
    const changed = await callTool(client, "run_readiness_checks", {
      projectId,
      readinessId: run.readinessId,
    });
    expect(changed.structuredContent).toMatchObject({ status: "ConfigurationChanged", completed: true });
    expect(textOf(changed)).toContain("run them again");
  });

  it("names the argument to fix", async () => {
    const e = await start({ clockSpeed: 100 });
    const client = await e.connect("admin");
    const projectId = e.sim.demo!.projectId;
    expect(
      await fails(client, "run_readiness_checks", {
        projectId,
        configurationId: "00000000-0000-4000-8000-000000000000",
      }),
    ).toContain("configurationId");
    expect(await fails(client, "run_readiness_checks", { projectId: "nope" })).toContain("projectId");
    expect(await fails(client, "run_readiness_checks", { projectId, waitSeconds: 100 })).toContain(
      "waitSeconds",
    );
    expect(e.sim.state.readinessRuns.size).toBe(0);
  });
});
