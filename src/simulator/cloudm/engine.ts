/**
 * Migration runs over simulated time. Each item's pass is planned from the seed when the run starts
 * (run-plan.ts); `advance` then replays completions in time order up to "now", so progress is exact and
 * cheap however fast the clock runs. What a run has moved at any moment is run-figures.ts's to read.
 */
import { licenceKey } from "./licences.js";
import { recordRunEnded } from "./notifications.js";
import { pickServer } from "./servers.js";
import type { Pass, SimBatch, SimItem, SimRunRecord } from "./model.js";
import { addCounters, addMoved, passCounters, passFraction, zeroCounters } from "./run-figures.js";
import { planPass, selectPasses } from "./run-plan.js";
import type { CloudMState } from "./state.js";
import type { MigrationMode } from "./wire/runs.js";
import type { DataType } from "./wire/statistics.js";

export class RunConflict extends Error {}

const PREPARING_MS = 1_000;
const QUEUEING_MS = 1_000;
const STOPPING_MS = 1_500;
/** Points kept per run's history: enough for a chart, bounded however many users it has. */
const MAX_SAMPLES = 200;

export function isActive(batch: SimBatch): boolean {
  return ["PreparingData", "Queueing", "Running", "Stopping"].includes(batch.run.state);
}

function endTime(pass: Pass): number {
  return (pass.startedAt ?? 0) + (pass.endFraction - pass.doneFraction) * pass.durationMs;
}

/** Starts a run; throws RunConflict with a message for the caller when it cannot. */
export function startRun(state: CloudMState, batch: SimBatch, mode: MigrationMode, now: number): void {
  advance(state, batch, now);
  if (isActive(batch))
    throw new RunConflict(
      `Batch '${batch.batchName}' is already ${batch.run.state}; stop it or wait for it to finish`,
    );
  const chosen = selectPasses(batch, mode);
  if (chosen.length === 0) {
    const why: Record<MigrationMode, string> = {
      StartMigration: "it has no migration items with migrate=true; add items first",
      CheckUsersOnly: "it has no migration items with migrate=true; add items first",
      RestartFailedUsers: "no users are in the Failed state",
      RestartFailedItems: "no users have failed items to retry",
    };
    throw new RunConflict(`Nothing to run in batch '${batch.batchName}': ${why[mode]}`);
  }
  const needsLicence = new Set(
    chosen
      .filter(([item, kind]) => kind === "bulk" && !state.licensedUsers.has(licenceKey(state, batch, item)))
      .map(([item]) => licenceKey(state, batch, item)),
  );
  // Users already licensed (a delta re-run) need no licence, so an expired one stops only new users.
  const expiresOn = state.licence.expiresOn;
  if (needsLicence.size > 0 && expiresOn !== null && now >= expiresOn) {
    throw new RunConflict(
      `The licence expired on ${new Date(expiresOn).toISOString()}: renew it before migrating users who need a new licence (${needsLicence.size} in this run)`,
    );
  }
  if (needsLicence.size > state.licencesAvailable) {
    throw new RunConflict(
      `Not enough licences: this run needs ${needsLicence.size} new user licences and ${state.licencesAvailable} are available`,
    );
  }
  const movesData = chosen.some(([, kind]) => kind === "bulk" || kind === "delta");
  const cap = state.limits.volumeCapBytes;
  if (movesData && cap !== undefined && state.importedBytes >= cap) {
    throw new RunConflict("The tenant's volume cap has been reached; no more data can be migrated");
  }
  for (const key of needsLicence) state.licensedUsers.add(key);
  for (const [item, kind] of chosen) {
    const resumed = mode === "StartMigration" && item.stoppedPass?.kind === kind ? item.stoppedPass : null;
    item.pass = resumed ?? planPass(state, batch, item, kind);
    item.pass.startedAt = undefined;
    item.stoppedPass = null;
    item.state = "Waiting";
  }
  const ordered = chosen
    .map(([item]) => item)
    .sort((a, b) => Number(b.extra.priority ?? 0) - Number(a.extra.priority ?? 0) || a.id - b.id);
  const allDelta = chosen.every(([, kind]) => kind === "delta");
  batch.run = {
    state: "PreparingData",
    mode,
    phase: mode === "CheckUsersOnly" ? "Test" : allDelta ? "Delta" : "Bulk",
    stopReason: "None",
    startedAt: now,
    endedAt: null,
    runningFrom: now + PREPARING_MS + QUEUEING_MS,
    stopAt: 0,
    selected: ordered.map((i) => i.id),
    queue: ordered.map((i) => i.id),
    running: [],
    concurrency: batch.general.simultaneousMigrations,
  };
  batch.history.push({
    mode,
    phase: batch.run.phase,
    startedAt: now,
    endedAt: null,
    outcome: null,
    stopReason: "None",
    users: ordered.length,
    moved: { importedItems: 0, sizeExportedBytes: 0, sizeImportedBytes: 0 },
    samples: [],
  });
}

/** Adds counters to an item, and what they moved to the figures of the batch's current run. */
function credit(batch: SimBatch, item: SimItem, counters: SimItem["totals"]): void {
  addCounters(item.totals, counters);
  const moved = batch.history.at(-1)?.moved;
  if (moved) addMoved(moved, counters);
}

/** Records a point of the current run's progress; old points thin out past MAX_SAMPLES. */
function sample(batch: SimBatch, at: number): void {
  const record = batch.history.at(-1);
  if (!record) return;
  record.samples.push({ at, currentUsers: batch.run.running.length, ...record.moved });
  if (record.samples.length > MAX_SAMPLES)
    record.samples = record.samples.filter((_, i, all) => i % 2 === 1 || i === all.length - 1);
}

