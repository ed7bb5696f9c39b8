/**
 * What passes and runs have moved by a moment: counters per data type for a part of a pass, a run's
 * figures while it runs, and progress in percent. Pure readings of the planned passes, so any "now"
 * answers exactly without advancing anything.
 */
import type { Counters, Pass, RunFigures, SimBatch, SimItem, SimRunRecord } from "./model.js";
import type { DataType } from "./wire/statistics.js";

export function zeroCounters(): Counters {
  return {
    exportSuccess: 0,
    exportFailure: 0,
    importSuccess: 0,
    importFailure: 0,
    sizeExportedBytes: 0,
    sizeImportedBytes: 0,
  };
}

export function addCounters(target: SimItem["totals"], delta: SimItem["totals"]): void {
  for (const [type, counters] of Object.entries(delta) as Array<[DataType, Counters]>) {
    const into = target[type] ?? zeroCounters();
    for (const key of Object.keys(into) as Array<keyof Counters>) into[key] += counters[key];
    target[type] = into;
  }
}

/**
 * Counters for the part of a pass between two fractions of its work. Its item failures count when it
 * finishes: one refused by the source was never exported, one refused by the destination not imported.
 */
export function passCounters(pass: Pass, from: number, to: number, finished: boolean): SimItem["totals"] {
  const out: SimItem["totals"] = {};
  for (const [type, work] of Object.entries(pass.work) as Array<
    [DataType, { count: number; bytes: number }]
  >) {
    const count = Math.floor(work.count * to) - Math.floor(work.count * from);
    const bytes = Math.floor(work.bytes * to) - Math.floor(work.bytes * from);
    const failed = finished ? pass.itemFailures.filter((f) => f.failure.type === type) : [];
    const exportFailure = failed.filter((f) => f.side === "source").length;
    const importFailure = failed.length - exportFailure;
    out[type] = {
      exportSuccess: count - exportFailure,
      exportFailure,
      importSuccess: count - failed.length,
      importFailure,
      sizeExportedBytes: bytes,
      sizeImportedBytes: bytes,
    };
  }
  return out;
}

export function passFraction(pass: Pass, now: number): number {
  if (pass.startedAt === undefined) return pass.doneFraction;
  return Math.min(pass.endFraction, pass.doneFraction + Math.max(0, now - pass.startedAt) / pass.durationMs);
}

export function addMoved(moved: RunFigures, counters: SimItem["totals"]): void {
  for (const c of Object.values(counters)) {
    moved.importedItems += c?.importSuccess ?? 0;
    moved.sizeExportedBytes += c?.sizeExportedBytes ?? 0;
    moved.sizeImportedBytes += c?.sizeImportedBytes ?? 0;
  }
}

/** What a run has moved by `now`: its record, and while it runs, the running part of its users' passes. */
export function runMoved(batch: SimBatch, record: SimRunRecord, now: number): RunFigures {
  const moved = { ...record.moved };
  if (record !== batch.history.at(-1) || record.endedAt !== null) return moved;
  for (const id of batch.run.running) {
    const pass = batch.items.get(id)?.pass;
    if (pass?.startedAt !== undefined)
      addMoved(moved, passCounters(pass, pass.doneFraction, passFraction(pass, now), false));
  }
  return moved;
}

/** Counters of an item including the running part of its current pass. */
export function liveTotals(item: SimItem, now: number): SimItem["totals"] {
  const totals: SimItem["totals"] = {};
  addCounters(totals, item.totals);
  if (item.pass?.startedAt !== undefined)
    addCounters(totals, passCounters(item.pass, item.pass.doneFraction, passFraction(item.pass, now), false));
  return totals;
}

/** How far an item is in whole percent: through its pass, where a stop left it, or 100 once it ended. */
export function itemProgress(item: SimItem, now: number): number {
  if (item.pass) return Math.round(passFraction(item.pass, now) * 100);
  if (item.stoppedPass) return Math.round(item.stoppedPass.doneFraction * 100);
  return ["Success", "Warning", "Failed"].includes(item.state) ? 100 : 0;
}

/** How far a batch's run is in whole percent: the mean of the progress of the items it selected. */
export function runProgress(batch: SimBatch, now: number): number {
  const selected = batch.run.selected
    .map((id) => batch.items.get(id))
    .filter((i): i is SimItem => i !== undefined);
  return selected.length === 0
    ? 0
    : Math.round(selected.reduce((sum, i) => sum + itemProgress(i, now), 0) / selected.length);
}
