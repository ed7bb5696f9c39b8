/**
 * The project report page as a stakeholder opens it: export_project_report writes it for the demo
 * tenant's project, headless Chromium renders it, and what the rendered page says is held against the
 * simulator's own state. The page fetches nothing, runs nothing, and prints to a PDF, its tables and
 * charts within an A4 page.
 *
 * With MIGRATE_MCP_SCREENSHOTS=<dir> set, the test also saves the rendered page as
 * <dir>/report-page.png; the README's picture is made so:
 * `npm run build && MIGRATE_MCP_SCREENSHOTS=docs npx vitest run test/e2e/report-page.test.ts`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCause } from "../../src/insight/failure-causes.js";
import { licenceKey } from "../../src/simulator/cloudm/licences.js";
import type { SimBatch, SimItem } from "../../src/simulator/cloudm/model.js";
import { dataSize } from "../../src/views/sizes.js";
import { launchChromium } from "../helpers/browser.js";
import { accept, callOk, type InProcess, startInProcess } from "../helpers/in-process.js";

/** Wide enough for the batches table on one line per batch, narrow enough for a small PNG. */
const VIEWPORT = { width: 1000, height: 700 };
/** CSS pixels per unit, as a browser lays out a printed page (96 to the inch). */
const PX_PER: Record<string, number> = { px: 1, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, pt: 96 / 72 };
const A4_WIDTH_PX = (210 / 25.4) * 96;

const isDone = (i: SimItem) => i.state === "Success" || i.state === "Warning";

/** A batch's row as the page must show it, from the simulator's items. */
function expectedRow(b: SimBatch) {
  const items = [...b.items.values()];
  const done = items.filter(isDone).length;
  const failed = items.filter((i) => i.state === "Failed").length;
  const left = items.length - done - failed;
  const moved = items
    .flatMap((i) => Object.values(i.totals))
    .reduce((n, c) => n + (c?.sizeImportedBytes ?? 0), 0);
  return {
    cells: [b.batchName, b.run.state, items.length, done, failed, left, dataSize(moved)].map(String),
    bar: { done, failed, left, running: b.run.running.length },
  };
}

/**
 * Failures per cause, as the simulator failed them: a failed user once, by its own (user-level)
 * failure; every item failure of the other users. Keyed by the label the page shows for the cause.
 */
