/**
 * Where a whole project stands, for a stakeholder: every batch's state, users done, failed and left,
 * data moved, the rate the instance measured and, while a run moves, when it should end; failures by
 * cause and the project's licence use. Each batch's statistics are read at most once, from the
 * watcher when someone follows the batch; a figure the instance did not give stays undefined.
 */
import type { CloudMClient } from "../api/cloudm/client.js";
import { isRunning, type StatisticsRecord } from "../api/cloudm/schemas/index.js";
import type { StatisticsWatcher } from "../live/watcher.js";
import { ToolInputError } from "../views/input-error.js";
import { defined } from "../views/reported.js";
import type { FailureCause } from "./failure-causes.js";
import { triage } from "./triage.js";

/** Beyond this many batches the rest are named, not read: one summary must not flood the instance. */
export const SUMMARY_BATCH_LIMIT = 50;

export interface CauseCount {
  cause: FailureCause;
  label: string;
  users: number;
  items: number;
}

export interface BatchSummary {
  configurationId: string;
  batchName: string | undefined;
  state: string | undefined;
  stateReported: string | undefined;
  progressPercent: number | undefined;
  /** `running`: users being migrated now, part of `remaining`. */
  users: { total?: number; done?: number; failed?: number; remaining?: number; running?: number };
  dataMovedBytes: number | undefined;
  itemsPerHour: number | undefined;
  /** From the run's own progress since it started; only while it runs and has moved. */
  estimatedFinish: string | undefined;
  failures: CauseCount[];
  /** Figures the statistics did not give, in words. */
  notReported: string[];
  /** Why the batch's figures are missing, when they could not be read. */
  unreadable?: string;
}

export interface ProjectSummary {
  projectId: string;
  projectName: string | undefined;
  batches: BatchSummary[];
  totals: { users: number; done: number; failed: number; remaining: number; dataMovedBytes: number };
  /** Batches left out beyond SUMMARY_BATCH_LIMIT. */
  batchesNotRead: number;
  licence:
    | { used?: number; usedByProject?: number; available?: number; total?: number; expiresOn?: string }
    | undefined;
  /** Facts asked for and not given, in words. */
  notReported: string[];
  readAt: string;
}

export interface SummaryDeps {
  cloudm: CloudMClient;
  watcher: StatisticsWatcher;
  signal?: AbortSignal;
  now?: () => number;
  /** Where a batch's statistics come from; by default the watcher's latest, else one read. */
  statisticsOf?: (configurationId: string, signal?: AbortSignal) => Promise<StatisticsRecord>;
}

export type Totals = ProjectSummary["totals"];

export function totalsOf(batches: readonly BatchSummary[]): Totals {
  const sum = (pick: (b: BatchSummary) => number | undefined) =>
    batches.reduce((n, b) => n + (pick(b) ?? 0), 0);
  return {
    users: sum((b) => b.users.total),
    done: sum((b) => b.users.done),
    failed: sum((b) => b.users.failed),
    remaining: sum((b) => b.users.remaining),
    dataMovedBytes: sum((b) => b.dataMovedBytes),
  };
}

/**
 * Where the run's pace since its start leads. Its start is dated by the instance's clock, so the time
 * gone is measured to when the instance answered, by that clock; ours stands in when it did not say.
 */
function estimatedFinish(stats: StatisticsRecord, ourNow: number): string | undefined {
  const progress = stats.progressPercent;
  const started = stats.summary.startTime ? Date.parse(stats.summary.startTime) : Number.NaN;
  const now = stats.answeredAt ?? ourNow;
  if (!isRunning(stats) || progress === undefined || progress <= 0 || progress >= 100) return undefined;
  if (!Number.isFinite(started) || started >= now) return undefined;
  return new Date(started + ((now - started) * 100) / progress).toISOString();
}

function causeCounts(stats: StatisticsRecord): CauseCount[] {
  const { failedUsers, failedItems } = triage(stats);
  const counts = new Map<FailureCause, CauseCount>();
  const add = (cause: FailureCause, label: string, key: "users" | "items", n: number) => {
    const entry = counts.get(cause) ?? { cause, label, users: 0, items: 0 };
    entry[key] += n;
    counts.set(cause, entry);
  };
  for (const g of failedUsers.causes) add(g.cause, g.label, "users", g.count);
  for (const g of failedItems.causes) add(g.cause, g.label, "items", g.count);
  return [...counts.values()];
}

