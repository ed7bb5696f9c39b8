/**
 * What a migration dashboard shows, for one batch or a whole project: each batch's state, progress,
 * users by state, failures by cause, the estimated finish while it runs, and the data moved at each
 * change the feed heard. Every figure comes through the dashboard feed (live/dashboard-feed.ts), so a
 * dashboard's refreshes cost the instance nothing beyond the watcher's one poll per interval.
 */
import type { CloudMClient } from "../api/cloudm/client.js";
import type { DashboardFeed } from "../live/dashboard-feed.js";
import type { StatisticsWatcher } from "../live/watcher.js";
import type { Sample } from "../views/migration-charts.js";
import {
  type BatchSummary,
  type ProjectSummary,
  summarizeBatch,
  summarizeProject,
  type Totals,
  totalsOf,
  unreadableBatch,
} from "./summary.js";

export interface DashboardBatch extends BatchSummary {
  history: Sample[];
}

export interface DashboardFigures {
  batches: DashboardBatch[];
  totals: Totals;
  readAt: string;
}

export interface Dashboard extends DashboardFigures {
  scope: "batch" | "project";
  projectId: string | undefined;
  projectName: string | undefined;
  licence: ProjectSummary["licence"];
  notReported: string[];
}

export interface DashboardDeps {
  cloudm: CloudMClient;
  watcher: StatisticsWatcher;
  feed: DashboardFeed;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * When a running batch should end at the pace seen while it was followed: progress over time, both on
 * this server's clock, since the run's progress last went back (a new run). Undefined until it moved.
 */
function followedFinish(history: readonly Sample[]): string | undefined {
  let first = history.length - 1;
  while (
    first > 0 &&
    (history[first - 1]?.progressPercent ?? Infinity) <= (history[first]?.progressPercent ?? -1)
  )
    first--;
  const from = history[first];
  const to = history.at(-1);
  if (from?.progressPercent === undefined || to?.progressPercent === undefined) return undefined;
  const perMs = (to.progressPercent - from.progressPercent) / (Date.parse(to.at) - Date.parse(from.at));
  if (!(perMs > 0) || to.progressPercent >= 100) return undefined;
  return new Date(Date.parse(to.at) + (100 - to.progressPercent) / perMs).toISOString();
}

/** A batch's summary with its followed history; a running one's finish from the pace seen, when it moved. */
function withHistory(b: BatchSummary, history: readonly Sample[]): DashboardBatch {
  const seen = b.state === "Running" ? followedFinish(history) : undefined;
  return { ...b, estimatedFinish: seen ?? b.estimatedFinish, history: [...history] };
}

/** The batches' latest figures, for a dashboard already open: names as the view was first given them. */
export async function dashboardFigures(
  deps: Pick<DashboardDeps, "feed" | "signal" | "now">,
  batches: ReadonlyArray<{ configurationId: string; batchName?: string | undefined }>,
): Promise<DashboardFigures> {
  const now = (deps.now ?? Date.now)();
  const read = await Promise.all(
    batches.map(async ({ configurationId, batchName }): Promise<DashboardBatch> => {
      try {
        const { stats, history } = await deps.feed.read(configurationId, deps.signal);
        return withHistory(summarizeBatch(configurationId, batchName, stats, now), history);
      } catch (error) {
        return { ...unreadableBatch(configurationId, batchName, error, now), history: [] };
      }
    }),
  );
  return { batches: read, totals: totalsOf(read), readAt: new Date(now).toISOString() };
}

export async function batchDashboard(deps: DashboardDeps, configurationId: string): Promise<Dashboard> {
  const now = (deps.now ?? Date.now)();
  // The first read makes the feed follow the batch, and refuses one that does not exist.
  const { stats, history } = await deps.feed.read(configurationId, deps.signal);
  const batch = await deps.cloudm.batchFacts(configurationId, deps.signal);
  const name = batch.ok ? batch.value.batchName : undefined;
  const projectId = batch.ok ? batch.value.projectId : undefined;
  const one = withHistory(summarizeBatch(configurationId, name, stats, now), history);
  return {
    scope: "batch",
    projectId,
    projectName: undefined,
    batches: [one],
    totals: totalsOf([one]),
    licence: undefined,
    notReported: [
      ...(name === undefined ? ["the batch's name"] : []),
      ...one.notReported.map((fact) => `${fact} of batch ${configurationId}`),
    ],
    readAt: new Date(now).toISOString(),
  };
}

export async function projectDashboard(deps: DashboardDeps, projectId: string): Promise<Dashboard> {
  const histories = new Map<string, readonly Sample[]>();
  const summary = await summarizeProject(
    {
      ...deps,
      statisticsOf: async (id, signal) => {
        const { stats, history } = await deps.feed.read(id, signal);
        histories.set(id, history);
        return stats;
      },
    },
    projectId,
  );
  return {
    scope: "project",
    projectId,
    projectName: summary.projectName,
    batches: summary.batches.map((b) => withHistory(b, histories.get(b.configurationId) ?? [])),
    totals: summary.totals,
    licence: summary.licence,
    notReported: summary.notReported,
    readAt: summary.readAt,
  };
}
