/**
 * triage_failures and summarize_project on every simulator profile, held against the simulator's own
 * state after a real run: the failures they group add up to the simulator's, the figures match its
 * batch, and neither sends anything but reads upstream.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimBatch } from "../../src/simulator/cloudm/model.js";
import { projectReportHtml } from "../../src/views/project-report.js";
import {
  accept,
  callOk,
  callTool,
  type InProcess,
  runBatchToEnd,
  startInProcess,
  startRun,
  textOf,
} from "../helpers/in-process.js";
import { PROFILES } from "../helpers/truth.js";

interface CauseGroup {
  cause: string;
  count: number;
  examples: Array<{ user: string; reason: string }>;
  restart: string;
}
interface Triage {
  failedUsers: { count: number; causes: CauseGroup[] };
  failedItems: { count: number; causes: CauseGroup[]; listed: boolean };
}
interface Summary {
  batches: Array<{
    configurationId: string;
    state?: string;
    users: { total?: number; done?: number; failed?: number; remaining?: number };
    dataMovedBytes?: number;
    failures: Array<{ cause: string; users: number; items: number }>;
  }>;
  totals: { users: number; done: number; failed: number };
  notReported: string[];
}

/** Upstream requests other than reads (and the sign-in) made while `act` ran. */
async function writesDuring(env: InProcess, act: () => Promise<unknown>) {
  const before = env.sim.requests.length;
  await act();
  return env.sim.requests
    .slice(before)
    .filter((r) => r.method !== "GET" && !/account\/login/i.test(r.path))
    .map((r) => `${r.method} ${r.path}`);
}

describe.each(PROFILES)("on the %s profile", (profile) => {
  let env: InProcess;
  let client: Client;
  let batch: () => SimBatch;
  beforeAll(async () => {
    env = await startInProcess({ simulator: { profile, clockSpeed: 0 }, preflightWaitMs: 0 });
    client = await env.connect("human", () => accept());
    const id = env.sim.demo?.configurationId ?? "";
    batch = () => {
      const found = env.sim.state.batches.get(id);
      if (!found) throw new Error("the demo batch is gone");
      return found;
    };
    // The run is over in the simulator, with whatever failed on the way.
    await runBatchToEnd(env, client, id);
  });
  afterAll(() => env.close());

  it("triages every failure the simulator recorded into the cause of its own words", async () => {
    const configurationId = batch().configurationId;
    let triage: Triage | undefined;
    expect(
      await writesDuring(env, async () => {
        triage = await callOk<Triage>(client, "triage_failures", { configurationId });
      }),
    ).toEqual([]);
    const items = [...batch().items.values()];
    const failedUsers = items.filter((i) => i.state === "Failed");
    const itemFailures = items.filter((i) => i.state !== "Failed").flatMap((i) => i.failures);
    expect(triage?.failedUsers.count).toBe(failedUsers.length);
    const sum = (groups: CauseGroup[] = []) => groups.reduce((n, g) => n + g.count, 0);
    expect(sum(triage?.failedUsers.causes)).toBe(failedUsers.length);
    expect(triage?.failedItems.listed).toBe(true);
    expect(triage?.failedItems.count).toBe(itemFailures.length);
    expect(sum(triage?.failedItems.causes)).toBe(itemFailures.length);
    // Every failure lands under the cause the simulator failed it for, read from the instance's words.
    const tally = (causes: string[]) => {
      const counts = new Map<string, number>();
      for (const cause of causes) counts.set(cause, (counts.get(cause) ?? 0) + 1);
      return counts;
    };
    expect(new Map(triage?.failedItems.causes.map((g) => [g.cause, g.count]))).toEqual(
      tally(itemFailures.map((f) => f.cause)),
    );
    const userCause = (i: (typeof items)[number]) =>
      (i.failures.find((f) => f.failure.type === "User") ?? i.failures[0])?.cause ?? "other";
    expect(new Map(triage?.failedUsers.causes.map((g) => [g.cause, g.count]))).toEqual(
      tally(failedUsers.map(userCause)),
    );
    // Examples quote the instance's reasons, never our own.
    const reasons = new Set(items.flatMap((i) => i.failures.map((f) => f.failure.reason)));
    for (const g of [...(triage?.failedUsers.causes ?? []), ...(triage?.failedItems.causes ?? [])])
      for (const e of g.examples) expect(reasons.has(e.reason) || e.reason === "no reason given").toBe(true);
  });

  it("summarises the project with the simulator's figures", async () => {
    const projectId = env.sim.demo?.projectId ?? "";
    let result: Awaited<ReturnType<typeof callTool>> | undefined;
    expect(
      await writesDuring(env, async () => {
        result = await callTool(client, "summarize_project", { projectId });
      }),
    ).toEqual([]);
    expect(result?.isError, textOf(result ?? { content: [] })).toBeFalsy();
    const summary = result?.structuredContent as unknown as Summary;
    const mine = summary.batches.find((b) => b.configurationId === batch().configurationId);
    if (!mine) {
      // An instance that lists no batches (the guide documents no list) must say so, not show none.
      expect(profile).toBe("guide");
      expect(summary.notReported.join(" ")).toMatch(/batches/);
      return;
    }
    const items = [...batch().items.values()];
    expect(mine.state).toBe(batch().run.state);
    expect(mine.users.total).toBe(items.length);
    expect(mine.users.failed).toBe(items.filter((i) => i.state === "Failed").length);
    expect(mine.users.done).toBe(items.filter((i) => i.state === "Success" || i.state === "Warning").length);
    const failuresCounted = mine.failures.reduce((n, f) => n + f.users + f.items, 0);
    const failedUsers = items.filter((i) => i.state === "Failed").length;
    const itemFailures = items.filter((i) => i.state !== "Failed").flatMap((i) => i.failures).length;
    expect(failuresCounted).toBe(failedUsers + itemFailures);
    expect(textOf(result ?? { content: [] })).toMatch(/Project "/);
  });

  it("reads the summary as a resource too", async () => {
    const projectId = env.sim.demo?.projectId ?? "";
    const read = await client.readResource({ uri: `cloudm://projects/${projectId}/summary` });
    const first = read.contents[0];
    const body = JSON.parse(first && "text" in first ? first.text : "{}") as Summary;
    expect(body.totals.users).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(body.batches)).toBe(true);
  });
});