export function summarizeBatch(
  configurationId: string,
  batchName: string | undefined,
  stats: StatisticsRecord,
  now: number,
): BatchSummary {
  const s = stats.summary;
  const remaining =
    s.totalUsers !== undefined && s.completedUsers !== undefined && s.failedUsers !== undefined
      ? Math.max(0, s.totalUsers - s.completedUsers - s.failedUsers)
      : undefined;
  return {
    configurationId,
    batchName,
    state: stats.state,
    stateReported: stats.stateReported,
    progressPercent: stats.progressPercent,
    users: defined({
      total: s.totalUsers,
      done: s.completedUsers,
      failed: s.failedUsers,
      remaining,
      running: s.currentUsers,
    }),
    dataMovedBytes: s.sizeImportedBytes,
    itemsPerHour: s.itemsPerHour,
    estimatedFinish: estimatedFinish(stats, now),
    failures: causeCounts(stats),
    notReported: stats.missing,
  };
}

/** A batch whose statistics could not be read: no figures, and why. */
export function unreadableBatch(
  configurationId: string,
  batchName: string | undefined,
  error: unknown,
  now: number,
): BatchSummary {
  return { ...summarizeBatch(configurationId, batchName, EMPTY, now), unreadable: (error as Error).message };
}

export async function summarizeProject(deps: SummaryDeps, projectId: string): Promise<ProjectSummary> {
  const { cloudm, watcher, signal } = deps;
  const now = (deps.now ?? Date.now)();
  const statisticsOf =
    deps.statisticsOf ??
    (async (id: string) => watcher.latest(id) ?? (await cloudm.getStatistics(id, signal)));
  const [project, batches, licence] = await Promise.all([
    cloudm.projectFacts(projectId, signal),
    cloudm.batchesOf(projectId, signal),
    cloudm.admin.getLicence(projectId, signal).then(
      (l) => ({ ok: true as const, value: l }),
      (error: unknown) => ({ ok: false as const, reason: (error as Error).message }),
    ),
  ]);
  // An instance without the routes cannot say whether the project exists: that is told, not refused.
  if (!batches.ok && !project.ok && !project.routeMissing)
    throw new ToolInputError(
      `projectId: no project '${projectId}' could be read (${project.reason}); find ids with list_projects`,
    );
  const listed = batches.ok ? batches.value : [];
  const read = listed.slice(0, SUMMARY_BATCH_LIMIT);
  const summaries = await Promise.all(
    read.map(async (b): Promise<BatchSummary> => {
      try {
        const stats = await statisticsOf(b.configurationId, signal);
        return summarizeBatch(b.configurationId, b.batchName, stats, now);
      } catch (error) {
        return unreadableBatch(b.configurationId, b.batchName, error, now);
      }
    }),
  );
  const notReported = [
    ...(project.ok && project.value.name !== undefined ? [] : ["the project's name"]),
    ...(batches.ok ? [] : [`the project's batches (${batches.reason})`]),
    ...(licence.ok ? [] : [`the licence (${licence.reason})`]),
    ...summaries.flatMap((b) =>
      b.unreadable
        ? [`the statistics of batch ${b.configurationId}`]
        : b.notReported.map((fact) => `${fact} of batch ${b.configurationId}`),
    ),
  ];
  return {
    projectId,
    projectName: project.ok ? project.value.name : undefined,
    batches: summaries,
    totals: totalsOf(summaries),
    batchesNotRead: listed.length - read.length,
    licence: licence.ok
      ? defined({
          used: licence.value.used,
          usedByProject: licence.value.usedByProject,
          available: licence.value.available,
          total: licence.value.total,
          expiresOn: licence.value.expiresOn,
        })
      : undefined,
    notReported,
    readAt: new Date(now).toISOString(),
  };
}

/** Statistics that say nothing: what a batch whose figures could not be read is summarised from. */
const EMPTY: StatisticsRecord = {
  state: undefined,
  stateReported: undefined,
  stopReason: undefined,
  phase: undefined,
  mode: undefined,
  progressPercent: undefined,
  summary: {
    totalUsers: undefined,
    currentUsers: undefined,
    completedUsers: undefined,
    failedUsers: undefined,
    totalItems: undefined,
    sizeImportedBytes: undefined,
    startTime: undefined,
    endTime: undefined,
    itemsPerHour: undefined,
  },
  totals: {},
  volumeCap: undefined,
  items: [],
  missing: [],
};
