/**
 * The live dashboard, running in the host's sandboxed iframe (MCP Apps). It draws the figures of
 * show_migration_dashboard's result, then asks the app-only refresh tool for new ones every interval
 * until the host tears the view down. It never acts: its buttons ask the model, through the host, in
 * the user's words, so anything destructive meets the same confirmation as any other call. It tells the
 * model what the user is looking at whenever that changes.
 */
import { App } from "@modelcontextprotocol/ext-apps";
import type { Dashboard, DashboardBatch, DashboardFigures } from "../insight/dashboard.js";
import {
  batchesTable,
  causesChart,
  escapeHtml,
  progressBar,
  stateLabel,
  throughputChart,
} from "../views/migration-charts.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { dataSize } from "../views/sizes.js";

/** What show_migration_dashboard's structured result carries. */
interface Shown extends Dashboard {
  refreshAfterMs: number;
  simulator: boolean;
}

type Refreshed = DashboardFigures & { refreshAfterMs: number };

const REFRESH_TOOL = "refresh_migration_dashboard";
/** Settled runs change only when someone starts one: ask less often. */
const SETTLED_SLOWDOWN = 4;

const root = document.getElementById("dashboard") as HTMLElement;
const app = new App({ name: "migrate-mcp dashboard", version: "0.1.0" }, {});
let shown: Shown | undefined;
let status = "";
let timer: ReturnType<typeof setTimeout> | undefined;
let tornDown = false;
let toldModel = "";

const nameOf = (b: DashboardBatch) => b.batchName ?? b.configurationId;
const isRunning = (b: DashboardBatch) => b.state === "Running";

/** How text from the instance is shown: as it is on the page (then HTML-escaped), quoted to the model. */
type Show = (upstream: string) => string;
const asIs: Show = (upstream) => upstream;

function title(d: Shown, show: Show = asIs): string {
  if (d.scope === "project")
    return `Project ${d.projectName === undefined ? (d.projectId ?? "") : show(d.projectName)}`;
  const only = d.batches[0];
  return only
    ? `Batch ${only.batchName === undefined ? only.configurationId : show(only.batchName)}`
    : "Batch";
}

/** One line a person or a model reads: where the run stands. */
function standing(d: Shown, show: Show = asIs): string {
  const t = d.totals;
  const states = [...new Set(d.batches.map(stateLabel))].map(show).join(", ");
  const progress =
    d.batches.length === 1 && d.batches[0]?.progressPercent !== undefined
      ? ` ${d.batches[0].progressPercent}%`
      : "";
  return `${states}${progress}: ${t.done} of ${t.users} users done, ${t.failed} failed, ${t.remaining} left; ${dataSize(t.dataMovedBytes)} moved`;
}

function actions(b: DashboardBatch): string {
  const id = escapeHtml(b.configurationId);
  const failed = b.users.failed ?? 0;
  const buttons = [
    ...(isRunning(b) ? [`<button data-ask="stop" data-batch="${id}">Stop the run</button>`] : []),
    ...(failed > 0 ? [`<button data-ask="triage" data-batch="${id}">Why did ${failed} fail?</button>`] : []),
    ...(failed > 0 && !isRunning(b)
      ? [`<button data-ask="restart" data-batch="${id}">Restart failed users</button>`]
      : []),
  ];
  return buttons.length === 0 ? "" : `<div class="actions">${buttons.join("")}</div>`;
}

function batchPanel(b: DashboardBatch, many: boolean): string {
  const unreadable = b.unreadable
    ? `<p class="muted">Statistics could not be read: ${escapeHtml(b.unreadable)}</p>`
    : "";
  return `<section class="batch" data-batch="${escapeHtml(b.configurationId)}">
${many ? `<h2>${escapeHtml(nameOf(b))}: <span class="state">${escapeHtml(stateLabel(b))}</span></h2>` : `<p>State: <span class="state">${escapeHtml(stateLabel(b))}</span></p>`}
${unreadable}${progressBar(b.progressPercent)}
${b.history.length > 1 ? `<div class="throughput">${throughputChart(b.history, many ? 300 : 600)}</div>` : ""}
${actions(b)}</section>`;
}

