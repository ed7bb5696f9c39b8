/**
 * src/tools/admin-service.ts: get_license as runs consume licences, list_notifications and
 * mark_notifications_read over notifications raised by real runs, and the migration server fleet.
 */
import { describe, expect, it } from "vitest";
import { AdminApi } from "../../src/api/cloudm/admin-api.js";
import type { ApiError } from "../../src/api/errors.js";
import type { CloudMSimulatorOptions } from "../../src/simulator/cloudm/server.js";
import {
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  runBatchToEnd,
  stillEnvironmentPerTest,
  structuredOf,
  textOf,
} from "../helpers/in-process.js";
import { answerNextWithoutBody } from "../helpers/cloudm.js";

const HOUR = 3_600_000;

// Each test starts its own simulator (some with a licence count or volume cap), closed after it.
let env: InProcess;
const begin = stillEnvironmentPerTest();
const start = async (simulator: CloudMSimulatorOptions = {}): Promise<InProcess> =>
  (env = await begin(simulator));
const demo = () => env.sim.demo!;

type ServerOut = { machineName: string; status: string; numberOfRunningTasks: number; version: string };

describe("get_license", () => {
  it("reports the pool and the project's use, moving as a run consumes licences", async () => {
    await start({ licenceCount: 64 });
    const client = await env.connect();
    const projectId = demo().projectId;
    // The demo's pilot licensed its 24 users two days ago.
    const pilot = env.sim.state.batches.get(demo().pilotConfigurationId)!;
    expect(pilot.run.state).toBe("Completed");
    expect(pilot.items.size).toBe(24);
    const before = structuredOf(await callTool(client, "get_license", { projectId }));
    expect(before).toMatchObject({
      state: "Valid",
      total: 64,
      used: 24,
      available: 40,
      usedByProject: 24,
      destinationDomain: "fabrikam.example",
      destinationPlatform: "GoogleWorkspace",
    });
    const started = await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    expect(structuredOf(started)).toMatchObject({ status: "done" });
    const after = structuredOf(await callTool(client, "get_license", { projectId }));
    expect(after).toMatchObject({ used: 54, available: 10, usedByProject: 54 });

    env.sim.state.licence.domains = ["other.example"];
    expect(structuredOf(await callTool(client, "get_license", { projectId }))).toMatchObject({
      state: "InvalidDomain",
    });
    env.sim.state.licence.domains = null;
    env.sim.state.licence.platforms = ["Microsoft365"];
    expect(structuredOf(await callTool(client, "get_license", { projectId }))).toMatchObject({
      state: "NotValidForCurrentPlatform",
    });
    env.sim.state.licence.platforms = null;
    env.sim.clock.advance(366 * 24 * HOUR);
    const expired = await callTool(client, "get_license", { projectId });
    expect(structuredOf(expired)).toMatchObject({ state: "Expired" });
    expect(textOf(expired)).toContain(
      "Fix: renew the licence (CloudM web UI, or your CloudM account manager)",
    );

    // Expired, it licenses no new user: a run that needs one is refused, and its preview said why.
    const created = structuredOf<{ batch: { configurationId: string } }>(
      await callTool(client, "create_batch", { projectId, batchName: "After expiry" }),
    );
    const fresh = created.batch.configurationId;
    await callTool(client, "add_migration_items", {
      configurationId: fresh,
      items: [{ exportName: "late@contoso.example", importName: "late@fabrikam.example" }],
    });
    const refused = await confirmWithToken(client, "start_migration", {
      configurationId: fresh,
      mode: "StartMigration",
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("The licence expired on");
    const preview = await callTool(client, "start_migration", {
      configurationId: fresh,
      mode: "StartMigration",
    });
    expect(textOf(preview)).toContain("pre-flight BLOCKED by licences (The licence is expired");
    // A delta re-run of users already licensed needs none.
    const rerun = await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    expect(structuredOf(rerun)).toMatchObject({ status: "done" });
  });

  it("names an unknown project", async () => {
    await start();
    const result = await callTool(await env.connect(), "get_license", { projectId: "nope" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("nope");
  });
});

describe("notifications", () => {
  type Listed = {
    notifications: Array<{ id: number; type: string; title: string; configurationId: string | null }>;
    unreadCount: number;
    totalResults: number;
    nextCursor?: string;
  };

  it("raises one when a run completes and one when a run is stopped; marks them read", async () => {
    await start();
    const client = await env.connect();
    const configurationId = demo().configurationId;
    // The demo's pilot completed two days ago, with problems: the one notification so far.
    const earlier = structuredOf<Listed>(await callTool(client, "list_notifications")).notifications;
    expect(earlier.map((n) => [n.type, n.title, n.configurationId])).toEqual([
      ["Warning", "Migration completed with problems", demo().pilotConfigurationId],
    ]);
    await runBatchToEnd(env, client, configurationId);
    const done = structuredOf<Listed>(await callTool(client, "list_notifications"));
    expect(done.notifications).toHaveLength(2);
    const [completed] = done.notifications;
    // Seed 42 fails a few users, so the run completes with problems.
    expect(completed).toMatchObject({
      type: "Warning",
      title: "Migration completed with problems",
      configurationId,
    });
    expect(env.sim.state.batches.get(configurationId)?.run.state).toBe("Completed");

    await confirmWithToken(client, "start_migration", { configurationId, mode: "StartMigration" });
    env.sim.clock.advance(2_500);
    await confirmWithToken(client, "stop_migration", { configurationId });
    const both = structuredOf<Listed>(await callTool(client, "list_notifications", { unreadOnly: true }));
    expect(both.notifications.map((n) => [n.type, n.title, n.configurationId])).toEqual([
      ["Info", "Migration stopped", configurationId],
      ["Warning", "Migration completed with problems", configurationId],
      ["Warning", "Migration completed with problems", demo().pilotConfigurationId],
    ]);
    expect(both.unreadCount).toBe(3);

    const marked = structuredOf(
      await callTool(client, "mark_notifications_read", { notificationIds: [completed!.id] }),
    );
    expect(marked).toEqual({ updated: 1, unreadCount: 2 });
    const unread = structuredOf<Listed>(
      await callTool(client, "list_notifications", { unreadOnly: true, pageSize: 1 }),
    );
    expect(unread.notifications.map((n) => n.title)).toEqual(["Migration stopped"]);
    expect(structuredOf(await callTool(client, "mark_notifications_read", { all: true }))).toEqual({
      updated: 2,
      unreadCount: 0,
    });
  });

  /** Notifications raised upstream as runs end, one simulated minute apart; their ids. */
  function raise(count: number): number[] {
    const { notifications } = env.sim.state;
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = notifications.length + 1;
      notifications.push({
        id,
        date: env.sim.clock.now() + id * 60_000,
        title: `Run ${id} ended`,
        type: "Info",
        message: "m",
        configurationId: null,
        projectId: null,
        isRead: false,
      });
      ids.push(id);
    }
    return ids;
  }

  /** Newest first: what was raised, then what the tenant had (the demo's pilot, two days ago). */
  const newestFirst = (raised: number[], earlier: number[]) => [...earlier, ...raised].reverse();

  async function pageThrough(
    client: Awaited<ReturnType<InProcess["connect"]>>,
    args: Record<string, unknown>,
    between: (seen: number[]) => Promise<void> | void = () => undefined,
  ): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 1; page < 20; page++) {
      const listed = structuredOf<Listed>(
        await callTool(client, "list_notifications", { ...args, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...listed.notifications.map((n) => n.id));
      cursor = listed.nextCursor;
      if (!cursor) return seen;
      await between(seen);
    }
    throw new Error("never reached the last page");
  }

  it("pages newest first without repeating one when new ones arrive between pages", async () => {
    await start();
    const client = await env.connect();
    const earlier = env.sim.state.notifications.map((n) => n.id);
    const raised = raise(10);
    const seen = await pageThrough(client, { pageSize: 3 }, () => void raise(2));
    // Each of the ten is shown once, newest first; those raised while paging are for a fresh listing.
    expect(seen).toEqual(newestFirst(raised, earlier));
    expect(raised).toHaveLength(10);
  });

  it("skips none of the unread when each page is marked read before the next", async () => {
    await start();
    const client = await env.connect();
    const earlier = env.sim.state.notifications.filter((n) => !n.isRead).map((n) => n.id);
    const raised = raise(10);
    const seen = await pageThrough(client, { unreadOnly: true, pageSize: 3 }, async (shown) => {
      await callTool(client, "mark_notifications_read", { notificationIds: shown });
    });
    expect(seen).toEqual(newestFirst(raised, earlier));
  });

  it("raises an Error when the volume cap stops a run", async () => {
    await start({ volumeCapBytes: 200_000_000 });
    const client = await env.connect();
    await runBatchToEnd(env, client, demo().configurationId);
    const listed = structuredOf<Listed>(await callTool(client, "list_notifications"));
    // The pilot's completion two days ago, then this run stopped at the cap.
    expect(listed.notifications.map((n) => [n.type, n.title, n.configurationId])).toEqual([
      ["Error", "Volume cap reached", demo().configurationId],
      ["Warning", "Migration completed with problems", demo().pilotConfigurationId],
    ]);
  });

  it("pages newest first with a cursor", async () => {
    await start();
    const client = await env.connect();
    const { notifications } = env.sim.state;
    // After the demo's pilot's one notification (two days old, unread).
    expect(notifications).toHaveLength(1);
    for (const n of [1, 2, 3]) {
      notifications.push({
        id: notifications.length + 1,
        date: env.sim.clock.now() + n * 1_000,
        title: `Note ${n}`,
        type: "Info",
        message: `Message ${n}`,
        configurationId: null,
        projectId: null,
        isRead: n === 1,
      });
    }
    const page1 = structuredOf<Listed>(await callTool(client, "list_notifications", { pageSize: 2 }));
    expect(page1.notifications.map((n) => n.title)).toEqual(["Note 3", "Note 2"]);
    expect(page1).toMatchObject({ totalResults: 4, unreadCount: 3 });
    expect(page1.nextCursor).toBeDefined();
    const page2 = structuredOf<Listed>(
      await callTool(client, "list_notifications", { pageSize: 2, cursor: page1.nextCursor }),
    );
    expect(page2.notifications.map((n) => n.title)).toEqual(["Note 1", "Migration completed with problems"]);
    expect(page2.nextCursor).toBeUndefined();
  });

  it("names bad arguments", async () => {
    await start();
    const client = await env.connect();
    const neither = await callTool(client, "mark_notifications_read", {});
    expect(neither.isError).toBe(true);
    expect(textOf(neither)).toContain("notificationIds");
    const unknown = await callTool(client, "mark_notifications_read", { notificationIds: [42] });
    expect(textOf(unknown)).toContain("42");
    const cursor = await callTool(client, "list_notifications", { cursor: "x" });
    expect(textOf(cursor)).toContain("cursor");
  });
});

describe("migration server fleet", () => {
  const servers = async (client: Awaited<ReturnType<InProcess["connect"]>>) =>
    structuredOf<{ servers: ServerOut[] }>(await callTool(client, "list_migration_servers")).servers;

  it("counts running items per server, holds items back while every server drains, and restarts to update", async () => {
    await start();
    const client = await env.connect();
    const configurationId = demo().configurationId;
    expect((await servers(client)).map((s) => [s.machineName, s.status, s.numberOfRunningTasks])).toEqual([
      ["MIGSVR-01", "Ok", 0],
      ["MIGSVR-02", "Ok", 0],
      ["MIGSVR-03", "VersionDoesNotMatch", 0],
    ]);
    await confirmWithToken(client, "start_migration", { configurationId, mode: "StartMigration" });
    env.sim.clock.advance(2_500);
    const busy = await servers(client);
    const batch = env.sim.state.batches.get(configurationId)!;
    for (const s of busy) {
      const running = batch.run.running.filter((id) => batch.items.get(id)?.server === s.machineName).length;
      expect(s.numberOfRunningTasks, s.machineName).toBe(running);
    }
    expect(busy.reduce((n, s) => n + s.numberOfRunningTasks, 0)).toBe(10);

    const refused = await confirmWithToken(client, "change_migration_server_state", {
      machineName: "MIGSVR-01",
      action: "Stop",
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("Drain");

    for (const machineName of ["MIGSVR-01", "MIGSVR-02", "MIGSVR-03"]) {
      const drained = await confirmWithToken(client, "change_migration_server_state", {
        machineName,
        action: "Drain",
      });
      expect(structuredOf(drained)).toMatchObject({ status: "done", server: { acceptingTasks: false } });
    }
    env.sim.clock.advance(24 * HOUR);
    const idle = await servers(client);
    expect(idle.map((s) => s.numberOfRunningTasks)).toEqual([0, 0, 0]);
    expect(idle.map((s) => s.status)).toEqual(["Warn", "Warn", "VersionDoesNotMatch"]);
    // Nothing runs, nothing new starts: the rest of the batch waits for a server.
    expect(batch.run.state).toBe("Running");
    expect(batch.run.running).toEqual([]);
    const waiting = batch.run.queue.length;
    expect(waiting).toBeGreaterThan(0);
    expect([...batch.items.values()].filter((i) => i.state === "Waiting")).toHaveLength(waiting);

    await confirmWithToken(client, "change_migration_server_state", {
      machineName: "MIGSVR-02",
      action: "Start",
    });
    const resumed = await servers(client);
    expect(resumed.map((s) => s.numberOfRunningTasks)).toEqual([0, Math.min(10, waiting), 0]);

    const restarted = await confirmWithToken(client, "change_migration_server_state", {
      machineName: "migsvr-03",
      action: "Restart",
    });
    expect(structuredOf(restarted)).toMatchObject({
      server: { machineName: "MIGSVR-03", status: "Ok", uptime: "00:00:00" },
    });
    env.sim.clock.advance(24 * HOUR);
    await servers(client);
    expect(batch.run.state).toBe("Completed");
  });

  it("changes nothing when a state change is declined", async () => {
    await start();
    const before = structuredClone([...env.sim.state.servers.values()]);
    const human = await env.connect("human", () => decline());
    const result = await callTool(human, "change_migration_server_state", {
      machineName: "MIGSVR-02",
      action: "Stop",
    });
    expect(result.structuredContent).toMatchObject({ status: "declined" });
    expect([...env.sim.state.servers.values()]).toEqual(before);
  });

  it("names bad arguments", async () => {
    await start();
    const client = await env.connect();
    const unknown = await callTool(client, "change_migration_server_state", {
      machineName: "MIGSVR-09",
      action: "Stop",
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain("machineName");
    expect(textOf(unknown)).toContain("MIGSVR-01");
    const action = await callTool(client, "change_migration_server_state", {
      machineName: "MIGSVR-01",
      action: "Reboot",
    });
    expect(textOf(action)).toContain("action");
    const upstream = await new AdminApi(env.cloudm)
      .changeServerState("MIGSVR-09", "Drain")
      .catch((e: unknown) => e);
    expect((upstream as ApiError).status).toBe(404);
  });
});

describe("service writes the instance answered 2xx without a body", () => {
  it("mark_notifications_read on a 204: marked, what is still unread read back", async () => {
    await start();
    const client = await env.connect();
    for (const id of [1, 2])
      env.sim.state.notifications.push({
        id,
        date: env.sim.clock.now() + id * 1_000,
        title: `Note ${id}`,
        type: "Info",
        message: "m",
        configurationId: null,
        projectId: null,
        isRead: false,
      });
    answerNextWithoutBody(env.sim, "POST", "/api/Notification/mark-read", 204);
    const result = await callTool(client, "mark_notifications_read", { all: true });
    const out = structuredOf<{ updated?: number; unreadCount: number; note: string }>(result);
    expect(out.updated).toBeUndefined();
    expect(out.unreadCount).toBe(0);
    expect(out.note).toContain("how many were marked read");
    expect(textOf(result)).toContain("Marked read (the instance did not say how many it changed); 0 unread.");
    expect(env.sim.state.notifications.every((n) => n.isRead)).toBe(true);
    expect(env.sim.countRequests("POST /api/Notification/mark-read")).toBe(1);
  });

  it("change_migration_server_state on a 204: done, the server as the fleet lists it now", async () => {
    await start();
    const client = await env.connect();
    answerNextWithoutBody(env.sim, "POST", "/api/ServiceManager/change-state", 204);
    const result = await confirmWithToken(client, "change_migration_server_state", {
      machineName: "MIGSVR-01",
      action: "Drain",
    });
    expect(structuredOf(result)).toMatchObject({
      status: "done",
      server: { machineName: "MIGSVR-01", status: "Warn", acceptingTasks: false },
    });
    expect(textOf(result)).toContain("Drain done. MIGSVR-01: Warn");
    expect(env.sim.state.servers.get("MIGSVR-01")?.state).toBe("Draining");
  });
});
