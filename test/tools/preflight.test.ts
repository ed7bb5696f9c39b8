/**
 * The pre-flight (src/tools/preflight.ts, src/insight/preflight*.ts): preflight_batch and the verdict
 * start_migration's preview carries, on every simulator profile, through a real SDK client, each
 * answer held against the simulator's own state.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { ElicitRequest } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CONNECTION_TEST_REUSE_MS } from "../../src/insight/connection-test.js";
import type { CloudMProfile } from "../../src/simulator/cloudm/context.js";
import type { CloudMSimulatorOptions } from "../../src/simulator/cloudm/server.js";
import { userFootprint } from "../../src/simulator/cloudm/seed.js";
import { created, userItem } from "../helpers/cloudm.js";
import {
  accept,
  callOk,
  callTool,
  decline,
  finishRun,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";
import { PROFILES } from "../helpers/truth.js";

interface CheckOut {
  check: string;
  status: string;
  found: string;
  action?: string;
  figures?: Record<string, unknown>;
}
interface PreflightOut {
  configurationId: string;
  verdict: string;
  checks: CheckOut[];
  checkedAt: string;
}

/** Users the simulator finds at the destination: CheckUsersOnly passes them all (asserted below). */
const FINE_USERS = ["amara.adams", "ben.bauer", "chloe.chen"];

let env: InProcess | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await env?.close();
  env = undefined;
});

/** A fresh demo tenant; its clock runs 100 times faster, so a 3 s connection test takes 30 ms. */
async function start(profile: CloudMProfile, simulator: CloudMSimulatorOptions = {}) {
  env = await startInProcess({ simulator: { profile, clockSpeed: 100, ...simulator } });
  return env;
}

const preflight = async (client: Client, configurationId: string) =>
  callOk<PreflightOut>(client, "preflight_batch", { configurationId });