describe("summarize_project's estimated finish", () => {
  let env: InProcess;
  let client: Client;
  beforeAll(async () => {
    env = await startInProcess({ simulator: { clockSpeed: 0 }, preflightWaitMs: 0 });
    client = await env.connect("human", () => accept());
  });
  afterAll(() => env.close());

  it("measures the run's pace by the instance's clock, not ours", async () => {
    // The instance's clock is two days ahead of this server's: its times are not ours.
    env.sim.clock.advance(2 * 86_400_000);
    const configurationId = env.sim.demo?.configurationId ?? "";
    await startRun(client, configurationId);
    const run = () => env.sim.state.batches.get(configurationId)!.run;
    let summary: {
      batches: Array<{ configurationId: string; progressPercent?: number; estimatedFinish?: string }>;
    };
    let mine: (typeof summary.batches)[number] | undefined;
    for (let step = 0; step < 200; step++) {
      env.sim.clock.advance(60_000);
      summary = await callOk(client, "summarize_project", { projectId: env.sim.demo?.projectId ?? "" });
      mine = summary.batches.find((b) => b.configurationId === configurationId);
      if ((mine?.progressPercent ?? 0) >= 20) break;
    }
    expect(run().state).toBe("Running");
    const progress = mine?.progressPercent ?? 0;
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(100);
    const started = run().startedAt!;
    const expected = started + ((env.sim.clock.now() - started) * 100) / progress;
    // The instance dates its answers to the second.
    expect(Math.abs(Date.parse(mine?.estimatedFinish ?? "") - expected)).toBeLessThanOrEqual(
      (1_000 * 100) / progress + 1_000,
    );
  });
});

