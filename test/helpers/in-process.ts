/**
 * Several MCP sessions in one process, as the HTTP transport will have them: real SDK Clients over the
 * SDK's in-memory transport, each with its own server from createServer, all sharing one client,
 * watcher and hub, against a simulator over real HTTP.
 */
import { afterEach, expect } from "vitest";
import { Client as ModernClient } from "@modelcontextprotocol/client";
import { InMemoryTransport as ModernInMemoryTransport } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { CloudMClient } from "../../src/api/cloudm/client.js";
import { loadConfig } from "../../src/config.js";
import { ServerHub } from "../../src/hub.js";
import type { StatisticsWatcher } from "../../src/live/watcher.js";
import { createServer, createShared, type SharedDeps } from "../../src/server.js";
import {
  type CloudMSimulator,
  type CloudMSimulatorOptions,
  startCloudMSimulator,
} from "../../src/simulator/cloudm/server.js";
import { createLogger } from "../../src/log.js";
import {
  DEMO_ENTERPRISE_KEY,
  type MigrateCloudsSimulator,
  type MigrateCloudsSimulatorOptions,
  startMigrateCloudsSimulator,
} from "../../src/simulator/migrateclouds/server.js";
import { connectUpstreams, type UpstreamOptions } from "../../src/upstreams.js";

export interface InProcess {
  sim: CloudMSimulator;
  /** The MigrateClouds simulator, when the options asked for one. */
  mc: MigrateCloudsSimulator | undefined;
  shared: SharedDeps;
  cloudm: CloudMClient;
  watcher: StatisticsWatcher;
  /** A new session; with `elicit`, its client declares elicitation and answers with it. */
  connect: (
    name?: string,
    elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>,
    /** More capabilities to declare (an extension, say). */
    capabilities?: Record<string, unknown>,
  ) => Promise<Client>;
  /** The same, for an SDK v2 client speaking 2026-07-28 (through the SDK's era-choosing entry). */
  connectModern: (
    name?: string,
    elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>,
    /** More capabilities to declare (an extension, say). */
    capabilities?: Record<string, unknown>,
  ) => Promise<ModernClient>;
  close: () => Promise<void>;
}

/** What the tool helpers need of a client, v1 or v2. */
export interface ToolCaller {
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<unknown>;
}

export interface InProcessOptions {
  simulator?: CloudMSimulatorOptions;
  pollIntervalMs?: number;
  argv?: string[];
  /** Also run a MigrateClouds simulator and configure the provider (with a webhook receiver). */
  migrateclouds?: MigrateCloudsSimulatorOptions & { apiKey?: string; plan?: "pro" | "enterprise" };
  /** Per-attempt timeout and retry policy of the upstream clients (short ones keep fault tests fast). */
  http?: UpstreamOptions["http"];
  /** More configuration variables, over the harness's own. */
  env?: Record<string, string>;
  /** How long a pre-flight waits for connection tests and readiness checks (default 30 s). */
  preflightWaitMs?: number;
  /** Something at the network edge between the server and the simulator (edge-proxy.ts). */
  edge?: (simulatorUrl: string) => Promise<{ url: string; close: () => Promise<void> }>;
}

export async function startInProcess(options: InProcessOptions = {}): Promise<InProcess> {
  const sim = await startCloudMSimulator({ tenant: "demo", ...options.simulator });
  const edge = options.edge ? await options.edge(sim.url) : undefined;
  const mcOptions = options.migrateclouds;
  const mc = mcOptions ? await startMigrateCloudsSimulator(mcOptions) : undefined;
  const config = loadConfig(
    {
      CLOUDM_URL: edge?.url ?? sim.url,
      CLOUDM_EMAIL: sim.credentials.email,
      CLOUDM_PASSWORD: sim.credentials.password,
      MIGRATE_MCP_POLL_INTERVAL_MS: String(options.pollIntervalMs ?? 200),
      ...(mc
        ? {
            MIGRATECLOUDS_URL: mc.url,
            MIGRATECLOUDS_API_KEY: mcOptions?.apiKey ?? DEMO_ENTERPRISE_KEY,
            MIGRATECLOUDS_PLAN: mcOptions?.plan ?? "enterprise",
            MIGRATECLOUDS_WEBHOOK_PORT: "0",
          }
        : {}),
      ...options.env,
    },
    options.argv ?? [],
  );
  const hub = new ServerHub();
  // Nothing to stderr; everything a session asks for reaches it, as in main.ts.
  const logger = createLogger("silent", hub.logStream());
  hub.attachLogger(logger, "silent");
  const upstreams = await connectUpstreams(config, logger, hub, {
    migratecloudsTimeScale: mcOptions?.clockSpeed ?? 1,
    ...(options.http ? { http: options.http } : {}),
  });
  const shared = createShared(upstreams.deps, { preflightWaitMs: options.preflightWaitMs });
  const cloudm = shared.cloudm;
  if (!cloudm) throw new Error("the harness always configures CloudM");
  const clients: Array<{ close(): Promise<void> }> = [];
  return {
    sim,
    mc,
    shared,
    cloudm: cloudm.client,
    watcher: cloudm.watcher,
    connect: async (name = "client", elicit, capabilities = {}) => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await createServer(shared).connect(serverSide);
      const client = new Client(
        { name, version: "1.0.0" },
        { capabilities: { ...capabilities, ...(elicit ? { elicitation: { form: {} } } : {}) } },
      );
      if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request));
      await client.connect(clientSide);
      clients.push(client);
      return client;
    },
    connectModern: async (name = "client", elicit, capabilities = {}) => {
      const [clientSide, serverSide] = ModernInMemoryTransport.createLinkedPair();
      const served = serveStdio(() => createServer(shared), { transport: serverSide });
      const client = new ModernClient(
        { name, version: "1.0.0" },
        {
          capabilities: { ...capabilities, ...(elicit ? { elicitation: { form: {} } } : {}) },
          versionNegotiation: { mode: { pin: "2026-07-28" } },
        },
      );
      if (elicit) client.setRequestHandler("elicitation/create", (request) => elicit(request));
      await client.connect(clientSide);
      clients.push({ close: async () => (await client.close(), await served.close()) });
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await upstreams.close();
      await mc?.close();
      await edge?.close();
      await sim.close();
    },
  };
}

