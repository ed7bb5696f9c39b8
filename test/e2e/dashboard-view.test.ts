/**
 * The dashboard as a person sees it: headless Chromium loads a minimal MCP Apps host page
 * (test/browser/apps-host.ts) that renders the server's view in a sandboxed iframe under the CSP the
 * view's resource declares, and relays the view's tool calls to the server through a real MCP client.
 * Checked: the figures against the simulator's state, the view following the run to its end, buttons
 * that only send messages, what the model is told, and that open views cost no upstream polls.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { build } from "rolldown";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/simulator/cloudm/seed.js";
import { launchChromium } from "../helpers/browser.js";
import { connectDemo, type McpSession, textOf } from "../helpers/mcp.js";
import {
  callTool,
  type InProcess,
  RENDERS_APPS,
  startInProcess,
  startRun,
  structuredOf,
} from "../helpers/in-process.js";
import { statisticsReads, usersOf } from "../helpers/sim-runs.js";

const INTERVAL_MS = 200;
const VIEW = "ui://migrate-mcp/dashboard.html";

/** Where the README's screenshot is written when MIGRATE_MCP_SCREENSHOTS names a folder. */
const SCREENSHOTS = process.env.MIGRATE_MCP_SCREENSHOTS;

interface UiCsp {
  connectDomains?: string[];
  resourceDomains?: string[];
  frameDomains?: string[];
}

/** The policy a host puts on a view from its declared domains: with none declared, nothing loads. */
function cspOf(csp: UiCsp): string {
  const from = (domains: string[] | undefined) => (domains?.length ? domains.join(" ") : "'none'");
  const resources = csp.resourceDomains?.join(" ") ?? "";
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${resources}`.trim(),
    `style-src 'unsafe-inline' ${resources}`.trim(),
    `img-src data: ${resources}`.trim(),
    `connect-src ${from(csp.connectDomains)}`,
    `frame-src ${from(csp.frameDomains)}`,
    "base-uri 'none'",
  ].join("; ");
}

async function hostScript(): Promise<string> {
  const bundle = await build({
    input: join(import.meta.dirname, "../browser/apps-host.ts"),
    platform: "browser",
    write: false,
    output: { format: "iife" },
    logLevel: "silent",
  });
  return bundle.output[0].code;
}

/** What the test host page sees of one server: its view, and what the view did through the host. */
interface ViewHost {
  toolCalls: string[];
  pageErrors: string[];
  openHostPage: () => Promise<Page>;
  openView: (on: Page, id: string, result: CallToolResult) => Promise<FrameLocator>;
}

/** A host for `client`'s server: the view read once, host pages whose tool calls go through `client`. */
async function viewHost(browser: Browser, client: Client, script: string): Promise<ViewHost> {
  const read = await client.readResource({ uri: VIEW });
  const content = read.contents[0] as { text: string; _meta?: { ui?: { csp?: UiCsp } } };
  const csp = cspOf(content._meta?.ui?.csp ?? {});
  const toolCalls: string[] = [];
  const pageErrors: string[] = [];
  return {
    toolCalls,
    pageErrors,
    openHostPage: async () => {
      const opened = await browser.newPage({ viewport: { width: 800, height: 900 } });
      opened.on("pageerror", (error) => pageErrors.push(error.message));
      opened.on("console", (message) => {
        if (message.type() === "error") pageErrors.push(message.text());
      });
      await opened.exposeFunction("hostCallTool", async (params: { name: string }) => {
        toolCalls.push(params.name);
        return client.callTool(params as { name: string; arguments?: Record<string, unknown> });
      });
      await opened.setContent("<!doctype html><html><body></body></html>");
      await opened.addScriptTag({ content: script });
      return opened;
    },
    openView: async (on, id, result) => {
      await on.evaluate(
        ([frameId, view, policy, shown]) =>
          (globalThis as unknown as { openView: (...a: unknown[]) => Promise<void> }).openView(
            frameId,
            view,
            policy,
            shown,
          ),
        [id, content.text, csp, result] as const,
      );
      return on.frameLocator(`#${id}`);
    },
  };
}

/** A row of the view's batches table, read as the person sees it. */
function rowCells(view: FrameLocator, configurationId: string) {
  const row = view.locator(`tr[data-batch="${configurationId}"]`);
  return async () => ({
    state: await row.locator(".state").innerText(),
    total: Number(await row.locator(".total").innerText()),
    done: Number(await row.locator(".done-users").innerText()),
    failed: Number(await row.locator(".failed-users").innerText()),
    remaining: Number(await row.locator(".left-users").innerText()),
  });
}

