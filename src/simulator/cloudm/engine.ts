/**
 * Migration runs over simulated time. Each item's pass is planned from the seed when the run starts
 * (how much data, how long, whether and how it fails); `advance` then replays completions in time order
 * up to "now", so progress is exact and cheap however fast the clock runs.
 */
import { between, derivedRandom } from "../random.js";
import { type BatchPlatforms, itemFailures, lastingUserFailure, passingUserFailure } from "./failures.js";
import { recordRunEnded } from "./notifications.js";
import { migratedData } from "./seed.js";
import { pickServer } from "./servers.js";
import type { Counters, Pass, PassKind, RunFigures, SimBatch, SimItem, SimRunRecord, Work } from "./model.js";
import type { CloudMState } from "./state.js";
import type { MigrationMode } from "./wire/runs.js";
import type { DataType } from "./wire/statistics.js";

export class RunConflict extends Error {}

const PREPARING_MS = 1_000;
const QUEUEING_MS = 1_000;
const STOPPING_MS = 1_500;
/** Simulated items moved per second by one migration slot. */
const ITEMS_PER_SECOND = 40;

/** Shares of users a first attempt fails for a passing reason, and leaves with failed items. */
const PASSING_USER_FAILURE_SHARE = 0.06;
const ITEM_FAILURE_SHARE = 0.16;
/** Points kept per run's history: enough for a chart, bounded however many users it has. */
const MAX_SAMPLES = 200;

export function isActive(batch: SimBatch): boolean {
  return ["PreparingData", "Queueing", "Running", "Stopping"].includes(batch.run.state);
}

export function licenceKey(state: CloudMState, batch: SimBatch, item: SimItem): string {
  const destination = state.connections.get(batch.destinationConnectionId);
  return `${destination?.platform ?? "unknown"}|${item.importName.toLowerCase()}`;
}

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

function addCounters(target: SimItem["totals"], delta: SimItem["totals"]): void {
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
function passCounters(pass: Pass, from: number, to: number, finished: boolean): SimItem["totals"] {
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

/** What a delta re-run moves: a few percent of the user's data changed since the last pass. */
function deltaWork(full: Work, random: () => number): Work {
  const work: Work = {};
  for (const [type, w] of Object.entries(full) as Array<[DataType, { count: number; bytes: number }]>) {
    const share = 0.02 * (0.5 + random());
    const count = Math.round(w.count * share);
    if (count > 0) work[type] = { count, bytes: Math.round(w.bytes * share) };
  }
  return work;
}

function workDuration(work: Work, random: () => number): number {
  const count = Object.values(work).reduce((sum, w) => sum + (w?.count ?? 0), 0);
  return Math.round((count / ITEMS_PER_SECOND) * 1000 + between(random, 2_000, 6_000));
}

function platformsOf(state: CloudMState, batch: SimBatch): BatchPlatforms {
  return {
    source: state.connections.get(batch.sourceConnectionId)?.platform,
    destination: state.connections.get(batch.destinationConnectionId)?.platform,
  };
}

function planPass(state: CloudMState, batch: SimBatch, item: SimItem, kind: PassKind): Pass {
  const random = derivedRandom(state.seed, kind, item.importName.toLowerCase(), item.attempts);
  const platforms = platformsOf(state, batch);
  const lasting = lastingUserFailure(state.seed, item, platforms);
  const base = { kind, doneFraction: 0, endFraction: 1, itemFailures: [] as Pass["itemFailures"] };
  if (kind === "check") {
    return {
      ...base,
      work: {},
      durationMs: between(random, 800, 3_000),
      ...(lasting ? { userFailure: lasting } : {}),
    };
  }
  if (kind === "retryItems") {
    return { ...base, work: {}, durationMs: 1_500 + 500 * item.failures.length };
  }
  // A bulk pass moves the user's whole footprint (what a scan reports), a delta what changed since.
  const work = migratedData(state.seed, item.exportName, item.flags);
  if (kind === "delta") {
    const delta = deltaWork(work, random);
    return { ...base, work: delta, durationMs: workDuration(delta, random) };
  }
  const durationMs = workDuration(work, random);
  if (lasting) return { ...base, work, durationMs, endFraction: 0.02, userFailure: lasting };
  const draw = random();
  // Passing failures happen on a first attempt only: a restart gets through.
  if (item.attempts === 0 && draw < PASSING_USER_FAILURE_SHARE) {
    return {
      ...base,
      work,
      durationMs,
      endFraction: 0.1 + random() * 0.4,
      userFailure: passingUserFailure(random, item, platforms),
    };
  }
  if (item.attempts === 0 && draw < PASSING_USER_FAILURE_SHARE + ITEM_FAILURE_SHARE) {
    const failures = itemFailures(random, work, platforms, between(random, 1, 4));
    return { ...base, work, durationMs, itemFailures: failures };
  }
  return { ...base, work, durationMs };
}

function endTime(pass: Pass): number {
  return (pass.startedAt ?? 0) + (pass.endFraction - pass.doneFraction) * pass.durationMs;
}

export function passFraction(pass: Pass, now: number): number {
  if (pass.startedAt === undefined) return pass.doneFraction;
  return Math.min(pass.endFraction, pass.doneFraction + Math.max(0, now - pass.startedAt) / pass.durationMs);
}

function selectPasses(batch: SimBatch, mode: MigrationMode): Array<[SimItem, PassKind]> {
  const items = [...batch.items.values()].filter((i) => i.migrate);
  switch (mode) {
    case "CheckUsersOnly":
      return items.map((i) => [i, "check"]);
    case "StartMigration":
      return items.map((i) => [i, i.bulkDone && !i.stoppedPass ? "delta" : (i.stoppedPass?.kind ?? "bulk")]);
    case "RestartFailedUsers":
      return items
        .filter((i) => i.state === "Failed")
        .map((i) => [i, i.lastPassKind === "check" ? "check" : "bulk"]);
    case "RestartFailedItems":
      return items
        .filter((i) => i.failures.some((f) => f.failure.type !== "User"))
        .map((i) => [i, "retryItems"]);
  }
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

function addMoved(moved: RunFigures, counters: SimItem["totals"]): void {
  for (const c of Object.values(counters)) {
    moved.importedItems += c?.importSuccess ?? 0;
    moved.sizeExportedBytes += c?.sizeExportedBytes ?? 0;
    moved.sizeImportedBytes += c?.sizeImportedBytes ?? 0;
  }
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
