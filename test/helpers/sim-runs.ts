/**
 * Runs and statistics of the CloudM simulator over plain HTTP, on any profile: start a run, push the
 * stopped clock past its end, and read each profile's get-statistics answer as the same few facts
 * (per-user rows with their failures, the latest run's throughput), so one test can hold every
 * profile against the simulator's own state.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, expect } from "vitest";
import type { CloudMProfile } from "../../src/simulator/cloudm/context.js";
import type { SimBatch } from "../../src/simulator/cloudm/model.js";
import { type CloudMSimulator, startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import type { ItemFailure } from "../../src/simulator/cloudm/wire/statistics.js";
import { http, type Reply, signIn } from "./aspnet.js";

const RUNS = "/api/ConnectionBatchesProgress";
const DAY = 86_400_000;

export interface Row {
  exportName: string;
  failures: ItemFailure[];
  /** The aspnet profile's free-text last error. */
  status?: string;
}

export interface SimSession {
  sim: CloudMSimulator;
  token: string;
  send: (method: string, path: string, json?: unknown) => Promise<Reply>;
}

/** A demo-tenant simulator of the profile with its clock stopped, and a signed-in sender. */
export async function demoSession(profile: CloudMProfile, options = {}): Promise<SimSession> {
  const sim = await startCloudMSimulator({ seed: 42, clockSpeed: 0, tenant: "demo", profile, ...options });
  const token = await signIn(sim);
  return {
    sim,
    token,
    send: (method, path, json) => http(sim, method, path, json === undefined ? { token } : { token, json }),
  };
}

/** A demo session for the enclosing describe: started before its tests, closed after them. */
export function demoSessionPerSuite(profile: CloudMProfile, options = {}): () => SimSession {
  let session: SimSession | undefined;
  beforeAll(async () => {
    session = await demoSession(profile, options);
  });
  afterAll(() => session?.sim.close());
  return () => {
    if (!session) throw new Error("the suite's simulator has not started");
    return session;
  };
}

/** Starts a run; the reply (200 or 202 when it started, 409 with the reason when refused). */
export function start(session: SimSession, configurationId: string, mode: string): Promise<Reply> {
  return session.send("POST", `${RUNS}/start-migration`, { configurationId, mode });
}

/**
 * Starts a run over plain HTTP, moves the clock a simulated day on, past its end, and checks it
 * completed: for tests of the simulator itself, on any profile. A test of the server runs one through
 * its tool (runBatchToEnd in in-process.ts); a test of the CloudM client follows one it started
 * (followToEnd in cloudm.ts).
 */
export async function runToEnd(session: SimSession, configurationId: string, mode: string): Promise<void> {
  const reply = await start(session, configurationId, mode);
  expect([200, 202], reply.text).toContain(reply.status);
  session.sim.clock.advance(DAY);
  expect((await statistics(session, configurationId)).status).toBe(200);
  expect(session.sim.state.batches.get(configurationId)?.run.state).toBe("Completed");
}

export async function statistics(session: SimSession, configurationId: string): Promise<Reply> {
  return session.send("GET", `${RUNS}/get-statistics?configurationId=${configurationId}`);
}

type Json = Record<string, unknown>;
const list = (value: unknown) => (Array.isArray(value) ? (value as Json[]) : []);
/** A row's failure in the full profile's shape: the aspnet profile's `detailedType`, its null `details` as none. */
const failure = (f: Json): ItemFailure => ({
  type: String(f.type ?? f.detailedType),
  code: String(f.code),
  reason: String(f.reason),
  details: (f.details ?? undefined) as string | undefined,
});

/** The per-user rows of a get-statistics answer, as each profile shapes them. */
export function rowsOf(profile: CloudMProfile, body: unknown): Row[] {
  const json = body as Json;
  switch (profile) {
    case "full":
      return list(json.items).map((i) => ({
        exportName: String(i.exportName),
        failures: list(i.failures).map(failure),
      }));
    case "guide":
      return list(json.itemStatistics).map((i) => ({
        exportName: String(i.exportName),
        failures: list(i.failures).map(failure),
      }));
    case "aspnet":
      return list((json.value as Json).aaData).map((i) => ({
        exportName: String(i.userExportName),
        failures: list(i.failures).map(failure),
        status: String(i.status),
      }));
  }
}

/** The latest run's items imported per hour, as each profile states it. */
export function throughputOf(profile: CloudMProfile, body: unknown): number {
  const json = body as Json;
  switch (profile) {
    case "full":
      return (json.summary as Json).throughputItemsPerHour as number;
    case "guide":
      return (json.totalStatistics as Json).throughputItemsPerHour as number;
    case "aspnet": {
      const data = (json.value as Json).totalMigrationData as Json;
      return ((data.totalStatistics as Json).summary as Json).averageThroughput as number;
    }
  }
}

/** A batch's users as the simulator counts them: done (Success or Warning), failed, and what is left. */
export function usersOf(batch: SimBatch) {
  const items = [...batch.items.values()];
  const failed = items.filter((i) => i.state === "Failed").length;
  const done = items.filter((i) => i.state === "Success" || i.state === "Warning").length;
  return { total: items.length, done, failed, remaining: items.length - done - failed };
}

/** The statistics reads the simulator has answered: what open dashboards must not multiply. */
export const statisticsReads = (sim: CloudMSimulator) =>
  sim.requests.filter((r) => /statistic/i.test(r.route)).length;

/** The simulator's own failures of a batch, one per recorded failure. */
export function recordedFailures(batch: SimBatch) {
  return [...batch.items.values()].flatMap((item) => item.failures.map((f) => ({ item, ...f })));
}

/** The ItemFailures report of a batch, generated and downloaded as a client would. */
export async function itemFailuresReport(session: SimSession, configurationId: string): Promise<string[][]> {
  const generated = await session.send("POST", `${RUNS}/generate-report`, { configurationId });
  expect([200, 202], generated.text).toContain(generated.status);
  session.sim.clock.advance(10_000);
  const csv = await session.send(
    "GET",
    `${RUNS}/download-report?configurationId=${configurationId}&reportType=ItemFailures`,
  );
  expect(csv.status, csv.text).toBe(200);
  return (parse(csv.text) as string[][]).slice(1);
}