let browser: Browser;
let script: string;
beforeAll(async () => {
  script = await hostScript();
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("the dashboard view in Chromium", () => {
  let env: InProcess;
  let host: Client;
  let page: Page;
  let toolCalls: string[];
  let pageErrors: string[];
  let openHostPage: ViewHost["openHostPage"];
  let openView: ViewHost["openView"];

  beforeAll(async () => {
    env = await startInProcess({
      simulator: { clockSpeed: 0 },
      pollIntervalMs: INTERVAL_MS,
      preflightWaitMs: 0,
    });
    host = await env.connect("chromium-host", undefined, RENDERS_APPS);
    ({ toolCalls, pageErrors, openHostPage, openView } = await viewHost(browser, host, script));
  });
  afterAll(() => env?.close());

  it("shows a running batch as the simulator has it, and follows the run to its end", async () => {
    const demo = env.sim.demo!;
    await startRun(host, demo.configurationId);
    env.sim.clock.advance(60_000);
    const batch = env.sim.state.batches.get(demo.configurationId)!;
    const shown = (await callTool(host, "show_migration_dashboard", {
      configurationId: demo.configurationId,
    })) as CallToolResult;
    structuredOf(shown);
    page = await openHostPage();
    const view = await openView(page, "dashboard", shown);
    const cells = rowCells(view, demo.configurationId);
    await expect.poll(() => view.locator(`tr[data-batch="${demo.configurationId}"]`).count()).toBe(1);
    expect(batch.run.state).toBe("Running");
    expect(await cells()).toEqual({ state: "Running", ...usersOf(batch) });
    await expect.poll(() => view.locator("h1").innerText()).toBe(`Batch ${batch.batchName}`);
    const progress = view.getByRole("progressbar");
    expect(Number(await progress.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    expect(await view.getByRole("button", { name: "Stop the run" }).isVisible()).toBe(true);
    // The run moves on: the view follows each step, and draws the data moved over time.
    for (let step = 0; step < 3; step++) {
      const before = (await cells()).done;
      env.sim.clock.advance(15_000);
      await expect.poll(async () => (await cells()).done, { timeout: 10_000 }).toBeGreaterThan(before);
      expect(await cells()).toEqual({ state: batch.run.state, ...usersOf(batch) });
    }
    await expect.poll(() => view.locator(".throughput svg polyline").count()).toBe(1);
    if (SCREENSHOTS) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.locator("#dashboard").screenshot({ path: join(SCREENSHOTS, "dashboard.png") });
    }
    // The run ends a day later in simulated time: the view refreshes itself there, with no one asking.
    env.sim.clock.advance(24 * 3_600_000);
    await expect.poll(async () => (await cells()).state, { timeout: 15_000 }).not.toBe("Running");
    expect(await cells()).toEqual({ state: batch.run.state, ...usersOf(batch) });
    expect(toolCalls).toContain("refresh_migration_dashboard");
    expect(pageErrors).toEqual([]);
  });

  it("tells the model what the user is looking at", async () => {
    const said = await page.evaluate(
      () => (globalThis as unknown as { asked: { modelContext: unknown[] } }).asked.modelContext,
    );
    const batch = env.sim.state.batches.get(env.sim.demo!.configurationId)!;
    const last = JSON.stringify(said.at(-1));
    // The batch's name is the instance's: quoted, as all upstream text the model reads.
    expect(last).toContain(
      `The user is looking at the live migration dashboard of Batch ${JSON.stringify(JSON.stringify(batch.batchName)).slice(1, -1)}`,
    );
    expect(last).toContain(`${usersOf(batch).done} of ${usersOf(batch).total} users done`);
  });

  it("asks the model through the host when a button is pressed, and calls no tool itself", async () => {
    const view = page.frameLocator("#dashboard");
    const restart = view.getByRole("button", { name: "Restart failed users" });
    await expect.poll(() => restart.count()).toBe(1);
    const calls = toolCalls.length;
    const writes = env.sim.requests.filter((r) => r.method !== "GET").length;
    await restart.click();
    await view.getByRole("button", { name: /^Why did \d+ fail\?$/ }).click();
    const messages = await page.evaluate(
      () => (globalThis as unknown as { asked: { messages: unknown[] } }).asked.messages,
    );
    const texts = JSON.stringify(messages);
    expect(texts).toContain(`Restart the failed users of batch ${env.sim.demo!.configurationId}`);
    expect(texts).toContain("Run triage_failures on it.");
    // Nothing but the view's own refreshes reached the server, and nothing was written upstream.
    expect(toolCalls.slice(calls).every((name) => name === "refresh_migration_dashboard")).toBe(true);
    expect(env.sim.requests.filter((r) => r.method !== "GET").length).toBe(writes);
    await page.evaluate(() =>
      (globalThis as unknown as { closeView: (id: string) => Promise<void> }).closeView("dashboard"),
    );
  });

  it("costs one upstream poll per interval with ten views open, and none once they are closed", async () => {
    const demo = env.sim.demo!;
    await startRun(host, demo.pilotConfigurationId);
    env.sim.clock.advance(10_000);
    const shown = (await callTool(host, "show_migration_dashboard", {
      configurationId: demo.pilotConfigurationId,
    })) as CallToolResult;
    // The clock is stopped: the run stays where it is, and the watcher polls it every interval.
    expect(env.sim.state.batches.get(demo.pilotConfigurationId)!.run.state).toBe("Running");
    const ten = await openHostPage();
    for (let i = 0; i < 10; i++) await openView(ten, `view${i}`, shown);
    const refreshes = () => toolCalls.filter((n) => n === "refresh_migration_dashboard").length;
    const refreshesBefore = refreshes();
    const before = statisticsReads(env.sim);
    const started = Date.now();
    // The ten views ask every interval, each on its own: wait for sixty of their asks, however long
    // a loaded machine takes to make them.
    await expect.poll(() => refreshes() - refreshesBefore, { timeout: 20_000 }).toBeGreaterThanOrEqual(60);
    const polled = statisticsReads(env.sim) - before;
    const intervals = (Date.now() - started) / INTERVAL_MS;
    // The instance was read at most once an interval, however many views asked.
    expect(polled).toBeGreaterThan(0);
    expect(polled).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
    for (let i = 0; i < 10; i++)
      await ten.evaluate(
        (id) => (globalThis as unknown as { closeView: (id: string) => Promise<void> }).closeView(id),
        `view${i}`,
      );
    await expect.poll(() => env.shared.cloudm!.dashboards.size, { timeout: 5_000 }).toBe(0);
    const closed = statisticsReads(env.sim);
    await new Promise((resolve) => setTimeout(resolve, 4 * INTERVAL_MS));
    expect(statisticsReads(env.sim)).toBe(closed);
    expect(pageErrors).toEqual([]);
  });
});

describe("the dashboard view in demo mode", () => {
  let demo: McpSession;
  beforeAll(async () => {
    // Slow enough for the view to see the run move; the demo's poll interval (500 ms) is its own.
    demo = await connectDemo({ capabilities: RENDERS_APPS, env: { MIGRATE_MCP_SIMULATOR_SPEED: "20" } });
  });
  afterAll(() => demo?.close());

  /** The simulator's own get-statistics answer for the batch, over its HTTP API. */
  async function simulatorSummary(instanceUrl: string, configurationId: string) {
    const login = await fetch(`${instanceUrl}/api/Account/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userEmail: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const answer = await fetch(
      `${instanceUrl}/api/ConnectionBatchesProgress/get-statistics?configurationId=${configurationId}`,
      { headers: { authorization: `Bearer ${accessToken}` } },
    );
    const body = (await answer.json()) as {
      state: string;
      summary: { totalUsers: number; completedUsers: number; failedUsers: number };
    };
    const { totalUsers, completedUsers, failedUsers } = body.summary;
    return {
      state: body.state,
      total: totalUsers,
      done: completedUsers,
      failed: failedUsers,
      remaining: totalUsers - completedUsers - failedUsers,
    };
  }

  it("renders a running batch, says it is the simulator, and updates until the run ends as the simulator says", async () => {
    const { instanceUrl } = (await demo.ok("whoami")) as { instanceUrl: string };
    const { projects } = (await demo.ok("list_projects")) as { projects: Array<{ projectId: string }> };
    const batches = await Promise.all(
      projects.map(
        async (p) =>
          (
            (await demo.ok("get_project", { projectId: p.projectId })) as {
              batches: Array<{ configurationId: string; batchName?: string }>;
            }
          ).batches,
      ),
    );
    const wave = batches.flat().find((b) => b.batchName === "Wave 1 - Sales")!;
    const preview = await demo.call("start_migration", {
      configurationId: wave.configurationId,
      mode: "StartMigration",
    });
    const { confirmationToken } = preview.structuredContent as { confirmationToken: string };
    await demo.ok("start_migration", {
      configurationId: wave.configurationId,
      mode: "StartMigration",
      confirmationToken,
    });
    const shown = await demo.call("show_migration_dashboard", { configurationId: wave.configurationId });
    expect(shown.isError, textOf(shown)).toBeFalsy();
    const host = await viewHost(browser, demo.client, script);
    const page = await host.openHostPage();
    const view = await host.openView(page, "dashboard", shown);
    expect(await view.locator(".banner").innerText()).toContain("SIMULATOR");
    const cells = rowCells(view, wave.configurationId);
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          const now = await cells();
          seen.add(now.done);
          return now.state;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe("Completed");
    // It moved on screen, with no one asking, and ended where the simulator says the run ended.
    expect(seen.size).toBeGreaterThan(1);
    expect(await cells()).toEqual(await simulatorSummary(instanceUrl, wave.configurationId));
    expect(host.toolCalls.every((name) => name === "refresh_migration_dashboard")).toBe(true);
    expect(host.pageErrors).toEqual([]);
  }, 90_000);
});
