/**
 * Which user or item a run fails, and for what. Which user fails for which lasting reason follows from
 * the seed and the user's names, so a retry meets the same refusal; passing refusals (a busy server, a
 * dropped connection) are drawn per attempt and clear on a retry. What each refusal says is
 * failure-words.ts's.
 */
import type { PlatformKey } from "../../guide/platforms.js";
import { derivedRandom, pick } from "../random.js";
import {
  ACCESS_DENIED,
  CONNECTION_FAILED,
  DESTINATION_MISSING,
  ITEM_KINDS,
  itemName,
  type Kind,
  SOURCE_MISSING,
  USER_THROTTLED,
  wordsFor,
} from "./failure-words.js";
import type { FailureSide, RecordedFailure, SimItem, Work } from "./model.js";
import type { DataType } from "./wire/statistics.js";

export interface BatchPlatforms {
  source: PlatformKey | undefined;
  destination: PlatformKey | undefined;
}

/** A failure of `kind`, worded by the platform of the side that refused; `details` names what failed. */
function record(
  random: () => number,
  kind: Kind,
  platforms: BatchPlatforms,
  type: "User" | DataType,
  details: (side: FailureSide) => string,
): RecordedFailure {
  const side: FailureSide = kind.side === "either" ? (random() < 0.5 ? "source" : "destination") : kind.side;
  const { code, reason } = pick(
    random,
    wordsFor(kind, side === "source" ? platforms.source : platforms.destination),
  );
  return {
    failure: { type, code, reason, details: details(side) },
    transient: kind.transient,
    cause: kind.cause,
    side,
  };
}

/** Share of users whose source mailbox, destination account or access is missing, each. */
const SOURCE_MISSING_SHARE = 0.02;
const DESTINATION_MISSING_SHARE = 0.04;
const ACCESS_DENIED_SHARE = 0.02;

/** A user-level failure that is a property of the user, so it recurs on every retry until fixed. */
export function lastingUserFailure(
  seed: number,
  item: SimItem,
  platforms: BatchPlatforms,
): RecordedFailure | undefined {
  const source = item.exportName.toLowerCase();
  const destination = item.importName.toLowerCase();
  const account = (side: FailureSide) => (side === "source" ? item.exportName : item.importName);
  if (item.exportType === 0 && !destination.includes("@")) {
    return {
      failure: {
        type: "User",
        code: "InvalidEmail",
        reason: "Invalid email address",
        details: item.importName,
      },
      transient: false,
      cause: "other",
      side: "destination",
    };
  }
  // One stream per question, so whether a user has a mailbox does not hang on the other answers.
  const absentSource = derivedRandom(seed, "absent-source", source);
  if (absentSource() < SOURCE_MISSING_SHARE)
    return record(absentSource, SOURCE_MISSING, platforms, "User", account);
  const absent = derivedRandom(seed, "absent", destination);
  if (absent() < DESTINATION_MISSING_SHARE)
    return record(absent, DESTINATION_MISSING, platforms, "User", account);
  const denied = derivedRandom(seed, "denied", source, destination);
  if (denied() < ACCESS_DENIED_SHARE) return record(denied, ACCESS_DENIED, platforms, "User", account);
  return undefined;
}

/** A user-level failure that a retry gets past: a dropped connection, or a throttled account. */
export function passingUserFailure(
  random: () => number,
  item: SimItem,
  platforms: BatchPlatforms,
): RecordedFailure {
  return random() < 0.6
    ? record(random, CONNECTION_FAILED, platforms, "User", () => "The operation has timed out")
    : record(random, USER_THROTTLED, platforms, "User", (side) =>
        side === "source" ? item.exportName : item.importName,
      );
}

/** `count` item failures among the data types the pass moves, never more of a type than it moves. */
export function itemFailures(
  random: () => number,
  work: Work,
  platforms: BatchPlatforms,
  count: number,
): RecordedFailure[] {
  const failures: RecordedFailure[] = [];
  const left = (type: DataType) =>
    (work[type]?.count ?? 0) - failures.filter((f) => f.failure.type === type).length;
  for (let i = 0; i < count; i++) {
    const kinds = ITEM_KINDS.filter((k) => k.types.some((t) => left(t) > 0));
    if (kinds.length === 0) break;
    const kind = pick(random, kinds);
    const type = pick(
      random,
      kind.types.filter((t) => left(t) > 0),
    );
    const details = kind.details?.(random) ?? itemName(random, type);
    failures.push(record(random, kind, platforms, type, () => details));
  }
  return failures;
}
