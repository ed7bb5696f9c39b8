/**
 * get-statistics, however the instance shapes it: the guide's words (total statistics, per-item
 * statistics, volume cap), CloudM's own `StatisticsViewModel` (the run under `totalMigrationData`, its
 * figures under `totalStatistics.summary`, users as DataTables rows in `aaData`), or flat. A figure is
 * looked for in each of those blocks in turn; what is in none, or cannot be understood (a state sent as
 * a number the document does not name), is undefined and listed in `missing`, never guessed.
 */
import { quoted } from "../../quoted.js";
import { ACTIVE_RUN_STATES } from "./core.js";

/** The data types CloudM counts (cloudm-facts.md), as prefixes of its flat counters (`emailExportSuccess`). */
const DATA_TYPES = [
  "email",
  "appointment",
  "contact",
  "chatMessage",
  "group",
  "groupMember",
  "document",
  "note",
  "task",
  "other",
] as const;
import {
  field,
  isObject,
  type Json,
  readBoolean,
  readEnum,
  readId,
  readList,
  readNumber,
  readString,
} from "./read-values.js";
import { DEFAULT_VOCABULARY, type EnumKind, type Vocabulary } from "../vocabulary.js";

export interface CountersRecord {
  exportSuccess: number;
  exportFailure: number;
  importSuccess: number;
  importFailure: number;
}

export interface ItemFailureRecord {
  type: string | undefined;
  code: string | undefined;
  reason: string;
  /** What the failure was about (a message's subject, a file's name), when the instance says. */
  details: string | undefined;
}

export interface ItemStatisticsRecord {
  id: string | undefined;
  exportName: string;
  importName: string | undefined;
  /** One of CloudM's item states, or undefined when not given or not understood. */
  state: string | undefined;
  /** What the instance sent for the state when it could not be named. */
  stateReported: string | undefined;
  progressPercent: number | undefined;
  /** The item's `migrate` flag, when the row carries it (CloudM's rows do not say). */
  migrate: boolean | undefined;
  /** Items imported for this user so far (CloudM's `totalImportSuccess`), when the row says. */
  importedItems: number | undefined;
  failures: ItemFailureRecord[];
  /** Whether the row carried a failure list at all (an instance may itemise failures elsewhere, or not). */
  failuresListed: boolean;
}

export interface StatisticsRecord {
  /** One of CloudM's run states, or undefined when the statistics did not give one we understand. */
  state: string | undefined;
  /** What the instance sent for the run state when it could not be named (e.g. "2"). */
  stateReported: string | undefined;
  stopReason: string | undefined;
  phase: string | undefined;
  mode: string | undefined;
  progressPercent: number | undefined;
  summary: {
    totalUsers: number | undefined;
    currentUsers: number | undefined;
    completedUsers: number | undefined;
    failedUsers: number | undefined;
    totalItems: number | undefined;
    sizeImportedBytes: number | undefined;
    startTime: string | undefined;
    endTime: string | undefined;
    /** The run's average rate as the instance measured it (CloudM's `averageThroughput`, items an hour). */
    itemsPerHour: number | undefined;
  };
  totals: Record<string, CountersRecord>;
  volumeCap:
    | {
        capped: boolean | undefined;
        isOver: boolean | undefined;
        message: string | undefined;
        usedPercentage: number | undefined;
      }
    | undefined;
  items: ItemStatisticsRecord[];
  /** The facts tools rely on that this answer did not give (or gave in a form not understood), in words. */
  missing: string[];
  /**
   * When the instance answered, by its own clock (its Date header), the clock `startTime` is on;
   * undefined when it did not say.
   */
  answeredAt?: number;
}

/** The answer's blocks, outermost first: a figure is taken from the first block that has it. */
function blocksOf(raw: unknown): Json[] {
  const blocks: Json[] = [];
  const add = (value: unknown) => {
    if (isObject(value) && !blocks.includes(value)) blocks.push(value);
  };
  add(raw);
  add(field(raw, ["totalMigrationData", "migrationData", "run"]));
  for (const block of [...blocks])
    add(field(block, ["totalStatistics", "totalMigrationStatistics", "statistics", "total"]));
  for (const block of [...blocks]) add(field(block, ["summary", "summaryStatistic"]));
  for (const block of [...blocks]) add(field(block, ["migrationCompleteSummary", "completionSummary"]));
  return blocks;
}

