/**
 * get-statistics as CloudM's `StatisticsViewModel`: the run under `totalMigrationData`, one
 * `UserStatisticData` row per item under `aaData`. Every figure is the full profile's
 * (views.ts statisticsView) over the same state, renamed and regrouped, so the two profiles agree.
 */
import type { CloudMContext } from "../context.js";
import { runMoved } from "../run-figures.js";
import type { RunSample, SimBatch, SimRunRecord } from "../model.js";
import { perHour, type Statistics, statisticsView } from "../views.js";
import { enumValue } from "./enums.js";
import { DATA_TYPES } from "../wire/statistics.js";

/** Each data type (wire/statistics.ts) gives four counters (`emailExportSuccess` …). */
export const COUNTERS = ["ExportSuccess", "ExportFailure", "ImportSuccess", "ImportFailure"] as const;

const ACTIVE = ["PreparingData", "Queueing", "Running", "Stopping"];

/** A .NET TimeSpan as System.Text.Json writes it: `[d.]hh:mm:ss`. */
function timeSpan(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3_600))}:${pad(Math.floor((total % 3_600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

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

/** A run's points: one as each of its users finished, and while it runs, one for now. */
function runPoints(batch: SimBatch, record: SimRunRecord, now: number): RunSample[] {
  const points = [...record.samples];
  const last = points.at(-1);
  if (record.endedAt === null && (!last || now > last.at))
    points.push({ at: now, currentUsers: batch.run.running.length, ...runMoved(batch, record, now) });
  return points;
}

/** Every run's measured throughput over time, oldest first, kept after the runs end. */
function processHistory(batch: SimBatch, now: number) {
  return {
    items: batch.history.flatMap((record) =>
      runPoints(batch, record, now).map((point, i, points) => {
        const previous = points[i - 1];
        return {
          dateTime: new Date(point.at).toISOString(),
          currentUsers: point.currentUsers,
          currentThroughput: previous
            ? perHour(point.importedItems - previous.importedItems, point.at - previous.at)
            : perHour(point.importedItems, point.at - record.startedAt),
          averageThroughput: perHour(point.importedItems, point.at - record.startedAt),
          totalSizeExported: point.sizeExportedBytes,
          totalSizeImported: point.sizeImportedBytes,
        };
      }),
    ),
  };
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
export function statisticsViewModel(ctx: CloudMContext, batch: SimBatch) {
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
      processHistory: processHistory(batch, ctx.clock.now()),
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
