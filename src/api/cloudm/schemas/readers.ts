/**
 * Tolerant readers of CloudM answers: the one place that absorbs how instances differ (a list as a bare
 * array or an envelope, an id as a string or a number, a create answering the object, `{id}` or a bare
 * string, statistics under other names). Each takes the parsed JSON (`unknown`) and never throws: what
 * it cannot find is left undefined, so a tool degrades instead of failing over a field it does not need.
 * The names tried are guesses (only the login and create-project answers are in the guide); correct
 * them here against a real instance's `/openapi/v1.json`.
 */
import { z } from "zod";
import { ACTIVE_RUN_STATES } from "./core.js";

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first of `names` that `value` has (not null), or undefined. */
function field(value: unknown, names: readonly string[]): unknown {
  if (!isObject(value)) return undefined;
  for (const name of names) {
    const found = value[name];
    if (found !== undefined && found !== null) return found;
  }
  return undefined;
}

const text = z.string().optional().catch(undefined);
const number = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .optional()
  .catch(undefined);
const boolean = z
  .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")])
  .optional()
  .catch(undefined);
const record = z.record(z.string(), z.unknown()).catch({});

function readString(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return text.parse(value);
}
const readNumber = (value: unknown) => number.parse(value);
const readBoolean = (value: unknown) => boolean.parse(value);

/** An id: a string, or a number given as either. */
export function readId(value: unknown): string | undefined {
  const id = readString(value);
  return id !== undefined && id.trim() !== "" ? id : undefined;
}

/** A positive integer id (connections), from a number or a numeric string. */
export function readIntegerId(value: unknown): number | undefined {
  const id = readNumber(value);
  return id !== undefined && Number.isInteger(id) && id > 0 ? id : undefined;
}

// ---------------------------------------------------------------- lists

export interface ListPage {
  items: unknown[];
  total: number | undefined;
  totalPages: number | undefined;
  nextPageToken: string | undefined;
}

const LIST_FIELDS = ["items", "data", "results", "value", "records", "list"] as const;

/** A bare array, or the common envelopes: `items`/`data`/`results`/`value` with their totals and tokens. */
export function readList(raw: unknown): ListPage {
  const items = Array.isArray(raw) ? raw : field(raw, LIST_FIELDS);
  return {
    items: Array.isArray(items) ? items : [],
    total: readNumber(field(raw, ["totalCount", "total", "totalResults", "count", "totalItems"])),
    totalPages: readNumber(field(raw, ["totalPages", "pageCount"])),
    nextPageToken: readId(field(raw, ["nextPageToken", "next_page_token", "continuationToken", "nextLink"])),
  };
}

/** Whether a list answer had a recognisable shape at all (for notes on unexpected answers). */
export function isListShaped(raw: unknown): boolean {
  return Array.isArray(raw) || Array.isArray(field(raw, LIST_FIELDS));
}

// ---------------------------------------------------------------- connections

export interface ConnectionRecord {
  id: number;
  name: string;
  connectionType: string | undefined;
  /** The platform key as the instance wrote it; the client fills in the one it asked when absent. */
  platform: string | undefined;
  settings: Json;
  createdOn: string | undefined;
}

const CONNECTION_ID_FIELDS = ["id", "platformConnectionId", "connectionId"] as const;

export function readConnection(raw: unknown): ConnectionRecord | undefined {
  const id = readIntegerId(Array.isArray(raw) ? undefined : (field(raw, CONNECTION_ID_FIELDS) ?? raw));
  if (id === undefined) return undefined;
  return {
    id,
    name: readString(field(raw, ["name", "connectionName", "displayName"])) ?? `connection ${id}`,
    connectionType: readString(field(raw, ["connectionType", "type"])),
    platform: readString(field(raw, ["platform", "platformType"])),
    settings: record.parse(field(raw, ["settings", "platformSettings"]) ?? {}),
    createdOn: readString(field(raw, ["createdOn", "createdAt", "created"])),
  };
}

// ---------------------------------------------------------------- projects and batches

export interface ProjectRecord {
  projectId: string;
  name: string | undefined;
  createdOn: string | undefined;
  isArchived: boolean | undefined;
  sourceConnectionId: number | undefined;
  destinationConnectionId: number | undefined;
}

export function readProject(raw: unknown): ProjectRecord | undefined {
  const projectId = readId(isObject(raw) ? field(raw, ["projectId", "id"]) : raw);
  if (projectId === undefined) return undefined;
  return {
    projectId,
    name: readString(field(raw, ["name", "projectName"])),
    createdOn: readString(field(raw, ["createdOn", "createdAt"])),
    isArchived: readBoolean(field(raw, ["isArchived", "archived"])),
    sourceConnectionId: readIntegerId(field(raw, ["sourceConnectionId"])),
    destinationConnectionId: readIntegerId(field(raw, ["destinationConnectionId"])),
  };
}