/** Whichever of `names` the blocks have first, the vocabulary's name for `ours` before all. */
function finder(blocks: readonly Json[], vocabulary: Vocabulary) {
  return (ours: string, names: readonly string[]): unknown => {
    const all = [...vocabulary.fieldNames("statistics", ours), ours, ...names];
    for (const block of blocks) {
      const found = field(block, all);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}

function readCounters(value: unknown): CountersRecord | undefined {
  if (!isObject(value)) return undefined;
  const n = (names: readonly string[]) => readNumber(field(value, names)) ?? 0;
  return {
    exportSuccess: n(["exportSuccess", "exportedSuccess", "exported"]),
    exportFailure: n(["exportFailure", "exportFailed"]),
    importSuccess: n(["importSuccess", "importedSuccess", "imported"]),
    importFailure: n(["importFailure", "importFailed"]),
  };
}

/** Per data type: a `totals` block keyed by type, or CloudM's flat `emailExportSuccess` … counters. */
function readTotals(blocks: readonly Json[]): Record<string, CountersRecord> {
  const totals: Record<string, CountersRecord> = {};
  for (const block of blocks) {
    const keyed = field(block, ["totals", "dataTypeTotals", "totalsByDataType"]);
    if (!isObject(keyed)) continue;
    for (const [type, value] of Object.entries(keyed)) {
      const counters = readCounters(value);
      if (counters) totals[type] = counters;
    }
    return totals;
  }
  for (const type of DATA_TYPES) {
    const flat = (suffix: string) => {
      for (const block of blocks) {
        const value = readNumber(field(block, [`${type}${suffix}`]));
        if (value !== undefined) return value;
      }
      return undefined;
    };
    const counters = {
      exportSuccess: flat("ExportSuccess"),
      exportFailure: flat("ExportFailure"),
      importSuccess: flat("ImportSuccess"),
      importFailure: flat("ImportFailure"),
    };
    if (Object.values(counters).some((v) => v !== undefined))
      totals[type] = {
        exportSuccess: counters.exportSuccess ?? 0,
        exportFailure: counters.exportFailure ?? 0,
        importSuccess: counters.importSuccess ?? 0,
        importFailure: counters.importFailure ?? 0,
      };
  }
  return totals;
}

/** CloudM's `totalImportSuccess`, else the sum of the row's per-type `importSuccess` counters. */
function importedItems(raw: unknown): number | undefined {
  const total = readNumber(field(raw, ["totalImportSuccess", "importedItems", "itemsImported"]));
  if (total !== undefined) return total;
  const totals = field(raw, ["totals"]);
  if (!isObject(totals)) return undefined;
  const counted = Object.values(totals).map(readCounters);
  return counted.some((c) => c !== undefined)
    ? counted.reduce((sum, c) => sum + (c?.importSuccess ?? 0), 0)
    : undefined;
}

function readItem(raw: unknown, vocabulary: Vocabulary): ItemStatisticsRecord | undefined {
  const exportName = readString(
    field(raw, ["exportName", "userExportName", "sourceName", "userEmail", "name"]),
  );
  if (exportName === undefined) return undefined;
  const failures = field(raw, ["failures", "errors", "itemFailures", "migrationResults", "results"]);
  const state = readEnum(vocabulary, "itemState", field(raw, ["state", "itemState", "migrationState"]));
  const lastError = readString(field(raw, ["status", "statusMessage", "lastError"]));
  const listed = (Array.isArray(failures) ? failures : []).map((f) => {
    const reason = readString(field(f, ["reason", "message"]));
    const details = readString(field(f, ["details", "detail", "itemName", "subject"]));
    return {
      type: readString(field(f, ["type", "detailedType"])),
      code: readString(field(f, ["code"])),
      reason: reason ?? details ?? "no reason given",
      details: reason === undefined ? undefined : details,
    };
  });
  return {
    id: readId(field(raw, ["id", "itemId", "migrationItemId", "userId"])),
    exportName,
    importName: readString(field(raw, ["importName", "userImportName", "destinationName"])),
    state: state.name,
    stateReported: state.name === undefined ? state.reported : undefined,
    progressPercent: readNumber(field(raw, ["progressPercent", "progress", "percentComplete"])),
    migrate: readBoolean(field(raw, ["migrate", "isMigrate", "migrateItem"])),
    importedItems: importedItems(raw),
    // CloudM's user rows carry the last error as free text (`status`) when no failure list comes along.
    failuresListed: Array.isArray(failures),
    failures:
      listed.length === 0 && state.name === "Failed" && lastError
        ? [{ type: undefined, code: undefined, reason: lastError, details: undefined }]
        : listed,
  };
}

const STATE_FIELDS = ["state", "migrationProcessState", "migrationState", "runState", "processState"];

function named(vocabulary: Vocabulary, kind: EnumKind, value: unknown) {
  const read = readEnum(vocabulary, kind, value);
  return { name: read.name, reported: read.name === undefined ? read.reported : undefined };
}

export function readStatistics(raw: unknown, vocabulary: Vocabulary = DEFAULT_VOCABULARY): StatisticsRecord {
  const blocks = blocksOf(raw);
  const find = finder(blocks, vocabulary);
  const num = (ours: string, names: readonly string[]) => readNumber(find(ours, names));
  const users = readList(raw, ["aaData", "itemStatistics", "perItemStatistics", "users", "migrationItems"]);
  const state = named(vocabulary, "runState", find("state", STATE_FIELDS));
  const cap = find("volumeCap", ["volumeCapState", "volumeCapInformation", "volumeCapInfo"]);
  const summary = {
    totalUsers: num("totalUsers", ["userCount", "usersTotal", "iTotalRecords", "totalRecords"]),
    currentUsers: num("currentUsers", ["runningUsers", "inProgressUsers"]),
    completedUsers: num("completedUsers", ["usersCompleted", "succeededUsers", "usersSuccessCount"]),
    failedUsers: num("failedUsers", ["usersFailed", "usersFailedCount"]),
    totalItems: num("totalItems", ["itemCount"]),
    sizeImportedBytes: num("sizeImportedBytes", ["sizeImported", "importedBytes", "totalSizeImported"]),
    startTime: readString(find("startTime", ["startedOn"])),
    endTime: readString(find("endTime", ["endedOn", "completedOn", "completedTime"])),
    itemsPerHour: num("averageThroughput", ["throughputItemsPerHour", "averageThroughputItemsPerHour"]),
  };
  const progressPercent = num("progressPercent", ["progress", "percentComplete", "percentage"]);
  const missing = [
    state.name === undefined
      ? state.reported === undefined
        ? "the run state"
        : `the run state (the instance sent ${quoted(state.reported)}, which it does not name)`
      : "",
    progressPercent === undefined ? "the progress" : "",
    summary.totalUsers === undefined ? "the number of users" : "",
    summary.completedUsers === undefined ? "how many users are done" : "",
    summary.failedUsers === undefined ? "how many users failed" : "",
  ].filter(Boolean);
  return {
    state: state.name,
    stateReported: state.reported,
    stopReason: named(vocabulary, "stopReason", find("stopReason", [])).name,
    phase: readString(find("phase", [])),
    mode: named(vocabulary, "migrationMode", find("mode", ["migrationMode"])).name,
    progressPercent,
    summary,
    totals: readTotals(blocks),
    volumeCap: isObject(cap)
      ? {
          capped: readBoolean(field(cap, ["capped", "isCapped"])),
          isOver: readBoolean(field(cap, ["isOver", "over", "exceeded"])),
          message: readString(field(cap, ["message", "subTitle"])),
          usedPercentage: readNumber(field(cap, ["usedPercentage", "percentageUsed", "used"])),
        }
      : undefined,
    items: users.items
      .map((item) => readItem(item, vocabulary))
      .filter((i): i is ItemStatisticsRecord => i !== undefined),
    missing,
  };
}

/** Whether a run is known to be over: a state not given or not understood is followed on. */
export function isSettled(stats: StatisticsRecord): boolean {
  return stats.state !== undefined && !ACTIVE_RUN_STATES.has(stats.state);
}

/** Whether the statistics say a run is under way. */
export function isRunning(stats: StatisticsRecord): boolean {
  return stats.state !== undefined && ACTIVE_RUN_STATES.has(stats.state);
}