function endRecord(batch: SimBatch, at: number, outcome: SimRunRecord["outcome"]): void {
  const record = batch.history.at(-1);
  if (!record || record.endedAt !== null) return;
  record.endedAt = at;
  record.outcome = outcome;
  record.stopReason = batch.run.stopReason;
}

function startQueued(state: CloudMState, batch: SimBatch, at: number): void {
  const { run } = batch;
  while (run.running.length < run.concurrency && run.queue.length > 0) {
    // No migration server takes work (all stopped or draining): the rest wait in the queue.
    const server = pickServer(state, run.queue[0] as number);
    if (server === null) return;
    const item = batch.items.get(run.queue.shift() as number);
    if (!item?.pass) continue;
    item.pass.startedAt = at;
    item.state = "InProgress";
    item.startTime = at;
    item.endTime = null;
    item.server = server;
    run.running.push(item.id);
  }
}

function finish(state: CloudMState, batch: SimBatch, item: SimItem, pass: Pass, at: number): void {
  const counters = passCounters(pass, pass.doneFraction, pass.endFraction, true);
  credit(batch, item, counters);
  state.importedBytes += Object.values(counters).reduce((sum, c) => sum + (c?.sizeImportedBytes ?? 0), 0);
  item.pass = null;
  item.lastPassKind = pass.kind;
  // A check moves nothing, so it is not a migration attempt: counting it would make every migration
  // after CheckUsersOnly a "retry", which never fails transiently.
  if (pass.kind !== "check") item.attempts++;
  item.endTime = at;
  if (pass.kind === "bulk") item.failedBulkShare = pass.userFailure ? pass.endFraction : 0;
  if (pass.userFailure) {
    item.state = "Failed";
    item.failures = [...item.failures.filter((f) => f.failure.type !== "User"), pass.userFailure];
    return;
  }
  item.failures = item.failures.filter((f) => f.failure.type !== "User");
  if (pass.kind === "retryItems") {
    // A retry gets past what was passing; what lasts (a full mailbox, a corrupt item) fails again.
    const cleared: SimItem["totals"] = {};
    for (const { failure, side } of item.failures.filter((f) => f.transient)) {
      const c = (cleared[failure.type as DataType] ??= zeroCounters());
      if (side === "source") {
        c.exportFailure--;
        c.exportSuccess++;
      } else c.importFailure--;
      c.importSuccess++;
    }
    credit(batch, item, cleared);
    item.failures = item.failures.filter((f) => !f.transient);
  } else {
    item.failures = [...item.failures, ...pass.itemFailures];
  }
  if (pass.kind === "bulk") item.bulkDone = true;
  item.state = item.failures.length > 0 ? "Warning" : "Success";
}

/** Brings a batch's run up to `now`: finishes passes that ended, starts queued ones, ends the run. */
export function advance(state: CloudMState, batch: SimBatch, now: number): void {
  const { run } = batch;
  if (run.state === "Stopping" && now >= run.stopAt) run.state = "Stopped";
  if (run.state === "PreparingData" && now >= (run.startedAt ?? 0) + PREPARING_MS) run.state = "Queueing";
  if (run.state === "Queueing" && now >= run.runningFrom) {
    run.state = "Running";
    startQueued(state, batch, run.runningFrom);
  }
  if (run.state !== "Running") return;
  let lastEnd = run.runningFrom;
  for (;;) {
    let next: { item: SimItem; at: number } | undefined;
    for (const id of run.running) {
      const item = batch.items.get(id);
      if (!item?.pass) continue;
      const at = endTime(item.pass);
      if (!next || at < next.at) next = { item, at };
    }
    if (!next || next.at > now) break;
    const { item, at } = next;
    run.running = run.running.filter((id) => id !== item.id);
    if (item.pass) finish(state, batch, item, item.pass, at);
    lastEnd = at;
    const cap = state.limits.volumeCapBytes;
    if (cap !== undefined && state.importedBytes >= cap) {
      stopRun(state, batch, at, "VolumeCapExceeded");
      run.state = "Stopped";
      return;
    }
    startQueued(state, batch, at);
    sample(batch, at);
  }
  // Items held back while no server took work start once one does (a no-op otherwise).
  startQueued(state, batch, now);
  if (run.running.length === 0 && run.queue.length === 0) {
    run.state = "Completed";
    run.endedAt = lastEnd;
    endRecord(batch, lastEnd, "Completed");
    recordRunEnded(state, batch, lastEnd);
  }
}

/** Halts a run: items in flight keep what they moved and resume from there on the next start. */
export function stopRun(
  state: CloudMState,
  batch: SimBatch,
  now: number,
  reason = "UserStopMigration",
): void {
  advance(state, batch, now);
  const { run } = batch;
  if (!["PreparingData", "Queueing", "Running"].includes(run.state)) return;
  for (const id of [...run.running, ...run.queue]) {
    const item = batch.items.get(id);
    const pass = item?.pass;
    if (!item || !pass) continue;
    const reached = passFraction(pass, now);
    if (pass.startedAt !== undefined)
      credit(batch, item, passCounters(pass, pass.doneFraction, reached, false));
    item.stoppedPass =
      pass.kind === "bulk" || pass.kind === "delta"
        ? { ...pass, doneFraction: reached, startedAt: undefined }
        : null;
    item.pass = null;
    item.state = "Stopped";
    item.endTime = pass.startedAt === undefined ? item.endTime : now;
  }
  run.running = [];
  run.queue = [];
  run.state = "Stopping";
  run.stopAt = now + STOPPING_MS;
  run.stopReason = reason;
  run.endedAt = now;
  sample(batch, now);
  endRecord(batch, now, "Stopped");
  recordRunEnded(state, batch, now);
}