export interface BatchRecord {
  configurationId: string;
  projectId: string | undefined;
  batchName: string | undefined;
  sourceConnectionId: number | undefined;
  destinationConnectionId: number | undefined;
  migrationItemsBatchType: number | undefined;
  tags: string | undefined;
  createdOn: string | undefined;
  itemCount: number | undefined;
  state: string | undefined;
}

const BATCH_ID_FIELDS = ["configurationId", "id", "batchId", "connectionBatchId"] as const;

/** A batch, or a create answer that is only its id (`{configurationId}`, `{id}`, a bare GUID string). */
export function readBatch(raw: unknown): BatchRecord | undefined {
  const configurationId = readId(isObject(raw) ? field(raw, BATCH_ID_FIELDS) : raw);
  if (configurationId === undefined) return undefined;
  return {
    configurationId,
    projectId: readId(field(raw, ["projectId"])),
    batchName: readString(field(raw, ["batchName", "name"])),
    sourceConnectionId: readIntegerId(field(raw, ["sourceConnectionId"])),
    destinationConnectionId: readIntegerId(field(raw, ["destinationConnectionId"])),
    migrationItemsBatchType: readNumber(field(raw, ["migrationItemsBatchType", "itemType"])),
    tags: readString(field(raw, ["tags"])),
    createdOn: readString(field(raw, ["createdOn", "createdAt"])),
    itemCount: readNumber(field(raw, ["itemCount", "itemsCount", "totalItems", "userCount"])),
    state: readString(field(raw, ["state", "status"])),
  };
}

// ---------------------------------------------------------------- migration items and imports

/** The id of an added migration item, when the answer carries one. */
export function readItemId(raw: unknown): string | undefined {
  return readId(isObject(raw) ? field(raw, ["id", "itemId", "migrationItemId"]) : raw);
}

export interface ImportRecord {
  importedCount: number | undefined;
  skippedCount: number | undefined;
  errors: Array<{ row: number | undefined; message: string }>;
}

export function readImport(raw: unknown): ImportRecord {
  const errors = field(raw, ["errors", "failures", "rowErrors"]);
  return {
    importedCount: readNumber(
      field(raw, ["importedCount", "imported", "addedCount", "added", "successCount", "count"]),
    ),
    skippedCount: readNumber(field(raw, ["skippedCount", "skipped", "failedCount", "failed"])),
    errors: (Array.isArray(errors) ? errors : []).map((e) => ({
      row: readNumber(field(e, ["row", "line", "rowNumber"])),
      message: readString(field(e, ["message", "error", "reason"])) ?? (typeof e === "string" ? e : "error"),
    })),
  };
}

// ---------------------------------------------------------------- settings

export interface SettingsRecord {
  generalSettings: Json;
  sourceSettings: Json;
  destinationSettings: Json;
}

export function readSettings(raw: unknown): SettingsRecord {
  const part = (names: readonly string[]) => record.parse(field(raw, names) ?? {});
  return {
    generalSettings: part(["generalSettings", "general", "batchSettings"]),
    sourceSettings: part(["sourceSettings", "source"]),
    destinationSettings: part(["destinationSettings", "destination"]),
  };
}

// ---------------------------------------------------------------- runs and statistics

export interface RunRecord {
  state: string | undefined;
  mode: string | undefined;
  phase: string | undefined;
}

export function readRun(raw: unknown): RunRecord {
  return {
    state: readString(field(raw, ["state", "status", "migrationState"])),
    mode: readString(field(raw, ["mode", "migrationMode"])),
    phase: readString(field(raw, ["phase"])),
  };
}

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
}

export interface ItemStatisticsRecord {
  id: string | undefined;
  exportName: string;
  importName: string | undefined;
  state: string | undefined;
  progressPercent: number | undefined;
  failures: ItemFailureRecord[];
}

export interface StatisticsRecord {
  state: string | undefined;
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
}

const SUMMARY_FIELDS = ["summary", "totalStatistics", "totalMigrationStatistics", "total"];

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

function readItemStatistics(raw: unknown): ItemStatisticsRecord | undefined {
  const exportName = readString(field(raw, ["exportName", "sourceName", "userEmail", "name"]));
  if (exportName === undefined) return undefined;
  const failures = field(raw, ["failures", "errors", "itemFailures"]);
  return {
    id: readId(field(raw, ["id", "itemId", "migrationItemId"])),
    exportName,
    importName: readString(field(raw, ["importName", "destinationName"])),
    state: readString(field(raw, ["state", "status"])),
    progressPercent: readNumber(field(raw, ["progressPercent", "progress", "percentComplete"])),
    failures: (Array.isArray(failures) ? failures : []).map((f) => ({
      type: readString(field(f, ["type"])),
      code: readString(field(f, ["code"])),
      reason: readString(field(f, ["reason", "message", "details"])) ?? "unknown",
    })),
  };
}

