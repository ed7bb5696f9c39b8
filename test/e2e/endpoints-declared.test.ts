/**
 * A tool's `endpoints` are what `doctor` checks on an instance, so they must be what its handler calls:
 * every tool is called once with its declared example on the full simulator (a destructive one through
 * the confirmation token, preview and action both), and each request a CloudM tool made is traced back,
 * by method and path, to an operation of the endpoint map that the tool declares. Read-only tools run
 * on the untouched demo tenant; write tools on a tenant of their own, once the test has made what their
 * examples act on, deletions last. Statistics polls stay out of the way: the poll interval is longer
 * than the test, and no view follows a batch whose run a write tool starts or stops.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOUDM_ENDPOINTS, type CloudMOperation } from "../../src/api/cloudm/endpoints.js";
import type { ToolDefinition } from "../../src/tools/define.js";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { created, userItem } from "../helpers/cloudm.js";
import { type ExampleIds, exampleArgs } from "../helpers/examples.js";
import {
  confirmWithToken,
  type InProcess,
  type InProcessOptions,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

/** Requests any call may make that belong to no tool: signing in, and reading the instance's document. */
const INFRASTRUCTURE = /account\/login|openapi/i;

/** call_api calls whatever path it is given (doctor counts it as any path): its example runs, untraced. */
const UNTRACED = new Set(["call_api"]);

/** get_report waits for the instance to generate the report: the still clock moves during its call. */
const WAITS_ON_THE_CLOCK = new Set(["get_report"]);

