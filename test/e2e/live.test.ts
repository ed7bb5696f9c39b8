/**
 * Resources, live statistics, wait_for_migration, completions, prompts and client logging, through
 * real SDK Clients on in-process sessions that share one watcher, against the simulator over HTTP.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolResult,
  LoggingMessageNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_FOLLOWED_URIS } from "../../src/resources/budget.js";
import { type InProcess, startInProcess, startRun } from "../helpers/in-process.js";

const STATS_ROUTE = "GET /api/ConnectionBatchesProgress/get-statistics";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let env: InProcess | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function countUpdates(client: Client, uri: string): { count: number } {
  const seen = { count: 0 };
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    if (n.params.uri === uri) seen.count++;
  });
  return seen;
}

describe("live batch statistics", () => {
  it("polls upstream once per interval for three subscribers, notifies each, and stops when they leave", async () => {
    env = await startInProcess({ simulator: { clockSpeed: 20 }, pollIntervalMs: 200 });
    const id = env.sim.demo?.configurationId ?? "";
    const uri = `cloudm://batches/${id}/statistics`;
    const clients = [await env.connect("a"), await env.connect("b"), await env.connect("c")];
    const updates = clients.map((c) => countUpdates(c, uri));
    for (const c of clients) await c.subscribeResource({ uri });
    await startRun(clients[0]!, id);

    const before = env.sim.countRequests(STATS_ROUTE);
    const polledBefore = env.watcher.pollCount;
    await sleep(1_000);
    const polled = env.sim.countRequests(STATS_ROUTE) - before;
    // One poller: about 1000/200 = 5 polls; three independent pollers would make about 15.
    expect(polled).toBeGreaterThanOrEqual(3);
    expect(polled).toBeLessThanOrEqual(7);
    expect(env.watcher.pollCount - polledBefore).toBe(polled);
    for (const u of updates) expect(u.count).toBeGreaterThan(0);

    for (const c of clients) await c.unsubscribeResource({ uri });
    await sleep(300);
    const after = env.sim.countRequests(STATS_ROUTE);
    await sleep(600);
    expect(env.sim.countRequests(STATS_ROUTE)).toBe(after);
    expect(env.watcher.activePollers).toBe(0);
  });

  it("serves a statistics read after a change notice from the watcher's figures, with no second GET", async () => {
    env = await startInProcess({ simulator: { clockSpeed: 20 }, pollIntervalMs: 5_000 });
    const id = env.sim.demo?.configurationId ?? "";
    const uri = `cloudm://batches/${id}/statistics`;
    const client = await env.connect();
    const updates = countUpdates(client, uri);
    await client.subscribeResource({ uri });
    await startRun(client, id);
    while (updates.count === 0) await sleep(20);
    const before = env.sim.countRequests(STATS_ROUTE);
    const read = await client.readResource({ uri });
    expect((read.contents[0] as { text: string }).text).not.toContain('"state": "None"');
    expect(env.sim.countRequests(STATS_ROUTE)).toBe(before);
  });

  it("stops polling once the run has finished, and sends nothing for figures that do not change", async () => {
    env = await startInProcess({ simulator: { clockSpeed: 2_000 }, pollIntervalMs: 100 });
    const id = env.sim.demo?.configurationId ?? "";
    const uri = `cloudm://batches/${id}/statistics`;
    const client = await env.connect();
    const updates = countUpdates(client, uri);
    await client.subscribeResource({ uri });
    await sleep(400);
    expect(updates.count).toBe(0);
    await startRun(client, id);
    for (let i = 0; i < 100 && env.watcher.activePollers > 0; i++) await sleep(100);
    expect(env.watcher.activePollers).toBe(0);
    const final = (await client.callTool({
      name: "get_batch_statistics",
      arguments: { configurationId: id },
    })) as CallToolResult;
    expect(final.structuredContent).toMatchObject({ state: "Completed" });
    const polls = env.sim.countRequests(STATS_ROUTE);
    await sleep(400);
    expect(env.sim.countRequests(STATS_ROUTE)).toBe(polls);
    expect(updates.count).toBeGreaterThan(0);
  });
  it("refuses a subscription to a batch that does not exist after one read, and starts no poller", async () => {
    env = await startInProcess({ pollIntervalMs: 100 });
    const client = await env.connect();
    const uri = "cloudm://batches/00000000-0000-4000-8000-000000000000/statistics";
    await expect(client.subscribeResource({ uri })).rejects.toThrow(
      /Cannot follow .*No batch with configurationId/,
    );
    expect(env.sim.countRequests(STATS_ROUTE)).toBe(1);
    expect(env.watcher.activePollers).toBe(0);
    // Five poll intervals: a poller would have read it again by now.
    await sleep(500);
    expect(env.sim.countRequests(STATS_ROUTE)).toBe(1);
  });

  it(`refuses a session's subscription past ${MAX_FOLLOWED_URIS} URIs, naming the limit`, async () => {
    env = await startInProcess();
    const client = await env.connect();
    const transfer = (i: number) => ({ uri: `migrateclouds://transfers/t-${i}` });
    for (let i = 0; i < MAX_FOLLOWED_URIS; i++) await client.subscribeResource(transfer(i));
    await expect(client.subscribeResource(transfer(MAX_FOLLOWED_URIS))).rejects.toThrow(
      `at most ${MAX_FOLLOWED_URIS} URIs`,
    );
    // Subscribing again to one it follows takes no more; ending one frees its place.
    await client.subscribeResource(transfer(0));
    await client.unsubscribeResource(transfer(0));
    await client.subscribeResource(transfer(MAX_FOLLOWED_URIS));
  });
});

describe("wait_for_migration", () => {
  it("reports progress that never goes backwards and returns when the run finishes", async () => {
    env = await startInProcess({ simulator: { clockSpeed: 150 }, pollIntervalMs: 100 });
    const id = env.sim.demo?.configurationId ?? "";
    const client = await env.connect();
    await startRun(client, id);
    const progress: number[] = [];
    const result = (await client.callTool(
      { name: "wait_for_migration", arguments: { configurationId: id, waitSeconds: 45 } },
      undefined,
      {
        onprogress: (p) => progress.push(p.progress),
        timeout: 50_000,
      },
    )) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ finished: true, state: "Completed" });
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress.at(-1)).toBe(100);
  });

  it("ends at once when the client cancels, and leaves no poller behind", async () => {
    env = await startInProcess({ simulator: { clockSpeed: 1 }, pollIntervalMs: 100 });
    const id = env.sim.demo?.configurationId ?? "";
    const client = await env.connect();
    await startRun(client, id);
    const controller = new AbortController();
    const call = client.callTool(
      { name: "wait_for_migration", arguments: { configurationId: id } },
      undefined,
      { signal: controller.signal },
    );
    await sleep(300);
    expect(env.watcher.activePollers).toBe(1);
    const cancelledAt = Date.now();
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    const { watcher } = env;
    await expect.poll(() => watcher.activePollers, { timeout: 5_000 }).toBe(0);
  });
});

describe("resources, completions, prompts, logging", () => {
  it("lists and reads resources, links them from tools, and tells other sessions when the list changes", async () => {
    env = await startInProcess();
    const demo = env.sim.demo!;
    const [a, b] = [await env.connect("a"), await env.connect("b")];
    let listChanged = 0;
    b.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      listChanged++;
    });
    const { resources } = await a.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([
        "cloudm://projects",
        "cloudm://connections",
        `cloudm://projects/${demo.projectId}`,
      ]),
    );
    const { resourceTemplates } = await a.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain(
      "cloudm://batches/{configurationId}/statistics",
    );

    const project = await a.readResource({ uri: `cloudm://projects/${demo.projectId}` });
    const body = JSON.parse((project.contents[0] as { text: string }).text) as {
      batches: Array<{ configurationId: string }>;
    };
    // The demo project's three waves, as the simulator holds them.
    expect(body.batches.map((x) => x.configurationId).sort()).toEqual(
      [demo.configurationId, demo.pilotConfigurationId, demo.overLicenceConfigurationId].sort(),
    );
    const connection = await a.readResource({ uri: `cloudm://connections/${demo.sourceConnectionId}` });
    expect((connection.contents[0] as { text: string }).text).toContain('"adminPassword": "********"');
    const stats = await a.readResource({ uri: `cloudm://batches/${demo.configurationId}/statistics` });
    expect(JSON.parse((stats.contents[0] as { text: string }).text)).toMatchObject({
      summary: { totalUsers: 30 },
    });

    const created = (await a.callTool({
      name: "create_batch",
      arguments: { projectId: demo.projectId, batchName: "Wave 2" },
    })) as CallToolResult;
    const links = created.content
      .filter((c) => c.type === "resource_link")
      .map((c) => (c.type === "resource_link" ? c.uri : ""));
    const newId = (created.structuredContent as { batch: { configurationId: string } }).batch.configurationId;
    expect(links).toContain(`cloudm://batches/${newId}/statistics`);
    await sleep(50);
    expect(listChanged).toBe(1);
  });

  it("completes ids from upstream by name, and prompt arguments", async () => {
    env = await startInProcess();
    const demo = env.sim.demo!;
    const client = await env.connect();
    const complete = async (
      ref: { type: "ref/resource"; uri: string } | { type: "ref/prompt"; name: string },
      name: string,
      value: string,
    ) => (await client.complete({ ref, argument: { name, value } })).completion.values;
    expect(
      await complete({ type: "ref/resource", uri: "cloudm://projects/{projectId}" }, "projectId", "conto"),
    ).toEqual([demo.projectId]);
    expect(
      await complete(
        { type: "ref/resource", uri: "cloudm://batches/{configurationId}/statistics" },
        "configurationId",
        "Wave 1",
      ),
    ).toEqual([demo.configurationId]);
    expect(
      (
        await complete(
          { type: "ref/resource", uri: "cloudm://batches/{configurationId}/statistics" },
          "configurationId",
          "Wave",
        )
      ).sort(),
    ).toEqual([demo.configurationId, demo.overLicenceConfigurationId].sort());
    expect(
      await complete(
        { type: "ref/resource", uri: "cloudm://connections/{connectionId}" },
        "connectionId",
        "fabrikam",
      ),
    ).toEqual([String(demo.destinationConnectionId)]);
    expect(
      await complete(
        { type: "ref/resource", uri: "cloudm://projects/{projectId}" },
        "projectId",
        "nothing-like-it",
      ),
    ).toEqual([]);
    expect(await complete({ type: "ref/prompt", name: "plan_migration" }, "sourcePlatform", "goo")).toEqual([
      "GoogleWorkspace",
      "GoogleVault",
      "GoogleTakeout",
    ]);
    expect(
      await complete({ type: "ref/prompt", name: "plan_migration" }, "destinationPlatform", "Bo"),
    ).toEqual([]);
    expect(
      await complete({ type: "ref/prompt", name: "diagnose_batch" }, "configurationId", "wave 1"),
    ).toEqual([demo.configurationId]);
    expect(
      await complete({ type: "ref/prompt", name: "diagnose_batch" }, "configurationId", "pilot"),
    ).toEqual([demo.pilotConfigurationId]);
  });

  it("renders the prompts with their arguments", async () => {
    env = await startInProcess();
    const demo = env.sim.demo!;
    const client = await env.connect();
    const plan = await client.getPrompt({
      name: "plan_migration",
      arguments: {
        sourcePlatform: "Microsoft365",
        destinationPlatform: "GoogleWorkspace",
        userCount: "120",
        csvPath: "/data/users.csv",
      },
    });
    const planText = (plan.messages[0]?.content as { text: string }).text;
    expect(planText).toContain("120 users from Microsoft 365 to Google Workspace");
    expect(planText).toContain("filePath /data/users.csv");
    expect(planText).toContain("CheckUsersOnly");
    const bad = await client.getPrompt({
      name: "plan_migration",
      arguments: { sourcePlatform: "Microsoft365", destinationPlatform: "Box", userCount: "5" },
    });
    expect((bad.messages[0]?.content as { text: string }).text).toContain('"Box" cannot be a destination');

    const diagnose = await client.getPrompt({
      name: "diagnose_batch",
      arguments: { configurationId: demo.configurationId },
    });
    const attached = diagnose.messages[1]?.content as {
      type: string;
      resource: { uri: string; text: string };
    };
    expect(attached.resource.uri).toBe(`cloudm://batches/${demo.configurationId}/statistics`);
    // The batch's triage: the demo batch never ran, so nothing failed, and the instance lists failures.
    expect(JSON.parse(attached.resource.text)).toMatchObject({
      failedUsers: { count: 0, causes: [] },
      failedItems: { count: 0, causes: [], listed: true },
    });

    const report = await client.getPrompt({
      name: "migration_status_report",
      arguments: { projectId: demo.projectId },
    });
    expect((report.messages[1]?.content as { resource: { text: string } }).resource.text).toContain(
      "Wave 1 - Sales",
    );
  });

  it("sends server logs at or above each session's level", async () => {
    env = await startInProcess();
    const [debugClient, quietClient] = [await env.connect("debug"), await env.connect("quiet")];
    const seen = { debug: [] as string[], quiet: [] as string[] };
    debugClient.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      seen.debug.push(n.params.level);
    });
    quietClient.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      seen.quiet.push(n.params.level);
    });
    await debugClient.setLoggingLevel("debug");
    await quietClient.setLoggingLevel("error");
    env.shared.logger.debug({ probe: 1 }, "a debug line");
    env.shared.logger.warn({ probe: 2 }, "a warning");
    await sleep(50);
    expect(seen.debug).toEqual(expect.arrayContaining(["debug", "warning"]));
    expect(seen.quiet).toEqual([]);
  });
});
