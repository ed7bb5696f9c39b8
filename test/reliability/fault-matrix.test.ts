/**
 * The fault matrix: every read tool of the catalog, under each fault the simulators inject (5xx, latency
 * under and past the per-attempt timeout, dropped connections, 429 storms, tokens expiring early, the
 * MigrateClouds plan limit), either succeeds or returns an isError result saying retrying may help, within
 * its deadline. The write tools, under dropped answers and 5xx, never apply one logical call twice. The
 * server keeps answering throughout.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultRates, ScriptedFault } from "../../src/simulator/faults.js";
import type { RequestRecord } from "../../src/simulator/http-server.js";
import { DEMO_PRO_KEY } from "../../src/simulator/migrateclouds/server.js";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { type InProcess, RENDERS_APPS, startInProcess, textOf } from "../helpers/in-process.js";
import { created } from "../helpers/cloudm.js";
import { type ExampleIds, exampleArgs } from "../helpers/examples.js";

/** Per attempt: generous, so ordinary calls never time out on a busy machine. */
const ATTEMPT_TIMEOUT_MS = 5_000;
/** Per attempt for the slow-upstream matrix: short, so each timed-out attempt costs little. */
const SHORT_TIMEOUT_MS = 250;
/** No call may take longer than this, whatever the faults: a hang fails the test. */
const DEADLINE_MS = 20_000;
const HTTP = { timeoutMs: ATTEMPT_TIMEOUT_MS, retry: { baseDelayMs: 5, maxDelayMs: 40 } };

/** What the error boundary says when trying again later can work (see src/tools/errors.ts). */
const RETRY_HELPS = /retrying (in a little while )?may help|retry after \d+ seconds|before retrying/i;

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, {
    timeout: DEADLINE_MS,
  })) as CallToolResult;
}

/** A destructive tool through the token path, both calls under the same faults. */
async function confirmed(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const preview = await call(client, name, args);
  const token = (preview.structuredContent as { confirmationToken?: string } | undefined)?.confirmationToken;
  return token ? call(client, name, { ...args, confirmationToken: token }) : preview;
}

function expectSuccessOrRetryable(tool: string, result: CallToolResult): void {
  if (!result.isError) return;
  const text = textOf(result);
  expect(text, `${tool} failed without saying retrying may help`).toMatch(RETRY_HELPS);
  expect(text, tool).not.toMatch(/will not help|Internal error/i);
}

const READ_DEFINITIONS = ALL_TOOLS.filter((t) => t.annotations.readOnlyHint);
const READ_TOOLS = READ_DEFINITIONS.map((t) => t.name);

/** Valid arguments for every read tool: its declared example, with the ids of the demo and beforeAll. */
function readArgs(ids: ExampleIds): Record<string, Record<string, unknown>> {
  return Object.fromEntries(READ_DEFINITIONS.map((tool) => [tool.name, exampleArgs(tool, ids)]));
}

const MIGRATECLOUDS_READS = new Set(
  ALL_TOOLS.filter((t) => t.provider === "migrateclouds" && t.annotations.readOnlyHint).map((t) => t.name),
);

interface Scenario {
  name: string;
  rates: FaultRates;
  /** Faults on CloudM only (its tokens); by default both upstreams get them. */
  where?: "cloudm";
  before?: (e: InProcess) => void;
}

/**
 * Every read tool at once under each scenario, against one server and its simulators; `extra` adds
 * tests that share them (run before the scenarios).
 */