/** A path of the map as a pattern: each `{name}` stands for one segment, or part of one. */
const pathPattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`, "i");

/** The operations of the endpoint map served at a request's matched route (`METHOD pattern`). */
function operationsAt(route: string): CloudMOperation[] {
  const [method = "", pattern = ""] = route.split(" ");
  return (Object.entries(CLOUDM_ENDPOINTS) as Array<[CloudMOperation, { method: string; path: string }]>)
    .filter(
      ([, spec]) => spec.method === method && pathPattern(spec.path).test(pattern.replace(/\{[^}]+\}/g, "x")),
    )
    .map(([operation]) => operation);
}

/** MigrateClouds tools declare no endpoints (doctor checks CloudM only): their examples run, untraced. */
const traced = (t: ToolDefinition) => (t.provider ?? "cloudm") === "cloudm" && !UNTRACED.has(t.name);

interface Held {
  env: InProcess;
  client: Client;
  ids: ExampleIds;
}

/** A server over a still simulator with every toolset, for the tests of one describe block. */
function environment(options: InProcessOptions, ready: (env: InProcess) => Promise<ExampleIds>): () => Held {
  const held: Partial<Held> = {};
  beforeAll(async () => {
    held.env = await startInProcess({
      ...options,
      simulator: { clockSpeed: 0 },
      pollIntervalMs: 10 * 60_000,
      preflightWaitMs: 0,
      argv: ["--toolsets", "all", ...(options.argv ?? [])],
    });
    held.client = await held.env.connect();
    held.ids = await ready(held.env);
  });
  afterAll(() => held.env?.close());
  return () => ({ env: held.env!, client: held.client!, ids: held.ids! });
}

/** Calls the tool with its example; the CloudM requests it made, but for signing in and the document. */
async function callExample(env: InProcess, client: Client, tool: ToolDefinition, ids: ExampleIds) {
  const before = env.sim.requests.length;
  if (WAITS_ON_THE_CLOCK.has(tool.name)) env.sim.clock.setSpeed(10);
  try {
    const result = await confirmWithToken(client, tool.name, exampleArgs(tool, ids));
    expect(result.isError, textOf(result)).toBeFalsy();
    const status = (result.structuredContent as { status?: string } | undefined)?.status;
    if (tool.annotations.destructiveHint) expect([undefined, "done"], textOf(result)).toContain(status);
  } finally {
    env.sim.clock.setSpeed(0);
  }
  return env.sim.requests.slice(before).filter((r) => !INFRASTRUCTURE.test(r.path));
}

/** Calls each tool with its example, in order, and traces what it made upstream when it can. */
function callEach(tools: readonly ToolDefinition[], ctx: () => Held): void {
  const cases = tools.map(
    (t) => [t.name, traced(t) ? "calls only the operations it declares" : "runs its example", t] as const,
  );
  it.each(cases)("%s %s", async (_name, _what, tool) => {
    const { env, client, ids } = ctx();
    const made = await callExample(env, client, tool, ids);
    if (!traced(tool)) return;
    const undeclared = made
      .filter((r) => !operationsAt(r.route).some((op) => tool.endpoints?.includes(op)))
      .map((r) => `${r.route} (${operationsAt(r.route).join(" or ") || "no operation of the map"})`);
    expect(undeclared, `${tool.name} declares ${tool.endpoints?.join(", ") || "nothing"}`).toEqual([]);
  });
}

describe("read-only tools", () => {
  callEach(
    ALL_TOOLS.filter((t) => t.annotations.readOnlyHint),
    environment({ migrateclouds: {} }, async (env) => {
      const transfer = await env.shared.migrateclouds!.client.createTransfer({
        source: { service: "box", path: "/Legal" },
        destination: { service: "onedrive", path: "/Legal copy" },
        conflict_resolution: "skip",
      });
      return { ...env.sim.demo!, transferId: transfer.id };
    }),
  );
});

describe("write tools", () => {
  const dir = mkdtempSync(join(tmpdir(), "endpoints-declared-"));
  const ctx = environment({ argv: ["--allow-dir", dir], migrateclouds: {} }, async (env) => {
    const demo = env.sim.demo!;
    const connections = {
      sourceConnectionId: demo.sourceConnectionId,
      destinationConnectionId: demo.destinationConnectionId,
    };
    const batch = (projectId: string, batchName: string) =>
      env.cloudm
        .createBatch({ projectId, batchName, ...connections, migrationItemsBatchType: 0, tags: "" })
        .then(created);
    const scratch = created(await env.cloudm.createProject({ name: "Scratch", ...connections }));
    const empty = await batch(scratch.projectId, "Scratch batch");
    const running = await batch(demo.projectId, "Running");
    await env.cloudm.addMigrationItem(
      userItem(running.configurationId, "runner@contoso.example", "runner@fabrikam.example"),
    );
    await env.cloudm.startMigration(running.configurationId, "StartMigration");
    await env.cloudm.scans.start({ projectId: demo.projectId, scanType: "AllItems", sourceOption: "Both" });
    const schedule = created(
      await env.cloudm.schedules.create({
        configurationId: demo.configurationId,
        scheduleType: "DateTime",
        scheduleOn: "2099-01-01T00:00:00.000Z",
      }),
    );
    const admin = created(
      await env.cloudm.admin.addUser({
        login: "scratch.admin@contoso.example",
        firstName: "Scratch",
        lastName: "Admin",
        role: "ReadOnly",
      }),
    );
    const mc = env.shared.migrateclouds!.client;
    // Recurring, so it can be cancelled however far its first run has got.
    const transfer = await mc.createTransfer({
      source: { service: "box", path: "/Legal" },
      destination: { service: "onedrive", path: "/Legal archive" },
      conflict_resolution: "skip",
      schedule: { type: "recurring", interval: "daily" },
    });
    const webhook = await mc.createWebhook({
      url: "https://hooks.example/scratch",
      events: ["transfer.failed"],
    });
    return {
      ...demo,
      scratchProjectId: scratch.projectId,
      scratchConfigurationId: empty.configurationId,
      runningConfigurationId: running.configurationId,
      scheduleId: schedule.scheduleId,
      adminUserId: admin.id,
      notificationId: env.sim.state.notifications[0]!.id,
      machineName: [...env.sim.state.servers.values()][0]!.machineName,
      transferId: transfer.id,
      webhookId: webhook.id,
      reportPath: join(dir, "report.html"),
    };
  });
  // What a deletion removes, other examples act on.
  const writes = ALL_TOOLS.filter((t) => !t.annotations.readOnlyHint);
  const deletion = (t: ToolDefinition) => t.name.startsWith("delete_");
  callEach([...writes.filter((t) => !deletion(t)), ...writes.filter(deletion)], ctx);
});
