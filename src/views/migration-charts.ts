/**
 * The pictures of a migration, as HTML and inline SVG strings: one batch's users as a stacked bar, a
 * progress bar, the batches' table, failures by cause, data moved over time. The report page (written
 * by the server) and the live dashboard (drawn in the browser) are built from these, so both show the
 * same figures the same way. Every string from the instance is HTML-escaped here; a figure it did not
 * give reads "not reported". Nothing here touches Node or the DOM: it runs on either side.
 */
import type { BatchSummary, CauseCount } from "../insight/summary.js";
import { dataSize } from "./sizes.js";

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export const figure = (value: number | undefined): string =>
  value === undefined ? "not reported" : String(value);

export function stateLabel(b: Pick<BatchSummary, "state" | "stateReported">): string {
  return b.state ?? (b.stateReported === undefined ? "unknown" : `not understood (${b.stateReported})`);
}

/** CSS for the classes these pictures use; each page adds its own layout around it. */
export const CHART_STYLE = `.done{fill:#2e7d32;background:#2e7d32}.failed{fill:#c62828;background:#c62828}
.running{fill:#1565c0;background:#1565c0}.left{fill:#bbb;background:#bbb}.muted{color:#777}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
td.n{text-align:right;white-space:nowrap}svg text{font-size:12px}
.progress{height:12px;background:#e6e6e6;border-radius:6px;overflow:hidden}.progress>div{height:100%}`;

/** One batch's users as a stacked bar: done, failed, running, left. */
export function usersBar(b: BatchSummary, width = 200): string {
  const { done = 0, failed = 0, remaining = 0 } = b.users;
  const running = Math.min(b.users.running ?? 0, remaining);
  const parts = [
    { n: done, cls: "done" },
    { n: failed, cls: "failed" },
    { n: running, cls: "running" },
    { n: remaining - running, cls: "left" },
  ];
  const total = done + failed + remaining;
  if (total === 0) return '<span class="muted">no figures</span>';
  let x = 0;
  const rects = parts.map(({ n, cls }) => {
    const w = (n / total) * width;
    const rect = `<rect class="${cls}" x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="14"/>`;
    x += w;
    return rect;
  });
  const label = `${done} done, ${failed} failed, ${running} running, ${remaining - running} waiting`;
  // The viewBox lets print CSS narrow the bar to fit the paper.
  return `<svg width="${width}" height="14" viewBox="0 0 ${width} 14" preserveAspectRatio="none" role="img" aria-label="${label}">${rects.join("")}</svg>`;
}

/** The run's progress as the instance gave it, or words saying it did not. */
export function progressBar(percent: number | undefined): string {
  if (percent === undefined) return '<span class="muted">progress not reported</span>';
  const p = Math.max(0, Math.min(100, percent));
  return `<div class="progress" role="progressbar" aria-valuenow="${p}" aria-valuemin="0" aria-valuemax="100"><div class="done" style="width:${p}%"></div></div>`;
}

const finish = (iso: string | undefined) =>
  iso ? `${escapeHtml(iso.slice(0, 16).replace("T", " "))} UTC` : "";

export function batchesTable(batches: readonly BatchSummary[]): string {
  const rows = batches.map(
    (b) =>
      `<tr data-batch="${escapeHtml(b.configurationId)}"><td>${escapeHtml(b.batchName ?? b.configurationId)}</td><td class="state">${escapeHtml(stateLabel(b))}</td><td class="n total">${figure(b.users.total)}</td><td class="n done-users">${figure(b.users.done)}</td><td class="n failed-users">${figure(b.users.failed)}</td><td class="n left-users">${figure(b.users.remaining)}</td><td class="n">${b.dataMovedBytes === undefined ? "not reported" : dataSize(b.dataMovedBytes)}</td><td>${finish(b.estimatedFinish)}</td><td>${usersBar(b)}</td></tr>`,
  );
  return `<table><thead><tr><th>batch</th><th>state</th><th>users</th><th>done</th><th>failed</th><th>left</th><th>data moved</th><th>estimated finish</th><th>users by state</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>`;
}

/** Room for the longest cause label ("missing source or destination account") before the bars. */
const CAUSE_LABEL_WIDTH = 260;
const CAUSE_BAR_WIDTH = 300;

/** Failures by cause over the batches given: users and items that failed, summed per cause. */
export function causesChart(failures: readonly CauseCount[]): string {
  const causes = new Map<string, number>();
  for (const f of failures) causes.set(f.label, (causes.get(f.label) ?? 0) + f.users + f.items);
  if (causes.size === 0) return '<p class="no-failures">No failures recorded.</p>';
  const max = Math.max(...causes.values());
  const rows = [...causes].sort((a, b) => b[1] - a[1]);
  const bars = rows.map(
    ([label, n], i) =>
      `<g class="cause"><text x="0" y="${i * 22 + 14}">${escapeHtml(label)}</text><rect class="failed" x="${CAUSE_LABEL_WIDTH}" y="${i * 22 + 3}" width="${((n / max) * CAUSE_BAR_WIDTH).toFixed(1)}" height="14"/><text class="count" x="${(CAUSE_LABEL_WIDTH + 5 + (n / max) * CAUSE_BAR_WIDTH).toFixed(1)}" y="${i * 22 + 14}">${n}</text></g>`,
  );
  return `<svg width="${CAUSE_LABEL_WIDTH + CAUSE_BAR_WIDTH + 60}" height="${rows.length * 22}" role="img" aria-label="Failures by cause">${bars.join("")}</svg>`;
}

/** Figures read at a moment (our clock): what the throughput chart draws. */
export interface Sample {
  at: string;
  bytes: number;
  /** The run's progress as the instance gave it then. */
  progressPercent?: number;
}

/** Data moved over time as a line, from samples taken while the run was followed. */
export function throughputChart(samples: readonly Sample[], width = 600, height = 120): string {
  if (samples.length < 2)
    return '<p class="muted">Throughput over time appears after the next figures arrive.</p>';
  const times = samples.map((s) => Date.parse(s.at));
  const t0 = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - t0);
  const top = Math.max(1, ...samples.map((s) => s.bytes));
  const points = samples
    .map((s, i) => {
      const x = (((times[i] ?? t0) - t0) / span) * (width - 10) + 5;
      const y = height - 20 - (s.bytes / top) * (height - 30);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return `<p class="muted">Data moved over time</p><svg width="${width}" height="${height}" role="img" aria-label="Data moved over time"><polyline points="${points}" fill="none" stroke="#1565c0" stroke-width="2"/><text x="5" y="${height - 4}">${escapeHtml(new Date(t0).toISOString().slice(11, 19))} UTC</text><text x="${width - 5}" y="12" text-anchor="end">${dataSize(top)}</text></svg>`;
}