function readMatrix(
  title: string,
  http: typeof HTTP,
  scenarios: readonly Scenario[],
  extra: (
    ctx: () => { env: InProcess; client: Client; args: Record<string, Record<string, unknown>> },
  ) => void = () => {},
): void {
  describe(title, () => {
    let env: InProcess;
    let client: Client;
    let args: Record<string, Record<string, unknown>>;

    beforeAll(async () => {
      env = await startInProcess({
        argv: ["--toolsets", "all"],
        simulator: { clockSpeed: 600 },
        migrateclouds: { clockSpeed: 60 },
        http,
      });
      client = await env.connect("fault-matrix", undefined, RENDERS_APPS);
      const demo = env.sim.demo!;
      const scan = await call(client, "start_environment_scan", { projectId: demo.projectId });
      expect(scan.isError, textOf(scan)).toBeFalsy();
      const transfer = await env.shared.migrateclouds!.client.createTransfer({
        source: { service: "box", path: "/Legal" },
        destination: { service: "onedrive", path: "/Legal copy" },
        conflict_resolution: "skip",
      });
      args = readArgs({ ...demo, transferId: transfer.id });
    });
    afterAll(() => env?.close());

    const setRates = (rates: FaultRates, where: "both" | "cloudm" = "both") => {
      env.sim.faults.setRates(rates);
      env.mc!.faults.setRates(where === "both" ? rates : {});
    };

    /** Every read tool at once; returns how many upstream requests carried an injected fault. */
    async function runAll(check: (tool: string, result: CallToolResult) => void): Promise<number> {
      const before = [env.sim.requests.length, env.mc!.requests.length] as const;
      const results = await Promise.all(
        READ_TOOLS.map(async (tool) => [tool, await call(client, tool, args[tool]!)] as const),
      );
      for (const [tool, result] of results) check(tool, result);
      const made = [...env.sim.requests.slice(before[0]), ...env.mc!.requests.slice(before[1])];
      expect(made.length).toBeGreaterThan(0);
      return made.filter((r) => r.fault !== undefined).length;
    }

    it("calls every read tool the server lists (each with the example its definition declares)", async () => {
      const { tools } = await client.listTools();
      const listed = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name);
      expect(listed.sort()).toEqual([...READ_TOOLS].sort());
    });

    extra(() => ({ env, client, args }));

    for (const scenario of scenarios) {
      it(`every read tool succeeds or says retrying may help: ${scenario.name}`, async () => {
        scenario.before?.(env);
        setRates(scenario.rates, scenario.where ?? "both");
        try {
          const faulted = await runAll(expectSuccessOrRetryable);
          // The scenario really happened (latency marks no request; its effect is checked on its own).
          if (!scenario.rates.latencyMs || scenario.rates.serverErrorRate) expect(faulted).toBeGreaterThan(0);
        } finally {
          setRates({});
        }
      });
    }

    it("the server still answers after the matrix", async () => {
      setRates({});
      const who = await call(client, "whoami", {});
      expect(who.isError, textOf(who)).toBeFalsy();
    });
  });
}

readMatrix(
  "read tools under faults",
  HTTP,
  [
    { name: "20% of requests answered 503", rates: { serverErrorRate: 0.2 } },
    { name: "added latency", rates: { latencyMs: 40 } },
    { name: "20% of connections dropped", rates: { dropRate: 0.2 } },
    { name: "a 429 storm with a short Retry-After", rates: { rateLimitRate: 0.5, retryAfterSeconds: 0 } },
    { name: "a 429 storm asking for a long wait", rates: { rateLimitRate: 0.6, retryAfterSeconds: 120 } },
    {
      name: "CloudM tokens expiring early (all revoked, then 20% refused as expired)",
      rates: { earlyExpiryRate: 0.2 },
      where: "cloudm",
      before: (e) => e.sim.revokeAllTokens(),
    },
    {
      name: "everything at once",
      rates: { serverErrorRate: 0.1, dropRate: 0.1, rateLimitRate: 0.1, retryAfterSeconds: 0, latencyMs: 20 },
    },
  ],
  (ctx) => {
    it("succeeds without faults", async () => {
      const { client, args } = ctx();
      const results = await Promise.all(READ_TOOLS.map((tool) => call(client, tool, args[tool]!)));
      for (const [i, result] of results.entries())
        expect(result.isError, `${READ_TOOLS[i]}: ${textOf(result)}`).toBeFalsy();
    });

    it("a 429 asking for longer than the client waits is returned at once with the wait to honour", async () => {
      const { env, client, args } = ctx();
      env.sim.faults.enqueue({ kind: "rate_limit", method: "GET", retryAfterSeconds: 120 });
      const result = await call(client, "get_batch_settings", args.get_batch_settings!);
      env.sim.faults.clear();
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/retry after 120 seconds/i);
    });
  },
);

