/**
 * Migration runs over simulated time. Each item's pass is planned from the seed when the run starts
 * (how much data, how long, whether and how it fails); `advance` then replays completions in time order
 * up to "now", so progress is exact and cheap however fast the clock runs.
 */
import { between, derivedRandom, pick } from "../random.js";
import { recordRunEnded } from "./notifications.js";
import { pickServer } from "./servers.js";
import type { Counters, Pass, PassKind, RecordedFailure, SimBatch, SimItem, Work } from "./model.js";
import type { CloudMState } from "./state.js";
import type { MigrationMode } from "./wire/runs.js";
import type { DataType } from "./wire/statistics.js";

export class RunConflict extends Error {}

const PREPARING_MS = 1_000;
const QUEUEING_MS = 1_000;
const STOPPING_MS = 1_500;
/** Simulated items moved per second by one migration slot. */
const ITEMS_PER_SECOND = 40;

const ITEM_FAILURES: ReadonlyArray<{ type: DataType; code: string; reason: string; transient: boolean }> = [
  {
    type: "email",
    code: "QuotaExceeded",
    reason: "Quota exceeded: the destination mailbox is full",
    transient: false,
  },
  { type: "email", code: "MessageHashMismatch", reason: "Message hash mismatch", transient: true },
  { type: "appointment", code: "BadRequest", reason: "400 Bad Request", transient: true },
  { type: "document", code: "BadRequest", reason: "400 Bad Request", transient: true },
  { type: "contact", code: "InvalidEmail", reason: "Invalid email address on contact", transient: false },
];

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

/** Counters for the part of a pass between two fractions of its work. */
function passCounters(pass: Pass, from: number, to: number, finished: boolean): SimItem["totals"] {
  const out: SimItem["totals"] = {};
  for (const [type, work] of Object.entries(pass.work) as Array<
    [DataType, { count: number; bytes: number }]
  >) {
    const count = Math.floor(work.count * to) - Math.floor(work.count * from);
    const bytes = Math.floor(work.bytes * to) - Math.floor(work.bytes * from);
    const failed = finished ? pass.itemFailures.filter((f) => f.failure.type === type).length : 0;
    out[type] = {
      exportSuccess: count,
      exportFailure: 0,
      importSuccess: Math.max(0, count - failed),
      importFailure: Math.min(failed, count),
      sizeExportedBytes: bytes,
      sizeImportedBytes: bytes,
    };
  }
  return out;
}

function workFor(item: SimItem, random: () => number, scale: number): Work {
  const work: Work = {};
  const add = (type: DataType, min: number, max: number, avgBytes: number) => {
    const count = Math.max(0, Math.round(between(random, min, max) * scale));
    if (count > 0) work[type] = { count, bytes: count * Math.round(avgBytes * (0.5 + random())) };
  };
  if (item.flags.mail) add("email", 150, 2500, 60_000);
  if (item.flags.calendar) add("appointment", 10, 300, 8_000);
  if (item.flags.contacts) add("contact", 5, 250, 3_000);
  if (item.flags.drive) add("document", 5, 400, 900_000);
  if (item.flags.tasks) add("task", 0, 60, 2_000);
  if (item.flags.notes) add("note", 0, 40, 4_000);
  return work;
}

function workDuration(work: Work, random: () => number): number {
  const count = Object.values(work).reduce((sum, w) => sum + (w?.count ?? 0), 0);
  return Math.round((count / ITEMS_PER_SECOND) * 1000 + between(random, 2_000, 6_000));
}

/** A user-level failure that is a property of the user, so it recurs on every retry. */
function permanentUserFailure(seed: number, item: SimItem): RecordedFailure | undefined {
  if (item.exportType === 0 && !item.importName.includes("@")) {
    return {
      failure: {
        type: "User",
        code: "InvalidEmail",
        reason: "Invalid email address",
        details: item.importName,
      },
      transient: false,
    };
  }
  if (derivedRandom(seed, "absent", item.importName.toLowerCase())() < 0.04) {
    return {
      failure: {
        type: "User",
        code: "UserNotFound",
        reason: "The destination user does not exist",
        details: item.importName,
      },
      transient: false,
    };
  }
  return undefined;
}

function planPass(seed: number, item: SimItem, kind: PassKind): Pass {
  const random = derivedRandom(seed, kind, item.importName.toLowerCase(), item.attempts);
  const permanent = permanentUserFailure(seed, item);
  const base = { kind, doneFraction: 0, endFraction: 1, itemFailures: [] as RecordedFailure[] };
  if (kind === "check") {
    return {
      ...base,
      work: {},
      durationMs: between(random, 800, 3_000),
      ...(permanent ? { userFailure: permanent } : {}),
    };
  }
  if (kind === "retryItems") {
    return { ...base, work: {}, durationMs: 1_500 + 500 * item.failures.length };
  }
  if (kind === "delta") {
    const work = workFor(item, random, 0.02);
    return { ...base, work, durationMs: workDuration(work, random) };
  }
  const work = workFor(item, random, 1);
  const durationMs = workDuration(work, random);
  if (permanent) return { ...base, work, durationMs, endFraction: 0.02, userFailure: permanent };
  const draw = random();
  // Transient connection failures happen on a first attempt only: a restart gets through.
  if (item.attempts === 0 && draw < 0.06) {
    return {
      ...base,
      work,
      durationMs,
      endFraction: 0.1 + random() * 0.4,
      userFailure: {
        failure: {
          type: "User",
          code: "ConnectionFailed",
          reason: "Unable to connect to the remote server",
          details: "The operation has timed out",
        },
        transient: true,
      },
    };
  }
  if (item.attempts === 0 && draw < 0.22) {
    const failures: RecordedFailure[] = [];
    for (let i = between(random, 1, 4); i > 0; i--) {
      const kindOf = pick(
        random,
        ITEM_FAILURES.filter((f) => work[f.type]),
      );
      if (!kindOf) break;
      failures.push({
        failure: {
          type: kindOf.type,
          code: kindOf.code,
          reason: kindOf.reason,
          details: `${kindOf.type} #${between(random, 1, 9_999)}`,
        },
        transient: kindOf.transient,
      });
    }
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
    item.pass = resumed ?? planPass(state.seed, item, kind);
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

function finish(state: CloudMState, item: SimItem, pass: Pass, at: number): void {
  const counters = passCounters(pass, pass.doneFraction, pass.endFraction, true);
  addCounters(item.totals, counters);
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
    for (const cleared of item.failures.filter((f) => f.transient)) {
      const counters = item.totals[cleared.failure.type as DataType];
      if (counters) {
        counters.importFailure = Math.max(0, counters.importFailure - 1);
        counters.importSuccess++;
      }
    }
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
    if (item.pass) finish(state, item, item.pass, at);
    lastEnd = at;
    const cap = state.limits.volumeCapBytes;
    if (cap !== undefined && state.importedBytes >= cap) {
      stopRun(state, batch, at, "VolumeCapExceeded");
      run.state = "Stopped";
      return;
    }
    startQueued(state, batch, at);
  }
  // Items held back while no server took work start once one does (a no-op otherwise).
  startQueued(state, batch, now);
  if (run.running.length === 0 && run.queue.length === 0) {
    run.state = "Completed";
    run.endedAt = lastEnd;
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
      addCounters(item.totals, passCounters(pass, pass.doneFraction, reached, false));
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
  recordRunEnded(state, batch, now);
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
