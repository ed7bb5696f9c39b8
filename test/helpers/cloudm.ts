/**
 * Starts the CloudM Migrate simulator and builds real clients against it over HTTP. Every client made
 * here is closed with the harness, so a test only has to close the harness.
 */
import { pino } from "pino";
import { CloudMClient, type CloudMClientOptions, type Written } from "../../src/api/cloudm/client.js";
import { type PlatformKey, platformInfo } from "../../src/api/cloudm/platforms.js";
import type { ConnectionTestRecord } from "../../src/api/cloudm/schemas/index.js";
import {
  type CloudMSimulator,
  type CloudMSimulatorOptions,
  startCloudMSimulator,
} from "../../src/simulator/cloudm/server.js";
import { type BatchStatistics, batchStatistics } from "../../src/simulator/cloudm/wire/statistics.js";

export const silentLogger = pino({ level: "silent" });

/** Retries fast enough for tests, still exercising the retry path. */
export const FAST_RETRY = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 } as const;

export type ClientOverrides = Partial<Omit<CloudMClientOptions, "baseUrl" | "logger">>;

export interface CloudMHarness {
  sim: CloudMSimulator;
  /** A client signed in with the simulator's demo admin (lazily: it logs in on its first call). */
  client: CloudMClient;
  /** Another client against the same simulator, with its own token and connection pool. */
  newClient: (overrides?: ClientOverrides) => CloudMClient;
  close: () => Promise<void>;
}

export async function startCloudM(
  options: { simulator?: CloudMSimulatorOptions; client?: ClientOverrides } = {},
): Promise<CloudMHarness> {
  const sim = await startCloudMSimulator({ seed: 42, ...options.simulator });
  const clients: CloudMClient[] = [];
  const newClient = (overrides: ClientOverrides = {}): CloudMClient => {
    const client = new CloudMClient({
      baseUrl: sim.url,
      logger: silentLogger,
      credentials: { kind: "password", ...sim.credentials },
      retry: FAST_RETRY,
      // Request counts stay those of the calls a test makes; calibration has its own tests.
      calibrate: false,
      ...overrides,
    });
    clients.push(client);
    return client;
  };
  const client = newClient(options.client);
  return {
    sim,
    client,
    newClient,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** The next `method` request under `pathPrefix` is handled, then answered `status` with no body at all. */
export function answerNextWithoutBody(
  sim: CloudMSimulator,
  method: string,
  pathPrefix: string,
  status: 201 | 202 | 204,
): void {
  sim.faults.enqueue({ kind: "empty_body", method, pathPrefix, afterHandler: true, status });
}

/** Settings with every field the platform requires; `domainName` is a reachable example domain. */
export function settingsFor(
  platform: PlatformKey,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of platformInfo(platform).requiredSettings) settings[field] = `${field}-value`;
  if ("domainName" in settings) settings.domainName = `${platform.toLowerCase()}.example`;
  return { ...settings, ...overrides };
}

const TERMINAL_RUN_STATES = new Set(["Completed", "Stopped", "Error"]);

/**
 * The simulator's full statistics, strictly parsed: for tests of the simulated engine itself (the
 * client's own reader keeps only what tools use).
 */
export async function fullStatistics(
  client: CloudMClient,
  configurationId: string,
): Promise<BatchStatistics> {
  return batchStatistics.parse(
    await client.read({ operation: "getStatistics", params: { configurationId } }),
  );
}

/**
 * Follows a run the test started with the CloudM client: moves simulated time forward in steps until
 * the run reaches a terminal state, and returns the final statistics, strictly parsed. Fails if it
 * does not finish within `maxSimulatedMs`. For tests of the client and of the engine through it; a
 * test of the server runs one through its tool (runBatchToEnd in in-process.ts), a test of the
 * simulator's profiles over plain HTTP (runToEnd in sim-runs.ts).
 */
export async function followToEnd(
  harness: Pick<CloudMHarness, "sim" | "client">,
  configurationId: string,
  { stepMs = 60_000, maxSimulatedMs = 6 * 3_600_000 } = {},
): Promise<BatchStatistics> {
  for (let elapsed = 0; elapsed <= maxSimulatedMs; elapsed += stepMs) {
    const stats = await fullStatistics(harness.client, configurationId);
    if (TERMINAL_RUN_STATES.has(stats.state)) return stats;
    harness.sim.clock.advance(stepMs);
  }
  throw new Error(`batch ${configurationId} did not finish within ${maxSimulatedMs} simulated ms`);
}

/** Polls a connection test, moving simulated time forward between polls, until it completes. */
export async function runConnectionTest(
  harness: Pick<CloudMHarness, "sim" | "client">,
  connectionId: number,
  { stepMs = 1_000, maxPolls = 20 } = {},
): Promise<{ testId: string; polls: ConnectionTestRecord[] }> {
  const testId = await harness.client.startConnectionTest(connectionId);
  const polls: ConnectionTestRecord[] = [];
  for (let i = 0; i < maxPolls; i++) {
    const status = await harness.client.getConnectionTest(testId);
    polls.push(status);
    if (status.completed || status.testNotFound) return { testId, polls };
    harness.sim.clock.advance(stepMs);
  }
  throw new Error(`connection test ${testId} did not complete after ${maxPolls} polls`);
}

export interface MigrationSetup {
  sourceConnectionId: number;
  destinationConnectionId: number;
  projectId: string;
  configurationId: string;
}

/** The value of a write that must have carried one (the full profile always answers with the object). */
export function created<T>(written: Written<T | undefined>): T {
  if (written.value === undefined) throw new Error(`the write's answer had no value: ${written.note}`);
  return written.value;
}

/** Connections (Microsoft 365 → Google Workspace unless told), a project and an empty batch, made through the API. */
export async function createMigrationBatch(
  client: CloudMClient,
  name: string,
  platforms: { source: PlatformKey; destination: PlatformKey } = {
    source: "Microsoft365",
    destination: "GoogleWorkspace",
  },
): Promise<MigrationSetup> {
  const source = created(
    await client.createConnection(platforms.source, {
      name: `${name} source`,
      connectionType: "Source",
      settings: settingsFor(platforms.source),
    }),
  );
  const destination = created(
    await client.createConnection(platforms.destination, {
      name: `${name} destination`,
      connectionType: "Destination",
      settings: settingsFor(platforms.destination),
    }),
  );
  const project = created(
    await client.createProject({
      name,
      sourceConnectionId: source.id,
      destinationConnectionId: destination.id,
    }),
  );
  const batch = created(
    await client.createBatch({
      projectId: project.projectId,
      batchName: `${name} batch`,
      sourceConnectionId: source.id,
      destinationConnectionId: destination.id,
      migrationItemsBatchType: 0,
      tags: "",
    }),
  );
  return {
    sourceConnectionId: source.id,
    destinationConnectionId: destination.id,
    projectId: project.projectId,
    configurationId: batch.configurationId,
  };
}

/** A migration item for a user, every data flag on. */
export function userItem(configurationId: string, exportName: string, importName: string) {
  return {
    configurationId,
    exportName,
    importName,
    exportType: 0,
    importType: 0,
    mail: true,
    calendar: true,
    contacts: true,
    drive: true,
    migrate: true,
  };
}