// Its own server: a short per-attempt timeout would make ordinary calls flaky on a busy machine.
readMatrix(
  "read tools against an upstream slower than the per-attempt timeout",
  { ...HTTP, timeoutMs: SHORT_TIMEOUT_MS },
  [{ name: "every answer arrives after the timeout", rates: { latencyMs: SHORT_TIMEOUT_MS + 150 } }],
  (ctx) => {
    it("times out per attempt, retries a read, and says so", async () => {
      const { env, client, args } = ctx();
      env.sim.faults.setRates({ latencyMs: SHORT_TIMEOUT_MS + 150 });
      const since = env.sim.requests.length;
      try {
        const result = await call(client, "get_batch_settings", args.get_batch_settings!);
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain(`within ${SHORT_TIMEOUT_MS} ms`);
        expect(textOf(result)).toMatch(RETRY_HELPS);
        expect(
          env.sim.requests.slice(since).filter((r) => r.path.startsWith("/api/BatchConfigSettings")),
        ).toHaveLength(3);
      } finally {
        env.sim.faults.setRates({});
      }
    });
  },
);

describe("MigrateClouds plan limit: a Pro key configured as Enterprise meets the server's own 429s", () => {
  let env: InProcess;
  beforeAll(async () => {
    // The client believes it may send 300 a minute; the server allows the Pro plan's 60 (a simulated
    // minute is one real second here), so a burst is refused with Retry-After and waited out.
    env = await startInProcess({
      argv: ["--toolsets", "all"],
      migrateclouds: { clockSpeed: 60, apiKey: DEMO_PRO_KEY, plan: "enterprise" },
      http: HTTP,
    });
  });
  afterAll(() => env?.close());

  it("every MigrateClouds read tool in a burst succeeds or says when to retry", async () => {
    const client = await env.connect("plan-limit");
    const transfer = await env.shared.migrateclouds!.client.createTransfer({
      source: { service: "box", path: "/Legal" },
      destination: { service: "onedrive", path: "/Legal copy" },
      conflict_resolution: "skip",
    });
    const all = readArgs({ ...env.sim.demo!, transferId: transfer.id });
    const calls = [...MIGRATECLOUDS_READS].flatMap((tool) => Array.from({ length: 20 }, () => tool));
    const results = await Promise.all(
      calls.map(async (tool) => [tool, await call(client, tool, all[tool]!)] as const),
    );
    for (const [tool, result] of results) expectSuccessOrRetryable(tool, result);
    expect(env.mc!.rateLimitRejections()).toBeGreaterThan(0);
    expect((await call(client, "list_webhooks", {})).isError).toBeFalsy();
  });
});

// ------------------------------------------------------------------ writes

/** A write route's requests in `records`, and how many of them were refused unprocessed (429). */
function writesTo(records: RequestRecord[], route: string) {
  const mine = records.filter((r) => r.route.toLowerCase() === route.toLowerCase());
  return {
    sent: mine.length,
    applied: mine.filter((r) => r.applied).length,
    refusedUnprocessed: mine.filter((r) => r.status === 429).length,
  };
}

interface WriteCase {
  tool: string;
  provider: "cloudm" | "migrateclouds";
  route: string;
  /** Upstream writes one logical call makes (add_migration_items: one per user). */
  writes: number;
  destructive?: boolean;
  /** Fresh arguments for call `n` (each call gets its own target, so a first success cannot block the next). */
  args: (env: InProcess, n: number) => Promise<Record<string, unknown>>;
}

const USERS_PER_CALL = 6;