/**
 * get-statistics, whatever it is shaped like: figures at the root or under `summary` /
 * `totalStatistics`, users under `items` / `itemStatistics`, the cap under `volumeCap` /
 * `volumeCapInformation`. Figures it cannot find stay undefined.
 */
export function readStatistics(raw: unknown): StatisticsRecord {
  const summary = field(raw, SUMMARY_FIELDS);
  const figures = isObject(summary) ? summary : {};
  // A figure may sit at the root or in the summary block; the root wins.
  const pick = (names: readonly string[]) => field(raw, names) ?? field(figures, names);
  const totalsBlock = field(raw, ["totals", "dataTypeTotals", "totalsByDataType"]);
  const totals: Record<string, CountersRecord> = {};
  if (isObject(totalsBlock)) {
    for (const [type, value] of Object.entries(totalsBlock)) {
      const counters = readCounters(value);
      if (counters) totals[type] = counters;
    }
  }
  const cap = field(raw, ["volumeCap", "volumeCapInformation", "volumeCapInfo"]);
  const items = field(raw, ["items", "itemStatistics", "perItemStatistics", "users", "migrationItems"]);
  return {
    state: readString(pick(["state", "status", "migrationState", "runState"])),
    stopReason: readString(pick(["stopReason"])),
    phase: readString(pick(["phase"])),
    mode: readString(pick(["mode", "migrationMode"])),
    progressPercent: readNumber(pick(["progressPercent", "progress", "percentComplete", "percentage"])),
    summary: {
      totalUsers: readNumber(pick(["totalUsers", "userCount", "usersTotal"])),
      currentUsers: readNumber(pick(["currentUsers", "runningUsers", "inProgressUsers"])),
      completedUsers: readNumber(pick(["completedUsers", "usersCompleted", "succeededUsers"])),
      failedUsers: readNumber(pick(["failedUsers", "usersFailed"])),
      totalItems: readNumber(pick(["totalItems", "itemCount"])),
      sizeImportedBytes: readNumber(pick(["sizeImportedBytes", "sizeImported", "importedBytes"])),
      startTime: readString(pick(["startTime", "startedOn"])),
      endTime: readString(pick(["endTime", "endedOn", "completedOn"])),
    },
    totals,
    volumeCap: isObject(cap)
      ? {
          capped: readBoolean(field(cap, ["capped", "isCapped"])),
          isOver: readBoolean(field(cap, ["isOver", "over", "exceeded"])),
          message: readString(field(cap, ["message"])),
          usedPercentage: readNumber(field(cap, ["usedPercentage", "percentageUsed", "used"])),
        }
      : undefined,
    items: (Array.isArray(items) ? items : [])
      .map(readItemStatistics)
      .filter((i): i is ItemStatisticsRecord => i !== undefined),
  };
}

/** Whether a run is known to be over: statistics that do not say the state are followed on. */
export function isSettled(stats: StatisticsRecord): boolean {
  return stats.state !== undefined && !ACTIVE_RUN_STATES.has(stats.state);
}

/** Whether the statistics say a run is under way. */
export function isRunning(stats: StatisticsRecord): boolean {
  return stats.state !== undefined && ACTIVE_RUN_STATES.has(stats.state);
}

// ---------------------------------------------------------------- connection tests

export interface ConnectionTestRecord {
  completed: boolean;
  testNotFound: boolean;
  success: boolean | undefined;
  checks: Array<{ name: string; status: string; message?: string }>;
}

/** The guide's `{completed, testNotFound}`, with checks when the instance sends them (facts file). */
export function readConnectionTest(raw: unknown): ConnectionTestRecord {
  const checks = field(raw, ["checks", "results", "testResults"]);
  return {
    completed: readBoolean(field(raw, ["completed", "isCompleted"])) ?? false,
    testNotFound: readBoolean(field(raw, ["testNotFound"])) ?? false,
    success: readBoolean(field(raw, ["success", "succeeded", "passed"])),
    checks: (Array.isArray(checks) ? checks : []).map((c) => {
      const message = readString(field(c, ["message", "details"]));
      return {
        name: readString(field(c, ["name", "title"])) ?? "check",
        status: readString(field(c, ["status", "result"])) ?? "unknown",
        ...(message === undefined ? {} : { message }),
      };
    }),
  };
}

export function readTestId(raw: unknown): string | undefined {
  return readId(isObject(raw) ? field(raw, ["testId", "id"]) : raw);
}
