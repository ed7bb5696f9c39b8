/**
 * show_migration_dashboard and refresh_migration_dashboard through a real client: the figures against
 * the simulator's own state, what is listed to hosts that render apps and to those that do not, the
 * view resource, and what open dashboards cost the instance (one statistics poll per interval).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callOk,
  callTool,
  type InProcess,
  RENDERS_APPS,
  startInProcess,
  startRun,
  textOf,
} from "../helpers/in-process.js";
import { statisticsReads, usersOf } from "../helpers/sim-runs.js";

const INTERVAL_MS = 150;
const VIEW = "ui://migrate-mcp/dashboard.html";

interface Figures {
  batches: Array<{
    configurationId: string;
    batchName?: string;
    state?: string;
    progressPercent?: number;
    users: { total?: number; done?: number; failed?: number; remaining?: number; running?: number };
    history: Array<{ at: string; bytes: number }>;
    estimatedFinish?: string;
  }>;
  totals: { users: number; done: number; failed: number; remaining: number };
  refreshAfterMs: number;
}

describe("show_migration_dashboard", () => {
  let env: InProcess;
  let client: Client;
  let apps: Client;
  beforeAll(async () => {
    env = await startInProcess({
      simulator: { clockSpeed: 0 },
      pollIntervalMs: INTERVAL_MS,
      preflightWaitMs: 0,
    });
    client = await env.connect();
    apps = await env.connect("host", undefined, RENDERS_APPS);
  });
  afterAll(() => env.close());

  it("lists the view and the view's own tool only to a host that renders apps", async () => {
    const plain = (await client.listTools()).tools;
    const rich = (await apps.listTools()).tools;
    const show = (tools: typeof plain) => tools.find((t) => t.name === "show_migration_dashboard");
    expect(show(plain)?._meta).toBeUndefined();
    expect(plain.some((t) => t.name === "refresh_migration_dashboard")).toBe(false);
    expect(show(rich)?._meta).toMatchObject({ ui: { resourceUri: VIEW }, "ui/resourceUri": VIEW });
    expect(rich.find((t) => t.name === "refresh_migration_dashboard")?._meta).toMatchObject({
      ui: { resourceUri: VIEW, visibility: ["app"] },
    });
    const modern = await env.connectModern("modern", undefined, RENDERS_APPS);
    await expect(modern.listTools()).resolves.toMatchObject({
      tools: expect.arrayContaining([expect.objectContaining({ name: "refresh_migration_dashboard" })]),
    });
    // A 2026-07-28 session gets the same view and the same figures.
    const shown = await modern.callTool({
      name: "show_migration_dashboard",
      arguments: { projectId: env.sim.demo!.projectId },
    });
    expect(shown.isError, JSON.stringify(shown.content)).toBeFalsy();
    expect(shown.structuredContent).toMatchObject({ scope: "project" });
    const view = await modern.readResource({ uri: VIEW });
    expect(view.contents[0]).toMatchObject({ mimeType: "text/html;profile=mcp-app" });
  });

  it("serves the view as one locked-down MCP Apps document with its script inline", async () => {
    const read = await apps.readResource({ uri: VIEW });
    const [content] = read.contents;
    expect(content).toMatchObject({ uri: VIEW, mimeType: "text/html;profile=mcp-app" });
    expect(content?._meta).toMatchObject({
      ui: { csp: { connectDomains: [], resourceDomains: [], frameDomains: [] } },
    });
    const html = (content as { text: string }).text;
    expect(html).toMatch(/<script>[\s\S]+<\/script>/);
    // Nothing loaded from anywhere, and nothing of the instance or its credentials in the page.
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link\b|@import/i);
    expect(html).not.toContain(env.sim.url);
    expect(html).not.toContain(env.sim.credentials.password);
  });

  it("shows a running batch with the simulator's figures, and refreshes them as the run moves", async () => {
    const demo = env.sim.demo!;
    await startRun(client, demo.configurationId);
    env.sim.clock.advance(60_000);
    const batch = env.sim.state.batches.get(demo.configurationId)!;
    const shown = await callOk<Figures & { scope: string }>(apps, "show_migration_dashboard", {
      configurationId: demo.configurationId,
    });
    expect(shown.scope).toBe("batch");
    expect(batch.run.state).toBe("Running");
    expect(shown.refreshAfterMs).toBe(INTERVAL_MS);
    expect(shown.batches[0]).toMatchObject({ batchName: batch.batchName, state: batch.run.state });
    expect(shown.batches[0]!.users).toMatchObject(usersOf(batch));
    // A step later the run has moved: the finish is estimated from the pace seen, on this server's clock.
    env.sim.clock.advance(15_000);
    const refresh = () =>
      callOk<Figures>(apps, "refresh_migration_dashboard", {
        configurationIds: [demo.configurationId],
      });
    await expect.poll(async () => (await refresh()).batches[0]!.history.length).toBeGreaterThan(1);
    const moving = (await refresh()).batches[0]!;
    expect(moving.state).toBe("Running");
    expect(Date.parse(moving.estimatedFinish!)).toBeGreaterThan(Date.parse(moving.history.at(-1)!.at));
    // The run ends a day later in simulated time; the refreshes follow it there.
    env.sim.clock.advance(24 * 3_600_000);
    await expect
      .poll(
        async () =>
          (
            await callOk<Figures>(apps, "refresh_migration_dashboard", {
              configurationIds: [demo.configurationId],
            })
          ).batches[0]!.state,
        { timeout: 10_000, interval: INTERVAL_MS },
      )
      .not.toBe("Running");
    const after = await callOk<Figures>(apps, "refresh_migration_dashboard", {
      configurationIds: [demo.configurationId],
    });
    expect(after.batches[0]!.state).toBe(batch.run.state);
    expect(after.batches[0]!.users).toMatchObject(usersOf(batch));
    expect(after.batches[0]!.history.length).toBeGreaterThan(1);
  });

  it("shows a whole project: every batch, with the project's name", async () => {
    const demo = env.sim.demo!;
    const shown = await callOk<Figures & { scope: string; projectName?: string }>(
      client,
      "show_migration_dashboard",
      { projectId: demo.projectId },
    );
    const batches = [...env.sim.state.batches.values()].filter((b) => b.projectId === demo.projectId);
    expect(shown).toMatchObject({
      scope: "project",
      projectName: env.sim.state.projects.get(demo.projectId)!.name,
    });
    expect(shown.batches.map((b) => b.configurationId).sort()).toEqual(
      batches.map((b) => b.configurationId).sort(),
    );
    for (const b of batches)
      expect(shown.batches.find((x) => x.configurationId === b.configurationId)!.users).toMatchObject(
        usersOf(b),
      );
  });

  it("asks for exactly one of a batch or a project, and refuses a batch that does not exist", async () => {
    const both = await callTool(client, "show_migration_dashboard", {});
    expect(both.isError).toBe(true);
    expect(textOf(both)).toMatch(/exactly one of configurationId .* or projectId/);
    const followed = env.shared.cloudm!.dashboards.size;
    const unknown = await callTool(client, "show_migration_dashboard", {
      configurationId: "00000000-0000-0000-0000-00000000beef",
    });
    expect(unknown.isError).toBe(true);
    // Nothing is left following a batch that could not be read.
    expect(env.shared.cloudm!.dashboards.size).toBe(followed);
  });
});

describe("ten open dashboards on one batch", () => {
  let env: InProcess;
  beforeAll(async () => {
    env = await startInProcess({
      simulator: { clockSpeed: 0 },
      pollIntervalMs: INTERVAL_MS,
      preflightWaitMs: 0,
    });
  });
  afterAll(() => env.close());

  it("cost one upstream statistics poll per interval, and none once they are torn down", async () => {
    const demo = env.sim.demo!;
    const views = await Promise.all(
      Array.from({ length: 10 }, (_, i) => env.connect(`view-${i}`, undefined, RENDERS_APPS)),
    );
    await startRun(views[0]!, demo.configurationId);
    await callOk(views[0]!, "show_migration_dashboard", { configurationId: demo.configurationId });
    const before = statisticsReads(env.sim);
    const started = Date.now();
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      // Every view asks once an interval, as the view's own script does.
      await Promise.all(
        views.map((v) =>
          callOk(v, "refresh_migration_dashboard", { configurationIds: [demo.configurationId] }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
    const polled = statisticsReads(env.sim) - before;
    const intervals = (Date.now() - started) / INTERVAL_MS;
    // 120 asks, and the instance was read once per interval that passed, however many views asked.
    expect(polled).toBeGreaterThan(0);
    expect(polled).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
    // The views are gone: their lease lapses, the feed lets the batch go and the polling stops.
    await expect.poll(() => env.shared.cloudm!.dashboards.size, { timeout: 5_000 }).toBe(0);
    const stopped = statisticsReads(env.sim);
    await new Promise((resolve) => setTimeout(resolve, 4 * INTERVAL_MS));
    expect(statisticsReads(env.sim)).toBe(stopped);
  });
});