async function freshBatch(env: InProcess, n: number, withUsers: boolean): Promise<string> {
  const demo = env.sim.demo!;
  const batch = created(
    await env.cloudm.createBatch({
      projectId: demo.projectId,
      batchName: `faulted ${n} ${Math.random().toString(36).slice(2, 8)}`,
      sourceConnectionId: demo.sourceConnectionId,
      destinationConnectionId: demo.destinationConnectionId,
      migrationItemsBatchType: 0,
      tags: "",
    }),
  );
  if (withUsers)
    await env.cloudm.addMigrationItem({
      configurationId: batch.configurationId,
      exportName: `run${n}@contoso.example`,
      importName: `run${n}@fabrikam.example`,
      exportType: 0,
      importType: 0,
      mail: true,
      calendar: true,
      contacts: true,
      drive: true,
      migrate: true,
    });
  return batch.configurationId;
}

const WRITE_CASES: WriteCase[] = [
  {
    tool: "create_connection",
    provider: "cloudm",
    route: "POST /api/Microsoft365Connections",
    writes: 1,
    args: async (_env, n) => ({
      platform: "Microsoft365",
      name: `Faulted source ${n}`,
      connectionType: "Source",
      settings: { domainName: "src.example", adminName: "admin@src.example", adminPassword: "pw" },
    }),
  },
  {
    tool: "create_project",
    provider: "cloudm",
    route: "POST /api/ConnectionsProject/create-project",
    writes: 1,
    args: async (env, n) => ({
      name: `Faulted project ${n}`,
      sourceConnectionId: env.sim.demo!.sourceConnectionId,
      destinationConnectionId: env.sim.demo!.destinationConnectionId,
    }),
  },
  {
    tool: "create_batch",
    provider: "cloudm",
    route: "POST /api/ConnectionBatches/create-connection-batch",
    writes: 1,
    args: async (env, n) => ({ projectId: env.sim.demo!.projectId, batchName: `Faulted batch ${n}` }),
  },
  {
    tool: "add_migration_items",
    provider: "cloudm",
    route: "POST /api/BatchMigrationItems/add-migration-item",
    writes: USERS_PER_CALL,
    args: async (env, n) => ({
      configurationId: await freshBatch(env, n, false),
      items: Array.from({ length: USERS_PER_CALL }, (_, i) => ({ exportName: `u${n}-${i}@contoso.example` })),
    }),
  },
  {
    tool: "import_migration_items",
    provider: "cloudm",
    route: "POST /api/BatchMigrationItems/import-users-from-file",
    writes: 1,
    args: async (env, n) => ({
      configurationId: await freshBatch(env, n, false),
      csv: [
        "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
        `csv${n}@contoso.example,csv${n}@fabrikam.example,User,User,true`,
      ].join("\n"),
    }),
  },
  {
    tool: "start_migration",
    provider: "cloudm",
    route: "POST /api/ConnectionBatchesProgress/start-migration",
    writes: 1,
    destructive: true,
    args: async (env, n) => ({ configurationId: await freshBatch(env, n, true), mode: "CheckUsersOnly" }),
  },
  {
    tool: "start_transfer",
    provider: "migrateclouds",
    route: "POST /v1/transfers",
    writes: 1,
    destructive: true,
    args: async (_env, n) => ({
      sourceService: "box",
      sourcePath: "/Legal",
      destinationService: "onedrive",
      destinationPath: `/Faulted ${n}`,
      conflictResolution: "skip",
    }),
  },
  {
    tool: "create_webhook",
    provider: "migrateclouds",
    route: "POST /v1/webhooks",
    writes: 1,
    args: async () => ({ events: ["transfer.completed"] }),
  },
];

/** The route's path, for scripting a fault on exactly that write. */
const pathOf = (route: string) => route.slice(route.indexOf(" ") + 1);

