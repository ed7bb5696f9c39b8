/**
 * The pre-flight's check of who is in a batch, read from its statistics: how many users, duplicates,
 * destinations checked or missing. Pure: the figures come in, a check comes out; what the instance did
 * not give is said. What a run of them would draw on (licences, the volume cap) is preflight-limits.ts.
 */
import { plural } from "../views/counts.js";
import type { ItemStatisticsRecord, StatisticsRecord } from "../api/cloudm/schemas/index.js";
import { causeOf } from "./failure-causes.js";
import { quoted } from "../api/quoted.js";
import { type Check, someOf, worstOf } from "./preflight-model.js";

/** The users a StartMigration would run: every listed user but those the rows say have `migrate` off. */
export const running = (stats: StatisticsRecord) => stats.items.filter((i) => i.migrate !== false);

/** Whether the statistics describe a CheckUsersOnly run: its Success means "the destination exists". */
export const lastRunWasCheck = (stats: StatisticsRecord) =>
  stats.mode === "CheckUsersOnly" || stats.phase === "Test";

/** Groups of rows sharing a name (case-insensitive), as the names first seen. */
function sharedNames(names: ReadonlyArray<string | undefined>): string[][] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    if (name === undefined) continue;
    const key = name.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

const sharedText = (groups: string[][]) =>
  someOf(groups.map((g) => `${quoted(g[0] ?? "")} (${g.length} users)`));

/** The user's own failure, when the last run failed it because an account does not exist. */
function missingAccount(item: ItemStatisticsRecord): string | undefined {
  if (item.state !== "Failed") return undefined;
  const failure = item.failures.find((f) => causeOf(f) === "missingAccount");
  return failure?.reason;
}

interface UsersFound {
  /** Users the statistics count, else list. */
  total: number;
  sentences: string[];
  actions: string[];
  statuses: Check["status"][];
  figures: Record<string, unknown>;
}

function readListedUsers(stats: StatisticsRecord, found: UsersFound): void {
  const rows = running(stats);
  const unlisted = found.total - stats.items.length;
  if (unlisted > 0) {
    found.sentences.push(
      `The statistics list ${stats.items.length} of them: the other ${unlisted} could not be checked.`,
    );
    found.statuses.push("unknown");
  }
  const sources = sharedNames(rows.map((r) => r.exportName));
  if (sources.length > 0) {
    found.sentences.push(`The same source appears more than once: ${sharedText(sources)}.`);
    found.actions.push("remove the repeated source users");
    found.statuses.push("warning");
  }
  const destinations = sharedNames(rows.map((r) => r.importName));
  if (destinations.length > 0) {
    found.sentences.push(
      `Several users migrate into the same destination (their data would merge): ${sharedText(destinations)}.`,
    );
    found.actions.push("give each user its own importName");
    found.statuses.push("blocked");
  }
  const destinationsNotGiven = rows.filter((r) => r.importName === undefined).length;
  if (destinationsNotGiven > 0) {
    found.sentences.push(
      `The statistics do not give the destination of ${plural(destinationsNotGiven, "user")}, so shared destinations could not be checked.`,
    );
    found.statuses.push("unknown");
  }
  const missing = rows.flatMap((r) => {
    const reason = missingAccount(r);
    return reason === undefined ? [] : [`${quoted(r.importName ?? r.exportName)} (${quoted(reason)})`];
  });
  if (missing.length > 0) {
    found.sentences.push(
      `${plural(missing.length, "account")} the last ${lastRunWasCheck(stats) ? "CheckUsersOnly " : ""}run found missing: ${someOf(missing)}.`,
    );
    found.actions.push(
      "create the missing accounts or correct the users' names, then run start_migration with mode CheckUsersOnly again",
    );
    found.statuses.push("blocked");
  }
  const failed = rows.filter((r) => r.state === "Failed").length - missing.length;
  if (failed > 0) {
    // A CheckUsersOnly failure is a destination that failed its check; a run's may be anything.
    const check = lastRunWasCheck(stats);
    found.sentences.push(
      `${plural(failed, "user")} failed the last ${check ? "CheckUsersOnly run" : "run"} for other reasons${check ? "" : " (a StartMigration runs them again)"}.`,
    );
    if (check) {
      found.statuses.push("warning");
      found.actions.push("read their reasons with get_batch_statistics (itemState Failed)");
    }
  }
  const unchecked = rows.filter((r) => r.state === "None").length;
  if (unchecked > 0) {
    found.sentences.push(
      `${plural(unchecked, "user")} ${unchecked === 1 ? "has" : "have"} never been checked or run (state None): whether their destinations exist is not known.`,
    );
    found.actions.push("run start_migration with mode CheckUsersOnly first (it moves nothing)");
    found.statuses.push("warning");
  }
  const unknownState = rows.filter((r) => r.state === undefined).length;
  if (unknownState > 0) {
    found.sentences.push(`The state of ${plural(unknownState, "user")} was not given or not understood.`);
    found.statuses.push("unknown");
  }
  found.figures.duplicateSources = sources.length;
  found.figures.duplicateDestinations = destinations.length;
  found.figures.missingAccounts = missing.length;
  found.figures.neverChecked = unchecked;
}

/** How many users, `migrate` off, shared sources or destinations, destinations unchecked or missing. */
export function itemsCheck(stats: StatisticsRecord): Check {
  const total = stats.summary.totalUsers ?? (stats.items.length > 0 ? stats.items.length : undefined);
  if (total === undefined)
    return {
      check: "items",
      status: "unknown",
      found: "The statistics give neither the number of users nor a list of them.",
    };
  if (total === 0)
    return {
      check: "items",
      status: "blocked",
      found: "The batch has no users: a run has nothing to migrate.",
      action: "Add users with add_migration_items or import_migration_items.",
      figures: { users: 0 },
    };
  const migrateKnown = stats.items.length > 0 && stats.items.every((i) => i.migrate !== undefined);
  const off = migrateKnown ? stats.items.filter((i) => i.migrate === false).length : undefined;
  const found: UsersFound = {
    total,
    sentences: [
      `${plural(total, "user")}; ${off === undefined ? "how many have migrate off is not in the statistics (unknown)" : `${off} with migrate off`}.`,
    ],
    actions: [],
    statuses: ["ok"],
    figures: { users: total, migrateOff: off ?? "unknown" },
  };
  if (stats.items.length === 0) {
    found.sentences.push(
      "The statistics list none of them, so duplicates and destinations could not be checked.",
    );
    found.statuses.push("unknown");
  } else readListedUsers(stats, found);
  const action = found.actions.join("; ");
  return {
    check: "items",
    status: worstOf(found.statuses),
    found: found.sentences.join(" "),
    ...(action ? { action: `${action[0]?.toUpperCase()}${action.slice(1)}.` } : {}),
    figures: found.figures,
  };
}