/** What a host that renders MCP Apps views declares. */
export const RENDERS_APPS = {
  extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } },
};

export const accept = (content: Record<string, string | boolean> = { confirm: true }): ElicitResult => ({
  action: "accept",
  content,
});
export const decline = (): ElicitResult => ({ action: "decline" });

export async function callTool(
  client: ToolCaller,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** Calls a destructive tool through the token path: preview, then the same call with the token. */
export async function confirmWithToken(
  client: ToolCaller,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const preview = await callTool(client, name, args);
  const token = (preview.structuredContent as { confirmationToken?: string } | undefined)?.confirmationToken;
  if (!token) return preview;
  return callTool(client, name, { ...args, confirmationToken: token });
}

/** A simulated day: long enough for any demo run to end. */
const DAY_MS = 24 * 3_600_000;

/** Starts a batch's run through its confirmation: the client's form, else the token path. */
export async function startRun(
  client: ToolCaller,
  configurationId: string,
  mode = "StartMigration",
): Promise<void> {
  const started = structuredOf(await confirmWithToken(client, "start_migration", { configurationId, mode }));
  expect(started).toMatchObject({ status: "done" });
}

/**
 * Moves the simulated clock a day on, past a run's end, and reads the batch once so the simulator's
 * state is there: for a run a test started itself (through the server's own client, say, to keep
 * start_migration's pre-flight out of what it counts).
 */
export async function finishRun(env: InProcess, configurationId: string): Promise<void> {
  env.sim.clock.advance(DAY_MS);
  await env.cloudm.getStatistics(configurationId);
}

/**
 * A batch run to its end as a session would have it: started through start_migration and its
 * confirmation (startRun), then finished (finishRun). For tests of the server on a still clock; a
 * test of the simulator alone runs one over plain HTTP (sim-runs.ts), a test of the CloudM client
 * follows one with its own calls (cloudm.ts).
 */
export async function runBatchToEnd(
  env: InProcess,
  client: ToolCaller,
  configurationId: string,
  mode = "StartMigration",
): Promise<void> {
  await startRun(client, configurationId, mode);
  await finishRun(env, configurationId);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** The structured content of a result that must not be an error (the test fails with its text otherwise). */
export function structuredOf<T = Record<string, unknown>>(result: CallToolResult): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

/** Calls a tool that must succeed; its structured content. */
export async function callOk<T = Record<string, unknown>>(
  client: ToolCaller,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = await callTool(client, name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent as T;
}

/** Calls a tool that must fail; its error text. */
export async function callFails(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const result = await callTool(client, name, args);
  expect(result.isError, `${name} should fail: ${textOf(result)}`).toBe(true);
  return textOf(result);
}

/**
 * Starts a fresh environment for the test that calls it, with every toolset and a simulator whose
 * clock stands still unless the test moves it, and closes it after that test: for tests that assert
 * the whole simulated tenant exactly, or change it.
 */
export function stillEnvironmentPerTest(): (simulator?: CloudMSimulatorOptions) => Promise<InProcess> {
  let current: InProcess | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (simulator = {}) => {
    current = await startInProcess({
      argv: ["--toolsets", "all"],
      simulator: { clockSpeed: 0, ...simulator },
      // A still clock finishes no connection test: a start's pre-flight reads them once, not for 30 s.
      preflightWaitMs: 0,
    });
    return current;
  };
}

/** A one-time MigrateClouds transfer of box:/Legal to onedrive:/Legal copy, in the simulator's seed. */
export const LEGAL_COPY = {
  sourceService: "box",
  sourcePath: "/Legal",
  destinationService: "onedrive",
  destinationPath: "/Legal copy",
  conflictResolution: "skip",
};