function render(): void {
  if (!shown) return;
  const d = shown;
  const many = d.batches.length > 1;
  root.innerHTML = `${d.simulator ? '<p class="banner">SIMULATOR: demo data from the embedded simulator, not a real tenant.</p>' : ""}
<h1>${escapeHtml(title(d))}</h1>
<p class="standing">${escapeHtml(standing(d))}</p>
${d.batches.map((b) => batchPanel(b, many)).join("\n")}
<h2>Users by state</h2>${batchesTable(d.batches)}
<h2>Failures by cause</h2><div class="causes">${causesChart(d.batches.flatMap((b) => b.failures))}</div>
<p class="status">Figures read ${escapeHtml(d.readAt.slice(11, 19))} UTC. ${escapeHtml(status)}</p>`;
  const canAsk = app.getHostCapabilities()?.message !== undefined;
  for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-ask]")) {
    button.disabled = !canAsk;
    if (!canAsk) button.title = "This host does not take messages from views: ask in the chat.";
    button.addEventListener("click", () => void ask(button.dataset.ask ?? "", button.dataset.batch ?? ""));
  }
  void tellModel(d);
}

/** The user's request, in words the model acts on through its tools (and their confirmations). */
function request(kind: string, b: DashboardBatch): string {
  const batch = `batch ${b.configurationId}${b.batchName === undefined ? "" : ` (named ${quoted(b.batchName)})`}`;
  if (kind === "stop") return `Stop the migration run of ${batch}.`;
  if (kind === "restart")
    return `Restart the failed users of ${batch} (start_migration with RestartFailedUsers), after triage_failures says a restart will help.`;
  return `Why did users of ${batch} fail? Run triage_failures on it.`;
}

async function ask(kind: string, configurationId: string): Promise<void> {
  const b = shown?.batches.find((x) => x.configurationId === configurationId);
  if (!b) return;
  try {
    await app.sendMessage({ role: "user", content: [{ type: "text", text: request(kind, b) }] });
    status = "Asked the assistant; it will ask you to confirm anything that changes the migration.";
  } catch (error) {
    status = `Could not ask the assistant: ${(error as Error).message}`;
  }
  render();
}

async function tellModel(d: Shown): Promise<void> {
  // Names and states come from the instance: data to the model, never words of ours.
  const text = `The user is looking at the live migration dashboard of ${title(d, quoted)}: ${standing(d, plainOrQuoted)} (read ${d.readAt}).`;
  if (text === toldModel || app.getHostCapabilities()?.updateModelContext === undefined) return;
  toldModel = text;
  try {
    await app.updateModelContext({ content: [{ type: "text", text }] });
  } catch {
    toldModel = "";
  }
}

function schedule(): void {
  if (tornDown || !shown) return;
  const settled = shown.batches.every((b) => !isRunning(b));
  clearTimeout(timer);
  timer = setTimeout(() => void refresh(), shown.refreshAfterMs * (settled ? SETTLED_SLOWDOWN : 1));
}

async function refresh(): Promise<void> {
  const before = shown;
  if (!before) return;
  try {
    const result = await app.callServerTool({
      name: REFRESH_TOOL,
      arguments: { configurationIds: before.batches.map((b) => b.configurationId) },
    });
    const figures = result.structuredContent as Refreshed | undefined;
    if (result.isError || !figures) throw new Error("the server could not read the figures");
    const names = new Map(before.batches.map((b) => [b.configurationId, b.batchName]));
    shown = {
      ...before,
      ...figures,
      batches: figures.batches.map((b) => ({ ...b, batchName: names.get(b.configurationId) })),
    };
    status = "";
  } catch (error) {
    status = `Could not refresh (${(error as Error).message}); trying again.`;
  }
  if (tornDown) return;
  render();
  schedule();
}

app.ontoolresult = ({ structuredContent, isError }) => {
  if (isError || !structuredContent) {
    root.innerHTML = '<p class="status">The dashboard could not be opened: see the assistant\'s answer.</p>';
    return;
  }
  shown = structuredContent as unknown as Shown;
  render();
  schedule();
};

app.onteardown = async () => {
  tornDown = true;
  clearTimeout(timer);
  return {};
};

void app.connect();
