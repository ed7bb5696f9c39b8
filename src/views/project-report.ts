/**
 * A project's summary as one self-contained HTML page for stakeholders: no script, no remote origin
 * (its own Content-Security-Policy says so), charts as inline SVG, printable to PDF by a browser. Every
 * string from the instance is HTML-escaped; figures it did not give are shown as not reported.
 */
import type { ProjectSummary } from "../insight/summary.js";
import { batchesTable, causesChart, CHART_STYLE, escapeHtml, figure } from "./migration-charts.js";
import { dataSize } from "./sizes.js";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.5em}
.banner{background:#fff3cd;padding:6px 10px;border:1px solid #e0c200}
@page{margin:1.5cm}@media print{body{margin:0;font-size:12px}td svg{width:120px}h2{break-after:avoid}.banner{border:1px solid #000}}
${CHART_STYLE}`;

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
${batchesTable(s.batches)}
${s.batchesNotRead > 0 ? `<p class="muted">${s.batchesNotRead} more batch(es) not read.</p>` : ""}
<h2>Failures by cause</h2>
${s.batches.some((b) => !b.unreadable) ? causesChart(s.batches.flatMap((b) => b.failures)) : '<p class="muted">No batch could be read, so its failures are not known.</p>'}
<h2>Licences</h2>
<p>${l === undefined ? "Not reported by the instance." : `${figure(l.available)} of ${figure(l.total)} user licences available${l.usedByProject === undefined ? "" : `; this project uses ${l.usedByProject}`}${l.expiresOn ? `; expires ${escapeHtml(l.expiresOn.slice(0, 10))}` : ""}.`}</p>
${s.notReported.length > 0 ? `<h2>Not reported by the instance</h2><ul>${s.notReported.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
