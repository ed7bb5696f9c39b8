/**
 * A batch's failures grouped by cause, from one statistics answer: users whose state is Failed (each
 * counted once, by its own failure), and the recorded item failures of every other user. Counts are
 * what the instance listed; a failed user it gave no reason for is `other`, "no reason given".
 */
import type { ItemStatisticsRecord, StatisticsRecord } from "../api/cloudm/schemas/index.js";
import {
  causeOf,
  describeCause,
  FAILURE_CAUSES,
  type FailureCause,
  type RestartAdvice,
} from "./failure-causes.js";

const EXAMPLES_PER_CAUSE = 3;

export interface FailureExample {
  user: string;
  /** What failed inside the user's data (type and the instance's details), for item failures. */
  item?: string;
  code?: string;
  /** The instance's own words. */
  reason: string;
}

export interface CauseGroup {
  cause: FailureCause;
  label: string;
  count: number;
  examples: FailureExample[];
  fix: string;
  /** The start mode that retries these, or why none will help yet. */
  restart:
    | "RestartFailedUsers"
    | "RestartFailedItems"
    | "fix first, then RestartFailedUsers"
    | "fix first, then RestartFailedItems"
    | "a restart will not help";
}

export interface Triage {
  failedUsers: { count: number; causes: CauseGroup[] };
  /** `listed` false: the instance's statistics itemise no failures, so how many items failed is unknown. */
  failedItems: { count: number; causes: CauseGroup[]; listed: boolean };
  /** Users whose state the statistics did not give or we could not name: not triaged. */
  usersInUnknownState: number;
}

type Mode = "RestartFailedUsers" | "RestartFailedItems";

function restartFor(advice: RestartAdvice, mode: Mode): CauseGroup["restart"] {
  if (advice === "noRestart") return "a restart will not help";
  return advice === "restart" ? mode : `fix first, then ${mode}`;
}

function group(failures: Array<FailureExample & { cause: FailureCause }>, mode: Mode): CauseGroup[] {
  return FAILURE_CAUSES.flatMap((cause) => {
    const mine = failures.filter((f) => f.cause === cause);
    if (mine.length === 0) return [];
    const { label, fix, restart } = describeCause(cause);
    return [
      {
        cause,
        label,
        count: mine.length,
        examples: mine.slice(0, EXAMPLES_PER_CAUSE).map(({ cause: _, ...example }) => example),
        fix,
        restart: restartFor(restart, mode),
      },
    ];
  }).sort((a, b) => b.count - a.count);
}

/** A Failed user's own failure: the user-level one when listed, else the first. */
function userFailure(item: ItemStatisticsRecord): FailureExample & { cause: FailureCause } {
  const failure = item.failures.find((f) => f.type?.toLowerCase() === "user") ?? item.failures[0];
  const reason = failure?.reason ?? "no reason given";
  return {
    user: item.exportName,
    ...(failure?.code ? { code: failure.code } : {}),
    reason,
    cause: failure ? causeOf(failure) : "other",
  };
}

export function triage(stats: StatisticsRecord): Triage {
  const failedUsers = stats.items.filter((i) => i.state === "Failed");
  const itemFailures = stats.items
    .filter((i) => i.state !== "Failed")
    .flatMap((i) =>
      i.failures.map((f) => ({
        user: i.exportName,
        ...(f.type || f.details ? { item: [f.type, f.details].filter(Boolean).join(": ") } : {}),
        ...(f.code ? { code: f.code } : {}),
        reason: f.reason,
        cause: causeOf(f),
      })),
    );
  return {
    failedUsers: {
      count: failedUsers.length,
      causes: group(failedUsers.map(userFailure), "RestartFailedUsers"),
    },
    failedItems: {
      count: itemFailures.length,
      causes: group(itemFailures, "RestartFailedItems"),
      listed: stats.items.some((i) => i.failuresListed),
    },
    usersInUnknownState: stats.items.filter((i) => i.state === undefined).length,
  };
}
