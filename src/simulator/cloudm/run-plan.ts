/**
 * How each item's pass of a run is planned from the seed when the run starts: which users a mode
 * selects, what their pass moves (the whole footprint, or a delta of it), how long it takes, and whether
 * and how it fails. Planned up front, so the engine (engine.ts) only replays it.
 */
import { between, derivedRandom } from "../random.js";
import { type BatchPlatforms, itemFailures, lastingUserFailure, passingUserFailure } from "./failures.js";
import type { Pass, PassKind, SimBatch, SimItem, Work } from "./model.js";
import { migratedData } from "./seed.js";
import type { CloudMState } from "./state.js";
import type { MigrationMode } from "./wire/runs.js";
import type { DataType } from "./wire/statistics.js";

/** Simulated items moved per second by one migration slot. */
const ITEMS_PER_SECOND = 40;

/** Shares of users a first attempt fails for a passing reason, and leaves with failed items. */
const PASSING_USER_FAILURE_SHARE = 0.06;
const ITEM_FAILURE_SHARE = 0.16;
/** Where in its work a user with a lasting failure (no account, a full mailbox) stops. */
const LASTING_FAILURE_AT = 0.02;

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

export function planPass(state: CloudMState, batch: SimBatch, item: SimItem, kind: PassKind): Pass {
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
  if (lasting) {
    const failing = { ...base, endFraction: LASTING_FAILURE_AT, userFailure: lasting };
    // Restarted, it meets the same failure where it stopped, with nothing new to move on the way.
    return item.failedBulkShare > 0
      ? { ...failing, work: {}, durationMs: between(random, 800, 3_000) / LASTING_FAILURE_AT }
      : { ...failing, work, durationMs };
  }
  // A user that failed goes on from where it stopped: CloudM skips what it has already migrated.
  const doneFraction = item.failedBulkShare;
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
    return { ...base, work, durationMs, doneFraction, itemFailures: failures };
  }
  return { ...base, work, durationMs, doneFraction };
}

/** The items a run in `mode` takes and the kind of pass each gets: a stopped pass resumes as it was. */
export function selectPasses(batch: SimBatch, mode: MigrationMode): Array<[SimItem, PassKind]> {
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
