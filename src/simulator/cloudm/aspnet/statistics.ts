/**
 * get-statistics as CloudM's `StatisticsViewModel`: the run under `totalMigrationData`, one
 * `UserStatisticData` row per item under `aaData`. Every figure is the full profile's
 * (views.ts statisticsView) over the same state, renamed and regrouped, so the two profiles agree.
 */
import type { CloudMContext } from "../context.js";
import type { SimBatch } from "../model.js";
import { type Statistics, statisticsView } from "../views.js";
import { enumValue } from "./enums.js";
import { DATA_TYPES } from "../wire/statistics.js";
import type { AspnetStore, HistorySample } from "./store.js";

/** Each data type (wire/statistics.ts) gives four counters (`emailExportSuccess` …). */
export const COUNTERS = ["ExportSuccess", "ExportFailure", "ImportSuccess", "ImportFailure"] as const;

/** Samples kept per run: enough for a chart, bounded however long a client polls. */
const MAX_SAMPLES = 200;
const ACTIVE = ["PreparingData", "Queueing", "Running", "Stopping"];

/** A .NET TimeSpan as System.Text.Json writes it: `[d.]hh:mm:ss`. */
function timeSpan(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3_600))}:${pad(Math.floor((total % 3_600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

const perHour = (items: number, ms: number) => (ms > 0 ? Math.round(items / (ms / 3_600_000)) : 0);
const percent = (n: number) => n.toFixed(2);

type Counter = { exportSuccess: number; exportFailure: number; importSuccess: number; importFailure: number };
const sum = (rows: Iterable<Counter>, key: keyof Counter) => [...rows].reduce((s, c) => s + c[key], 0);

function totalStatistics(stats: Statistics, batch: SimBatch) {
  const perType: Record<string, number> = {};
  for (const type of DATA_TYPES) {
    const counters = stats.totals[type];
    perType[`${type}ExportSuccess`] = counters?.exportSuccess ?? 0;
    perType[`${type}ExportFailure`] = counters?.exportFailure ?? 0;
    perType[`${type}ImportSuccess`] = counters?.importSuccess ?? 0;
    perType[`${type}ImportFailure`] = counters?.importFailure ?? 0;
  }
  const all = Object.values(stats.totals);
  const { summary } = stats;
  return {
    summary: {
      startTime: summary.startTime,
      endTime: summary.endTime,
      runningTime: timeSpan(summary.runningTimeSeconds),
      averageThroughput: summary.throughputItemsPerHour,
      currentUsers: summary.currentUsers,
      completedUsers: summary.completedUsers,
      failedUsers: summary.failedUsers,
      totalItems: summary.totalItems,
      projectConfigurationName: batch.batchName,
    },
    ...perType,
    totalExportSuccess: sum(all, "exportSuccess"),
    totalExportFailure: sum(all, "exportFailure"),
    totalImportSuccess: sum(all, "importSuccess"),
    totalImportFailure: sum(all, "importFailure"),
    sizeExported: summary.sizeExportedBytes,
    sizeImported: summary.sizeImportedBytes,
    successPercentage: percent(summary.successPercentage),
    failurePercentage: percent(summary.failurePercentage),
  };
}

/** Records this read as a point of the run's history (once per simulated instant) and lists them all. */
function processHistory(store: AspnetStore, batch: SimBatch, stats: Statistics, now: number) {
  const { startedAt, endedAt } = batch.run;
  if (startedAt === null) return { items: [] };
  const samples = store.samples(batch.configurationId, startedAt);
  const at = Math.min(now, endedAt ?? now);
  const last = samples.at(-1);
  if (!last || at > last.at) {
    samples.push({
      at,
      currentUsers: stats.summary.currentUsers,
      importedItems: sum(Object.values(stats.totals), "importSuccess"),
      sizeExported: stats.summary.sizeExportedBytes,
      sizeImported: stats.summary.sizeImportedBytes,
    });
    if (samples.length > MAX_SAMPLES) samples.shift();
  }
  const point = (s: HistorySample, previous: HistorySample | undefined) => ({
    dateTime: new Date(s.at).toISOString(),
    currentUsers: s.currentUsers,
    currentThroughput: previous
      ? perHour(s.importedItems - previous.importedItems, s.at - previous.at)
      : perHour(s.importedItems, s.at - startedAt),
    averageThroughput: perHour(s.importedItems, s.at - startedAt),
    totalSizeExported: s.sizeExported,
    totalSizeImported: s.sizeImported,
  });
  return { items: samples.map((s, i) => point(s, samples[i - 1])) };
}

function userRow(item: Statistics["items"][number]) {
  const counters = Object.values(item.totals);
  return {
    userExportName: item.exportName,
    userImportName: item.importName,
    userId: item.id,
    state: enumValue("UserMigrationState", item.state),
    status: item.failures.at(-1)?.reason ?? "",
    totalImportSuccess: sum(counters, "importSuccess"),
    totalImportFailure: sum(counters, "importFailure"),
    totalExportSuccess: sum(counters, "exportSuccess"),
    totalExportFailure: sum(counters, "exportFailure"),
    sizeImported: counters.reduce((s, c) => s + (c.sizeImportedBytes ?? 0), 0),
    failures: item.failures.map((f, n) => ({
      detailedType: f.type,
      code: f.code,
      id: n + 1,
      reason: f.reason,
      details: f.details ?? null,
      userId: item.id,
    })),
  };
}

/** The batch's `StatisticsViewModel`; `batch` has been brought up to the simulated now. */
export function statisticsViewModel(ctx: CloudMContext, store: AspnetStore, batch: SimBatch) {
  const stats = statisticsView(ctx, batch);
  const active = ACTIVE.includes(stats.state);
  const summary = stats.completionSummary;
  const rows = stats.items.map(userRow);
  return {
    totalMigrationData: {
      migrationProcessState: enumValue("MigrationProcessState", stats.state),
      progressPercent: stats.progressPercent,
      startEnable: !active,
      cancelEnable: active && stats.state !== "Stopping",
      totalStatistics: totalStatistics(stats, batch),
      processHistory: processHistory(store, batch, stats, ctx.clock.now()),
      migrationCompleteSummary: summary && {
        usersSuccessCount: summary.usersSucceeded,
        usersFailedCount: summary.usersFailed,
        successPercentage: summary.successPercentage,
      },
      volumeCapState: { ...stats.volumeCap },
    },
    aaData: rows,
    iTotalRecords: rows.length,
    iTotalDisplayRecords: rows.length,
  };
}