const checkOf = (p: PreflightOut, name: string): CheckOut => {
  const found = p.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(p.checks)}`);
  return found;
};

const statuses = (p: PreflightOut) => Object.fromEntries(p.checks.map((c) => [c.check, c.status]));

/**
 * A batch in the demo project whose users all exist at the destination, checked by CheckUsersOnly,
 * with the demo destination given a test user (else its connection test warns): nothing to flag.
 */
async function fineBatch(e: InProcess): Promise<string> {
  const demo = e.sim.demo!;
  const destination = e.sim.state.connections.get(demo.destinationConnectionId)!;
  destination.settings.testUsername = "amara.adams@fabrikam.example";
  const batch = created(
    await e.cloudm.createBatch({
      projectId: demo.projectId,
      batchName: "Fine",
      sourceConnectionId: demo.sourceConnectionId,
      destinationConnectionId: demo.destinationConnectionId,
      migrationItemsBatchType: 0,
      tags: "",
    }),
  );
  for (const user of FINE_USERS)
    await e.cloudm.addMigrationItem(
      userItem(batch.configurationId, `${user}@contoso.example`, `${user}@fabrikam.example`),
    );
  await e.cloudm.startMigration(batch.configurationId, "CheckUsersOnly");
  await finishRun(e, batch.configurationId);
  const items = [...e.sim.state.batches.get(batch.configurationId)!.items.values()];
  expect(
    items.map((i) => i.state),
    "the simulator should find every FINE_USERS destination",
  ).toEqual(FINE_USERS.map(() => "Success"));
  return batch.configurationId;
}

/** Everything a write could change in the simulated tenant (probes' own records left out). */
function tenant(e: InProcess) {
  const s = e.sim.state;
  return structuredClone({
    connections: s.connections,
    projects: s.projects,
    batches: s.batches,
    schedules: s.schedules,
    scans: s.scans,
    licensedUsers: s.licensedUsers,
    licence: s.licence,
    importedBytes: s.importedBytes,
    domainMappings: s.domainMappings,
    admins: [...s.admins, ...s.inactiveAdmins],
    notifications: s.notifications,
    servers: s.servers,
  });
}

const posts = (e: InProcess, from: number) => e.sim.requests.slice(from).filter((r) => r.method === "POST");
const testStarts = (e: InProcess) =>
  e.sim.requests.filter((r) => r.method === "POST" && /\/TestConnection\/start$/i.test(r.path)).length;

describe.each(PROFILES)("preflight_batch on the %s profile", (profile) => {
  const servesGroups = profile !== "guide";

  it("blocks a batch over its licence with the shortfall in numbers, in preflight_batch and in start_migration's preview", async () => {
    const e = await start(profile, { licenceCount: 10 });
    const asked: string[] = [];
    const client = await e.connect("human", (request: ElicitRequest) => {
      asked.push(request.params.message);
      return decline();
    });
    const { configurationId } = e.sim.demo!;
    const result = await preflight(client, configurationId);
    const licences = checkOf(result, "licences");
    if (!servesGroups) {
      // No licence route on the guide profile: the check says so, and the verdict cannot be "ready".
      expect(licences.status).toBe("unknown");
      expect(licences.found).toContain("could not be read");
      expect(result.verdict).not.toBe("ready");
      return;
    }
    // The simulator's own figures: every demo user still needs a licence, and what the tenant has left.
    const batch = e.sim.state.batches.get(configurationId)!;
    const needs = [...batch.items.values()].filter((i) => i.migrate).length;
    const available = e.sim.state.licencesAvailable;
    expect([needs, available]).toEqual([30, 10]);
    const shortfall = `needs ${needs} new user licences, ${available} available: ${needs - available} short`;
    expect(result.verdict).toBe("blocked");
    expect(licences).toMatchObject({
      status: "blocked",
      figures: { needsAtMost: 30, available: 10, short: 20 },
    });
    expect(licences.found).toContain(shortfall);
    expect(licences.found).toContain("upper bound");
    // CloudM's own readiness checks count the licences too.
    expect(checkOf(result, "readiness").status).toBe("blocked");

    // The preview carries the verdict of a moment ago: nothing is tested again for it.
    const requests = e.sim.requests.length;
    const declined = await callTool(client, "start_migration", { configurationId, mode: "StartMigration" });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/pre-flight BLOCKED by .*licences \(needs 30/);
    expect(asked[0]).toContain(shortfall);
    expect(asked[0]).toContain("a recent pre-flight");
    expect(posts(e, requests)).toEqual([]);
    expect(batch.run.state).toBe("None");
  });

  it("finds a batch that is fine ready, or on the guide profile ready with warnings for what it cannot read", async () => {
    const e = await start(profile);
    const asked: string[] = [];
    const client = await e.connect("human", (request: ElicitRequest) => {
      asked.push(request.params.message);
      return decline();
    });
    const configurationId = await fineBatch(e);
    // With no verdict yet, start_migration's preview runs the pre-flight; preflight_batch then reuses its tests.
    await callTool(client, "start_migration", { configurationId, mode: "StartMigration" });
    expect(asked[0]).toContain(
      ` — pre-flight ${servesGroups ? "READY\n" : "READY WITH WARNINGS (3 unknown)"}`,
    );
    expect(testStarts(e)).toBe(2);
    const result = await preflight(client, configurationId);
    expect(testStarts(e)).toBe(2);
    if (servesGroups) {
      expect(statuses(result)).toEqual({
        connections: "ok",
        readiness: "ok",
        licences: "ok",
        "volume cap": "ok",
        items: "ok",
        // No scan and no measured run yet: said, and weighing nothing.
        estimate: "unknown",
      });
      expect(result.verdict).toBe("ready");
      expect(checkOf(result, "licences").figures).toMatchObject({
        needsAtMost: FINE_USERS.length,
        available: e.sim.state.licencesAvailable,
      });
    } else {
      // The guide's test answer says only "completed"; it serves no readiness or licence route.
      expect(statuses(result)).toMatchObject({
        connections: "unknown",
        readiness: "unknown",
        licences: "unknown",
        "volume cap": "ok",
        items: "ok",
      });
      expect(result.verdict).toBe("ready with warnings");
      expect(checkOf(result, "connections").found).toContain("does not say whether it passed");
    }
    // The demo's pilot ran before: on the full profile its statistics say it was a StartMigration, so
    // its rate is measured; CloudM's own model (aspnet) and the guide's shape do not say the mode.
    if (profile === "full") expect(checkOf(result, "estimate").found).toContain("No environment scan report");
    else expect(checkOf(result, "estimate").found).toContain("No duration");
    expect(textOf(await callTool(client, "preflight_batch", { configurationId })).split("\n")[0]).toBe(
      `Pre-flight of batch "Fine": ${servesGroups ? "READY" : "READY WITH WARNINGS (3 unknown)"}.`,
    );
  });

  it("reuses a connection test of the last few minutes, and tests again after that", async () => {
    const e = await start(profile);
    const client = await e.connect();
    const configurationId = await fineBatch(e);
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    await preflight(client, configurationId);
    expect(testStarts(e)).toBe(2);
    const again = await preflight(client, configurationId);
    expect(testStarts(e), "within the window").toBe(2);
    expect(checkOf(again, "connections").found).toMatch(
      /passed its test under a minute ago|completed under a minute ago/,
    );
    vi.setSystemTime(Date.now() + CONNECTION_TEST_REUSE_MS + 1_000);
    await preflight(client, configurationId);
    expect(testStarts(e), "after the window").toBe(4);
  });

  it("writes nothing upstream: the only POSTs start connection tests and readiness checks", async () => {
    const e = await start(profile, { licenceCount: 10 });
    const client = await e.connect();
    const configurationId = await fineBatch(e);
    const before = tenant(e);
    const from = e.sim.requests.length;
    await preflight(client, configurationId);
    await preflight(client, e.sim.demo!.configurationId);
    expect(tenant(e)).toEqual(before);
    const probes = posts(e, from).filter((r) => !/\/Account\/login$/i.test(r.path));
    expect(probes.length).toBeGreaterThan(0);
    // Each profile's own route: aspnet runs readiness at run-readiness-checks.
    for (const post of probes)
      expect(post.path).toMatch(
        /\/(TestConnection\/start|MigrationReadiness\/(start|run-readiness-checks))$/i,
      );
  });
});

describe.each(PROFILES.filter((p) => p !== "guide"))(
  "what preflight_batch reads on the %s profile",
  (profile) => {
    it("names the destinations a CheckUsersOnly run found missing, and blocks", async () => {
      const e = await start(profile);
      const client = await e.connect();
      const { configurationId } = e.sim.demo!;
      await e.cloudm.startMigration(configurationId, "CheckUsersOnly");
      await finishRun(e, configurationId);
      const missing = [...e.sim.state.batches.get(configurationId)!.items.values()]
        .filter((i) => i.state === "Failed" && i.failures.some((f) => f.failure.code === "UserNotFound"))
        .map((i) => i.importName);
      expect(missing.length, "the demo batch has destinations the simulator does not know").toBeGreaterThan(
        0,
      );
      const items = checkOf(await preflight(client, configurationId), "items");
      expect(items.status).toBe("blocked");
      expect(items.figures).toMatchObject({ missingAccounts: missing.length, neverChecked: 0 });
      for (const name of missing) expect(items.found).toContain(JSON.stringify(name));
      expect(items.action).toContain("CheckUsersOnly");
    });

    it("blocks two users migrating into one destination, and suggests CheckUsersOnly for unchecked users", async () => {
      const e = await start(profile);
      const client = await e.connect();
      const { configurationId } = e.sim.demo!;
      const taken = [...e.sim.state.batches.get(configurationId)!.items.values()][0]!.importName;
      await e.cloudm.addMigrationItem(
        userItem(configurationId, "extra@contoso.example", taken.toUpperCase()),
      );
      const items = checkOf(await preflight(client, configurationId), "items");
      expect(items.status).toBe("blocked");
      expect(items.figures).toMatchObject({ users: 31, duplicateDestinations: 1, neverChecked: 31 });
      expect(items.found).toContain(JSON.stringify(taken));
      expect(items.action).toContain("own importName");
      expect(items.action).toContain("mode CheckUsersOnly");
    });

    it("takes test_connection's results as its own, and tests a connection again once update_connection changed it", async () => {
      const e = await start(profile);
      const client = await e.connect("human", () => accept());
      const configurationId = await fineBatch(e);
      const { sourceConnectionId, destinationConnectionId } = e.sim.demo!;
      for (const connectionId of [sourceConnectionId, destinationConnectionId])
        await callOk(client, "test_connection", { connectionId });
      expect(testStarts(e)).toBe(2);
      await preflight(client, configurationId);
      expect(testStarts(e), "test_connection's results stand").toBe(2);
      await callOk(client, "update_connection", { connectionId: destinationConnectionId, name: "Renamed" });
      const after = await preflight(client, configurationId);
      expect(testStarts(e), "only the changed connection is tested again").toBe(3);
      expect(checkOf(after, "connections").found).toContain('The destination #2 "Renamed" passed its test.');
    });

    it("blocks a batch whose tenant reached its volume cap", async () => {
      const e = await start(profile, { volumeCapBytes: 1_000 });
      const client = await e.connect();
      e.sim.state.importedBytes = 1_000;
      const cap = checkOf(await preflight(client, e.sim.demo!.configurationId), "volume cap");
      expect(cap).toMatchObject({ status: "blocked", figures: { isOver: true } });
    });

    it("estimates the volume from the scan and the duration from a run the instance measured", async () => {
      const e = await start(profile);
      const client = await e.connect();
      const demo = e.sim.demo!;
      const configurationId = await fineBatch(e);
      await e.cloudm.scans.start({ projectId: demo.projectId, scanType: "AllItems", sourceOption: "Both" });
      await e.cloudm.startMigration(demo.configurationId, "StartMigration");
      await finishRun(e, demo.configurationId);
      const estimate = checkOf(await preflight(client, configurationId), "estimate");
      const bytes = FINE_USERS.reduce((sum, user) => {
        const f = userFootprint(e.sim.state.seed, `${user}@contoso.example`);
        return sum + f.mailboxSizeBytes + f.driveSizeBytes;
      }, 0);
      expect(estimate.status).toBe("ok");
      expect(estimate.figures).toMatchObject({ scannedUsers: FINE_USERS.length, bytes });
      const ran = [demo.pilotConfigurationId, demo.configurationId].map((id) => e.sim.state.batches.get(id)!);
      const moved = (batch: (typeof ran)[number]) =>
        [...batch.items.values()].reduce(
          (sum, i) => sum + Object.values(i.totals).reduce((s, c) => s + (c?.sizeImportedBytes ?? 0), 0),
          0,
        );
      if (profile === "full") {
        // The pilot's and the demo batch's StartMigration: their bytes over their time, as the simulator ran them.
        const hours = ran.reduce((sum, b) => sum + (b.run.endedAt! - b.run.startedAt!) / 3_600_000, 0);
        const bytes = ran.reduce((sum, b) => sum + moved(b), 0);
        // Within a thousandth: the statistics give the runs' times to the second, the state to the millisecond.
        expect(Math.abs(Number(estimate.figures?.bytesPerHour) / (bytes / hours) - 1)).toBeLessThan(0.001);
        expect(estimate.figures?.measuredRuns).toBe(2);
        expect(estimate.found).toMatch(/about [\d.]+ (minutes?|hours|days)/);
      } else {
        // CloudM's statistics model does not say which mode the last run had: no rate is claimed.
        expect(estimate.figures?.bytesPerHour).toBeUndefined();
        expect(estimate.found).toContain("No duration");
      }
    });
  },
);
