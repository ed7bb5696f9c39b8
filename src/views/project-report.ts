/**
 * A project's summary as one self-contained HTML page for stakeholders: no script, no remote origin
 * (its own Content-Security-Policy says so), charts as inline SVG, printable to PDF by a browser. Every
 * string from the instance is HTML-escaped; figures it did not give are shown as not reported.
 */
import type { BatchSummary, ProjectSummary } from "../insight/summary.js";
import { dataSize } from "./sizes.js";

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const figure = (value: number | undefined): string => (value === undefined ? "not reported" : String(value));

/** One batch's users as a stacked bar: done, failed, left. */
function usersBar(b: BatchSummary): string {
  const { done = 0, failed = 0, remaining = 0 } = b.users;
  const total = done + failed + remaining;
  if (total === 0) return '<span class="muted">no figures</span>';
  const width = (n: number) => (n / total) * 200;
  const parts = [
    { n: done, cls: "done" },
    { n: failed, cls: "failed" },
    { n: remaining, cls: "left" },
  ];
  let x = 0;
  const rects = parts.map(({ n, cls }) => {
    const rect = `<rect class="${cls}" x="${x.toFixed(1)}" y="0" width="${width(n).toFixed(1)}" height="14"/>`;
    x += width(n);
    return rect;
  });
  // The viewBox lets print CSS narrow the bar to fit the paper.
  return `<svg width="200" height="14" viewBox="0 0 200 14" preserveAspectRatio="none" role="img" aria-label="${done} done, ${failed} failed, ${remaining} left">${rects.join("")}</svg>`;
}

function batchRow(b: BatchSummary): string {
  const name = escapeHtml(b.batchName ?? b.configurationId);
  const state = escapeHtml(
    b.state ?? (b.stateReported === undefined ? "unknown" : `not understood (${b.stateReported})`),
  );
  return `<tr><td>${name}</td><td>${state}</td><td class="n">${figure(b.users.total)}</td><td class="n">${figure(b.users.done)}</td><td class="n">${figure(b.users.failed)}</td><td class="n">${figure(b.users.remaining)}</td><td class="n">${b.dataMovedBytes === undefined ? "not reported" : dataSize(b.dataMovedBytes)}</td><td>${b.estimatedFinish ? escapeHtml(b.estimatedFinish.slice(0, 16).replace("T", " ")) + " UTC" : ""}</td><td>${usersBar(b)}</td></tr>`;
}

/** Room for the longest cause label ("missing source or destination account") before the bars. */
const CAUSE_LABEL_WIDTH = 260;
const CAUSE_BAR_WIDTH = 300;

function causesChart(s: ProjectSummary): string {
  const causes = new Map<string, number>();
  for (const f of s.batches.flatMap((b) => b.failures))
    causes.set(f.label, (causes.get(f.label) ?? 0) + f.users + f.items);
  if (causes.size === 0) return "<p>No failures recorded.</p>";
  const max = Math.max(...causes.values());
  const rows = [...causes].sort((a, b) => b[1] - a[1]);
  const bars = rows.map(
    ([label, n], i) =>
      `<text x="0" y="${i * 22 + 14}">${escapeHtml(label)}</text><rect class="failed" x="${CAUSE_LABEL_WIDTH}" y="${i * 22 + 3}" width="${((n / max) * CAUSE_BAR_WIDTH).toFixed(1)}" height="14"/><text x="${(CAUSE_LABEL_WIDTH + 5 + (n / max) * CAUSE_BAR_WIDTH).toFixed(1)}" y="${i * 22 + 14}">${n}</text>`,
  );
  return `<svg width="${CAUSE_LABEL_WIDTH + CAUSE_BAR_WIDTH + 60}" height="${rows.length * 22}" role="img" aria-label="Failures by cause">${bars.join("")}</svg>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.5em}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
td.n{text-align:right;white-space:nowrap}.done{fill:#2e7d32}.failed{fill:#c62828}.left{fill:#bbb}.muted{color:#777}
.banner{background:#fff3cd;padding:6px 10px;border:1px solid #e0c200}svg text{font-size:12px}
@page{margin:1.5cm}@media print{body{margin:0;font-size:12px}td svg{width:120px}h2{break-after:avoid}.banner{border:1px solid #000}}`;

export function projectReportHtml(s: ProjectSummary, options: { simulator: boolean }): string {
  const title = `Migration report: ${s.projectName ?? s.projectId}`;
  const t = s.totals;
  const l = s.licence;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
${options.simulator ? '<p class="banner">SIMULATOR: demo data from the embedded simulator, not a real tenant.</p>' : ""}
<h1>${escapeHtml(title)}</h1>
<p>Read ${escapeHtml(s.readAt)}. ${s.batches.length} batch(es): ${t.users} users, ${t.done} done, ${t.failed} failed, ${t.remaining} left; ${dataSize(t.dataMovedBytes)} moved.</p>
<h2>Batches</h2>
<table><thead><tr><th>batch</th><th>state</th><th>users</th><th>done</th><th>failed</th><th>left</th><th>data moved</th><th>estimated finish</th><th>progress</th></tr></thead>
<tbody>${s.batches.map(batchRow).join("\n")}</tbody></table>
${s.batchesNotRead > 0 ? `<p class="muted">${s.batchesNotRead} more batch(es) not read.</p>` : ""}
<h2>Failures by cause</h2>
${causesChart(s)}
<h2>Licences</h2>
<p>${l === undefined ? "Not reported by the instance." : `${figure(l.available)} of ${figure(l.total)} user licences available${l.usedByProject === undefined ? "" : `; this project uses ${l.usedByProject}`}${l.expiresOn ? `; expires ${escapeHtml(l.expiresOn.slice(0, 10))}` : ""}.`}</p>
${s.notReported.length > 0 ? `<h2>Not reported by the instance</h2><ul>${s.notReported.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