function expectedCauses(batches: SimBatch[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of batches.flatMap((b) => [...b.items.values()])) {
    const causes =
      item.state === "Failed"
        ? [(item.failures.find((f) => f.failure.type === "User") ?? item.failures[0])?.cause ?? "other"]
        : item.failures.map((f) => f.cause);
    for (const cause of causes) {
      const { label } = describeCause(cause);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  return counts;
}

/** Where an element is drawn; a shape of no width (a bar part for zero users) has no box. */
async function box(element: Locator) {
  return (await element.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
}

/** The page margin the report's own @page rule asks printing for, in CSS pixels; 0 without one. */
async function printMarginPx(page: Page): Promise<number> {
  const css = (await page.locator("head style").allTextContents()).join("\n");
  const margin = /@page\s*\{[^}]*\bmargin\s*:\s*([\d.]+)(px|in|cm|mm|pt)\b/.exec(css);
  return margin ? Number(margin[1]) * (PX_PER[margin[2] ?? ""] ?? Number.NaN) : 0;
}

/** The pages of a PDF Chromium wrote: its page objects, and the count its page tree gives. */
function pdfPages(pdf: Buffer): { objects: number; counted: number } {
  const text = pdf.toString("latin1");
  return {
    objects: text.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0,
    counted: Number(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text)?.[1] ?? 0),
  };
}

/** A PDF's document title, from its info dictionary (a literal string, as Skia writes an ASCII one). */
const pdfTitle = (pdf: Buffer) =>
  /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(pdf.toString("latin1"))?.[1]?.replace(/\\(.)/g, "$1");

describe("the project report page, rendered in Chromium", () => {
  let env: InProcess;
  let client: Client;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let fileUrl: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const projectBatches = () =>
    [...env.sim.state.batches.values()].filter((b) => b.projectId === env.sim.demo?.projectId);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "report-page-"));
    env = await startInProcess({
      argv: ["--allow-dir", dir],
      simulator: { profile: "full", clockSpeed: 0 },
      preflightWaitMs: 0,
    });
    client = await env.connect("human", () => accept());
    const out = await callOk<{ savedTo: string }>(client, "export_project_report", {
      projectId: env.sim.demo?.projectId ?? "",
      savePath: join(dir, "report.html"),
    });
    fileUrl = pathToFileURL(out.savedTo).href;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    await page.goto(fileUrl, { waitUntil: "load" });
    const shots = process.env.MIGRATE_MCP_SCREENSHOTS;
    if (shots) await page.screenshot({ path: join(shots, "report-page.png"), fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("names the project the simulator holds", async () => {
    const project = env.sim.state.projects.get(env.sim.demo?.projectId ?? "");
    expect(project).toBeDefined();
    expect(await page.locator("h1").innerText()).toBe(`Migration report: ${project?.name}`);
    expect(await page.title()).toBe(`Migration report: ${project?.name}`);
  });

  it("shows every batch's users, data moved and progress as the simulator counts them", async () => {
    const batches = projectBatches();
    expect(batches.length).toBeGreaterThan(1);
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBe(batches.length);
    for (const b of batches) {
      const want = expectedRow(b);
      const row = rows.filter({ has: page.locator("td:first-child", { hasText: b.batchName }) });
      expect(await row.count(), b.batchName).toBe(1);
      expect((await row.locator("td").allInnerTexts()).slice(0, want.cells.length)).toEqual(want.cells);
      const { done, failed, left, running } = want.bar;
      const bar = row.getByRole("img", {
        name: `${done} done, ${failed} failed, ${running} running, ${left - running} waiting`,
      });
      expect(await bar.isVisible(), `${b.batchName}'s progress bar`).toBe(true);
      // Drawn in proportion, not only labelled so.
      const whole = (await box(bar)).width;
      for (const [cls, n] of [
        ["done", done],
        ["failed", failed],
        ["running", running],
        ["left", left - running],
      ] as const)
        expect((await box(bar.locator(`rect.${cls}`))).width).toBeCloseTo(
          (n / (done + failed + left)) * whole,
          0,
        );
    }
    const bars = batches.map((b) => expectedRow(b).bar);
    const sum = (pick: (x: (typeof bars)[number]) => number) => bars.reduce((n, x) => n + pick(x), 0);
    const users = sum((x) => x.done + x.failed + x.left);
    expect(await page.locator("h1 + p").innerText()).toContain(
      `${batches.length} batch(es): ${users} users, ${sum((x) => x.done)} done, ${sum((x) => x.failed)} failed, ${sum((x) => x.left)} left`,
    );
  });

  it("charts failures by the cause the simulator failed them for, bars in proportion", async () => {
    const want = expectedCauses(projectBatches());
    // The demo's pilot has run with failures: a chart of one cause or none would prove little.
    expect(want.size).toBeGreaterThan(1);
    const chart = page.getByRole("img", { name: "Failures by cause" });
    expect(await chart.isVisible()).toBe(true);
    // Each cause is drawn as its name, its bar and its count, in that order.
    const texts = chart.locator("text");
    const bars = chart.locator("rect");
    expect(await bars.count()).toBe(want.size);
    const drawn = [];
    for (let i = 0; i < want.size; i++) {
      const [name, bar, count] = [texts.nth(2 * i), bars.nth(i), texts.nth(2 * i + 1)];
      drawn.push({
        label: await name.textContent(),
        count: Number(await count.textContent()),
        name: await box(name),
        bar: await box(bar),
      });
    }
    expect(new Map(drawn.map((d) => [d.label, d.count]))).toEqual(want);
    const most = Math.max(...drawn.map((d) => d.count));
    const longest = Math.max(...drawn.map((d) => d.bar.width));
    for (const d of drawn) {
      expect(d.bar.width, `${d.label}'s bar`).toBeCloseTo((d.count / most) * longest, 0);
      // In the fonts this browser has, a cause's name ends before its bar begins.
      expect(d.name.x + d.name.width, `${d.label}'s name`).toBeLessThan(d.bar.x);
    }
  });

  it("states the licence use of the simulator's pool", async () => {
    const { state } = env.sim;
    const usedByProject = new Set(
      projectBatches().flatMap((b) =>
        [...b.items.values()].map((i) => licenceKey(state, b, i)).filter((k) => state.licensedUsers.has(k)),
      ),
    ).size;
    expect(usedByProject).toBeGreaterThan(0);
    const expires = new Date(state.licence.expiresOn ?? Number.NaN).toISOString().slice(0, 10);
    expect(await page.locator("h2:text-is('Licences') + p").innerText()).toBe(
      `${state.licencesAvailable} of ${state.limits.licenceCount} user licences available; this project uses ${usedByProject}; expires ${expires}.`,
    );
  });

  it("loads nothing but itself, runs no script, and its own policy refuses one", async () => {
    expect(requests).toEqual([fileUrl]);
    expect(consoleErrors).toEqual([]);
    expect(await page.locator("script, iframe, object, embed, img, link, base").count()).toBe(0);
    const title = await page.title();
    // Settled either way, so a failure below leaves no rejection behind when the browser closes.
    const refusal = page
      .waitForEvent("console", {
        predicate: (m) => m.type() === "error" && /Content Security Policy/i.test(m.text()),
      })
      .then(
        (m) => m.text(),
        (error: Error) => `no refusal: ${error.message}`,
      );
    // Playwright itself reports the refusal, when it sees it first.
    await page.addScriptTag({ content: "document.title = 'a script ran'" }).catch(() => undefined);
    expect(await page.title()).toBe(title);
    expect(await refusal).toMatch(/script-src|default-src/);
    expect(requests).toEqual([fileUrl]);
  });

  it("prints: tables and charts within an A4 page, and to a PDF of the page", async () => {
    const margin = await printMarginPx(page);
    expect(margin, "the page sets its printed margins (@page)").toBeGreaterThan(0);
    await page.emulateMedia({ media: "print" });
    try {
      // Laid out as on paper: the width of an A4 page inside those margins.
      const paper = Math.floor(A4_WIDTH_PX - 2 * margin);
      await page.setViewportSize({ width: paper, height: VIEWPORT.height });
      const shown = [page.locator("table"), ...(await page.locator("svg").all())];
      for (const element of shown) {
        expect(await element.isVisible()).toBe(true);
        const { x, width } = await box(element);
        expect(x + width, "drawn past the paper's edge").toBeLessThanOrEqual(paper);
      }

      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.subarray(-8).toString("latin1")).toMatch(/%%EOF\s*$/);
      expect(pdf.length).toBeGreaterThan(1024);
      const pages = pdfPages(pdf);
      expect(pages.objects).toBeGreaterThan(0);
      expect(pages.counted).toBe(pages.objects);
      expect(pdfTitle(pdf)).toBe(await page.title());
    } finally {
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize(VIEWPORT);
    }
  });
});
