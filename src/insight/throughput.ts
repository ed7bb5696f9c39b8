/**
 * The rate an instance measured in a batch's run, read from its statistics. A batch's statistics total
 * every run, but time only the last: only a last run that was a StartMigration and not a delta (or a
 * check) gives bytes and time of the same run, so only that one is a measurement.
 */
import type { StatisticsRecord } from "../api/cloudm/schemas/index.js";

export interface MeasuredRun {
  bytes: number;
  ms: number;
  /** The instance's own average (CloudM's `averageThroughput`), when it gives one. */
  itemsPerHour: number | undefined;
}

export function measuredRun(stats: StatisticsRecord): MeasuredRun | undefined {
  if (stats.mode !== "StartMigration" || stats.phase === "Delta" || stats.phase === "Test") return undefined;
  const { sizeImportedBytes: bytes, startTime, endTime, itemsPerHour } = stats.summary;
  const ms = Date.parse(endTime ?? "") - Date.parse(startTime ?? "");
  if (bytes === undefined || bytes <= 0 || !(ms > 0)) return undefined;
  return { bytes, ms, itemsPerHour };
}

export interface MeasuredRate {
  runs: number;
  bytesPerHour: number;
  /** Weighted by each run's time; undefined when no run gave the instance's own figure. */
  itemsPerHour: number | undefined;
}

/** The rate over several measured runs: all their bytes over all their time. */
export function combinedRate(runs: readonly MeasuredRun[]): MeasuredRate | undefined {
  if (runs.length === 0) return undefined;
  const hours = (ms: number) => ms / 3_600_000;
  const totalHours = runs.reduce((sum, r) => sum + hours(r.ms), 0);
  const withItems = runs.filter((r) => r.itemsPerHour !== undefined);
  const itemHours = withItems.reduce((sum, r) => sum + hours(r.ms), 0);
  return {
    runs: runs.length,
    bytesPerHour: runs.reduce((sum, r) => sum + r.bytes, 0) / totalHours,
    itemsPerHour:
      itemHours > 0
        ? withItems.reduce((sum, r) => sum + (r.itemsPerHour ?? 0) * hours(r.ms), 0) / itemHours
        : undefined,
  };
}