/** Faults on the write itself; each case runs once per entry, then under random faults. */
const SCRIPTED: Array<{
  name: string;
  fault: Omit<ScriptedFault, "method" | "pathPrefix">;
  appliedBefore: boolean;
}> = [
  {
    name: "connection dropped after the write was applied",
    fault: { kind: "drop", afterHandler: true },
    appliedBefore: true,
  },
  {
    name: "503 after the write was applied",
    fault: { kind: "server_error", afterHandler: true },
    appliedBefore: true,
  },
  { name: "503 before the write", fault: { kind: "server_error" }, appliedBefore: false },
  { name: "connection dropped before the write", fault: { kind: "drop" }, appliedBefore: false },
];

describe("write tools never apply a logical call twice", () => {
  let env: InProcess;
  let client: Client;
  beforeAll(async () => {
    env = await startInProcess({
      argv: ["--toolsets", "all"],
      simulator: { clockSpeed: 600 },
      migrateclouds: { clockSpeed: 60 },
      http: HTTP,
    });
    client = await env.connect("writes");
  });
  afterAll(() => env?.close());

  it("covers the writes that matter", () => {
    const names = WRITE_CASES.map((c) => c.tool);
    for (const needed of [
      "start_migration",
      "add_migration_items",
      "create_project",
      "create_connection",
      "start_transfer",
    ])
      expect(names).toContain(needed);
    for (const c of WRITE_CASES) {
      const tool = ALL_TOOLS.find((t) => t.name === c.tool);
      expect(tool?.annotations.readOnlyHint, c.tool).toBe(false);
      expect(tool?.annotations.destructiveHint ?? false, c.tool).toBe(c.destructive ?? false);
    }
  });

  for (const c of WRITE_CASES) {
    it(`${c.tool}: at most one application per logical call, under scripted and random faults`, async () => {
      const sim = c.provider === "cloudm" ? env.sim : env.mc!;
      let n = 0;
      const runOnce = async (arm: () => void) => {
        const args = await c.args(env, n++);
        const since = sim.requests.length;
        arm();
        const result = c.destructive
          ? await confirmed(client, c.tool, args)
          : await call(client, c.tool, args);
        sim.faults.clear();
        const counts = writesTo(sim.requests.slice(since), c.route);
        expect(counts.applied, `${c.tool} applied`).toBeLessThanOrEqual(c.writes);
        // Only a 429 (refused unprocessed) may be followed by the same write again.
        expect(counts.sent - counts.refusedUnprocessed, `${c.tool} resent a write`).toBeLessThanOrEqual(
          c.writes,
        );
        return { result, counts, args };
      };

      for (const s of SCRIPTED) {
        const { result, counts } = await runOnce(() =>
          sim.faults.enqueue({ ...s.fault, method: "POST", pathPrefix: pathOf(c.route) }, c.writes),
        );
        expect(counts.sent, `${c.tool} under ${s.name}`).toBe(c.writes);
        expect(counts.applied, `${c.tool} under ${s.name}`).toBe(s.appliedBefore ? c.writes : 0);
        const text = textOf(result);
        if (c.tool === "add_migration_items") {
          expect((result.structuredContent as { failed: number }).failed, text).toBe(USERS_PER_CALL);
        } else {
          expect(result.isError, `${c.tool} under ${s.name}: ${text}`).toBe(true);
          expect(text).not.toMatch(/Internal error/);
        }
        // A lost answer to a write must not invite a blind retry.
        if (s.appliedBefore && c.tool !== "add_migration_items")
          expect(text).toMatch(/check the current state/i);
      }

      const rates = { serverErrorRate: 0.2, dropRate: 0.1, rateLimitRate: 0.1, retryAfterSeconds: 0 };
      for (let i = 0; i < 6; i++) await runOnce(() => sim.faults.setRates(rates));

      if (c.tool === "add_migration_items") {
        // No user is ever in a batch twice.
        for (const batch of env.sim.state.batches.values()) {
          const names = [...batch.items.values()].map((item) => item.exportName);
          expect(new Set(names).size, batch.configurationId).toBe(names.length);
        }
      }
      const who = await call(client, "whoami", {});
      expect(who.isError, textOf(who)).toBeFalsy();
    });
  }
});
