/** Wire views the routes share: how dates, projects and a batch's statistics read in a response. */
import type { CloudMContext } from "./context.js";
import { itemProgress, liveTotals, runMoved, runProgress, zeroCounters } from "./run-figures.js";
import type { Counters, SimBatch, SimItem, SimProject, SimRunRecord } from "./model.js";
import { DATA_TYPES } from "./wire/statistics.js";

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function projectView(p: SimProject) {
  return {
    projectId: p.projectId,
    name: p.name,
    createdOn: iso(p.createdOn),
    isArchived: p.isArchived,
    isIncomplete: false,
    sourceConnectionId: p.sourceConnectionId,
    destinationConnectionId: p.destinationConnectionId,
  };
}

function sumCounters(totals: Array<SimItem["totals"]>): Record<string, Counters> {
  const out: Record<string, Counters> = {};
  for (const type of DATA_TYPES) {
    out[type] = zeroCounters();
  }
  for (const table of totals) {
    for (const [type, counters] of Object.entries(table)) {
      const into = out[type];
      if (!into || !counters) continue;
      for (const key of Object.keys(into) as Array<keyof Counters>) into[key] += counters[key];
    }
  }
  return out;
}

/** A rate per hour; 0 when no time has passed. */
export const perHour = (amount: number, ms: number): number =>
  ms > 0 ? Math.round(amount / (ms / 3_600_000)) : 0;

/** One run of a batch as measured: what it moved, over how long, at what rate. */
function runView(batch: SimBatch, record: SimRunRecord, now: number) {
  const moved = runMoved(batch, record, now);
  const runningMs = (record.endedAt ?? now) - record.startedAt;
  return {
    mode: record.mode,
    phase: record.phase,
    state: record.outcome ?? batch.run.state,
    stopReason: record.stopReason,
    startTime: iso(record.startedAt),
    endTime: iso(record.endedAt),
    runningTimeSeconds: Math.round(runningMs / 1000),
    users: record.users,
    itemsImported: moved.importedItems,
    sizeExportedBytes: moved.sizeExportedBytes,
    sizeImportedBytes: moved.sizeImportedBytes,
    throughputItemsPerHour: perHour(moved.importedItems, runningMs),
    throughputBytesPerHour: perHour(moved.sizeImportedBytes, runningMs),
  };
}

/** A batch's run as get-statistics answers it (full profile), also what the reports are made of. */
export function statisticsView(ctx: CloudMContext, batch: SimBatch) {
  const now = ctx.clock.now();
  const { run } = batch;
  const items = [...batch.items.values()];
  const itemTotals = new Map(items.map((i) => [i.id, liveTotals(i, now)]));
  const totals = sumCounters([...itemTotals.values()]);
  const selected = run.selected.map((id) => batch.items.get(id)).filter((i): i is SimItem => i !== undefined);
  const progressPercent = runProgress(batch, now);
  const completedUsers = items.filter((i) => i.state === "Success" || i.state === "Warning").length;
  const failedUsers = items.filter((i) => i.state === "Failed").length;
  const all = Object.values(totals);
  const totalItems = all.reduce((s, c) => s + c.exportSuccess + c.exportFailure, 0);
  const runs = batch.history.map((record) => runView(batch, record, now));
  const latest = runs.at(-1);
  const finished = completedUsers + failedUsers;
  const cap = ctx.state.limits.volumeCapBytes;
  const usedPercentage =
    cap === undefined ? 0 : Math.min(100, Math.round((ctx.state.importedBytes / cap) * 1000) / 10);
  return {
    configurationId: batch.configurationId,
    state: run.state,
    stopReason: run.stopReason,
    phase: run.phase,
    mode: run.mode,
    progressPercent,
    totals,
    summary: {
      startTime: iso(run.startedAt),
      endTime: iso(run.endedAt),
      runningTimeSeconds: latest?.runningTimeSeconds ?? 0,
      // The latest run's own rate; earlier runs keep theirs in runHistory.
      throughputItemsPerHour: latest?.throughputItemsPerHour ?? 0,
      throughputBytesPerHour: latest?.throughputBytesPerHour ?? 0,
      currentUsers: run.running.length,
      completedUsers,
      failedUsers,
      totalUsers: items.length,
      totalItems,
      sizeExportedBytes: all.reduce((s, c) => s + c.sizeExportedBytes, 0),
      sizeImportedBytes: all.reduce((s, c) => s + c.sizeImportedBytes, 0),
      successPercentage: finished === 0 ? 0 : Math.round((completedUsers / finished) * 1000) / 10,
      failurePercentage: finished === 0 ? 0 : Math.round((failedUsers / finished) * 1000) / 10,
    },
    volumeCap: {
      capped: cap !== undefined,
      isOver: cap !== undefined && ctx.state.importedBytes >= cap,
      message:
        cap === undefined
          ? "No volume cap"
          : `${usedPercentage}% of the ${Math.round(cap / 1e9)} GB volume cap used`,
      usedPercentage,
    },
    completionSummary:
      run.state === "Completed"
        ? {
            usersSucceeded: selected.filter((i) => i.state === "Success" || i.state === "Warning").length,
            usersFailed: selected.filter((i) => i.state === "Failed").length,
            successPercentage:
              selected.length === 0
                ? 0
                : Math.round((selected.filter((i) => i.state !== "Failed").length / selected.length) * 1000) /
                  10,
          }
        : null,
    runHistory: runs,
    items: items.map((i) => ({
      id: i.id,
      exportName: i.exportName,
      importName: i.importName,
      state: i.state,
      progressPercent: itemProgress(i, now),
      startTime: iso(i.startTime),
      endTime: iso(i.endTime),
      durationSeconds: i.startTime === null ? 0 : Math.round(((i.endTime ?? now) - i.startTime) / 1000),
      server: i.server,
      totals: itemTotals.get(i.id) ?? {},
      failures: i.failures.map((f) => f.failure),
    })),
  };
}

export type Statistics = ReturnType<typeof statisticsView>;
