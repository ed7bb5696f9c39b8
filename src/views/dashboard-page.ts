/**
 * The live dashboard's MCP Apps view: one HTML document with its script and style inline, nothing
 * loaded from anywhere, no figures and no secrets in it. The figures arrive through the host from the
 * tool result and the refresh tool; the script (src/apps/dashboard.ts, built to one file) draws them
 * with the report page's own pictures (migration-charts.ts).
 */
import { CHART_STYLE } from "./migration-charts.js";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;padding:12px;color:#222;background:#fff}
h1{font-size:1.2em;margin:0 0 6px}h2{font-size:1em;margin:14px 0 6px}
.banner{background:#fff3cd;padding:4px 8px;border:1px solid #e0c200;margin-bottom:8px}
.status{color:#555;font-size:12px}.actions button{margin:4px 6px 0 0}.charts{display:flex;flex-wrap:wrap;gap:12px}
${CHART_STYLE}`;

/** `script`: the built view script, run as a classic inline script. */
export function dashboardPageHtml(script: string): string {
  // Inside <script>, only "</script" could end it early; "<\/" means the same to JavaScript.
  const inline = script.replace(/<\/(script)/gi, "<\\/$1");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Migration dashboard</title><style>${STYLE}</style></head><body>
<main id="dashboard" aria-live="polite"><p class="status">Waiting for the dashboard's figures…</p></main>
<script>${inline}</script>
</body></html>
`;
}