describe("asked about what is not there", () => {
  let env: InProcess;
  let client: Client;
  beforeAll(async () => {
    env = await startInProcess({ simulator: { clockSpeed: 0 } });
    client = await env.connect();
  });
  afterAll(() => env.close());

  it("names the argument to correct, for a project or a batch that does not exist", async () => {
    const missing = "00000000-0000-0000-0000-000000000000";
    const summary = await callTool(client, "summarize_project", { projectId: missing });
    expect(summary.isError).toBe(true);
    expect(textOf(summary)).toMatch(/projectId: no project '0{8}-/);
    const triage = await callTool(client, "triage_failures", { configurationId: missing });
    expect(triage.isError).toBe(true);
    expect(textOf(triage)).toMatch(/configurationId|batch/i);
  });
});

describe("export_project_report", () => {
  let env: InProcess;
  let client: Client;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "report-"));
    env = await startInProcess({
      argv: ["--allow-dir", dir],
      simulator: { clockSpeed: 0 },
      preflightWaitMs: 0,
    });
    client = await env.connect("human", () => accept());
  });
  afterAll(async () => {
    await env.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes one self-contained page with the simulator's figures, escaping what the instance named", async () => {
    const demo = env.sim.demo!;
    await runBatchToEnd(env, client, demo.configurationId);
    const project = env.sim.state.projects.get(demo.projectId)!;
    project.name = `<img src=x onerror="alert(1)">Contoso`;
    const savePath = join(dir, "report.html");
    const out = await callOk<{ savedTo: string; batches: number }>(client, "export_project_report", {
      projectId: demo.projectId,
      savePath,
    });
    const html = await readFile(out.savedTo, "utf8");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Contoso");
    expect(html).not.toContain("<img");
    // Nothing runs and nothing is fetched: no script, no attribute that loads anything.
    expect(html).not.toMatch(/<script|<[^>]*\b(src|href)=|url\(/i);
    expect(html).toContain("default-src 'none'");
    // This harness configures the simulator as a real instance would be: no demo banner.
    expect(html).not.toContain("SIMULATOR");
    const batches = [...env.sim.state.batches.values()].filter((b) => b.projectId === demo.projectId);
    expect(out.batches).toBe(batches.length);
    for (const b of batches) {
      const items = [...b.items.values()];
      const failed = items.filter((i) => i.state === "Failed").length;
      const done = items.filter((i) => i.state === "Success" || i.state === "Warning").length;
      expect(html).toContain(
        `<td>${b.batchName}</td><td class="state">${b.run.state}</td><td class="n total">${items.length}</td><td class="n done-users">${done}</td><td class="n failed-users">${failed}</td>`,
      );
    }
  });

  it("says on the page itself when its figures come from the simulator", () => {
    const empty = {
      projectId: "p",
      projectName: undefined,
      batches: [],
      totals: { users: 0, done: 0, failed: 0, remaining: 0, dataMovedBytes: 0 },
      batchesNotRead: 0,
      licence: undefined,
      notReported: [],
      readAt: "2026-12-03T00:00:00.000Z",
    };
    expect(projectReportHtml(empty, { simulator: true })).toContain("SIMULATOR: demo data");
    expect(projectReportHtml(empty, { simulator: false })).not.toContain("SIMULATOR");
    // No batch read (an instance that lists none): its failures are unknown, not absent.
    expect(projectReportHtml(empty, { simulator: false })).toContain("failures are not known");
    expect(projectReportHtml(empty, { simulator: false })).not.toContain("No failures recorded");
  });

  it("never overwrites a file, and writes nowhere but the allowed folder", async () => {
    const projectId = env.sim.demo!.projectId;
    const savePath = join(dir, "twice.html");
    await callOk(client, "export_project_report", { projectId, savePath });
    const again = await callTool(client, "export_project_report", { projectId, savePath });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/savePath: .* already exists/);
    const outside = await callTool(client, "export_project_report", {
      projectId,
      savePath: join(tmpdir(), "elsewhere-report.html"),
    });
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toContain("savePath");
  });
});
