/**
 * Tolerant readers of CloudM answers: the one place that absorbs how instances differ (a list as a bare
 * array or an envelope, an id as a string or a number, a create answering the object, `{id}` or a bare
 * string, statistics under other names). Each takes the parsed JSON (`unknown`) and never throws: what
 * it cannot find is left undefined, so a tool degrades instead of failing over a field it does not need.
 * The names tried are guesses (only the login and create-project answers are in the guide); correct
 * them here against a real instance's `/openapi/v1.json`.
 */
import { DEFAULT_VOCABULARY, type Vocabulary } from "../vocabulary.js";
import {
  field,
  fieldByMeaning,
  isObject,
  type Json,
  readBoolean,
  readEnum,
  readId,
  readIntegerId,
  readNumber,
  readString,
  record,
} from "./read-values.js";

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
export function readBatch(
  raw: unknown,
  vocabulary: Vocabulary = DEFAULT_VOCABULARY,
): BatchRecord | undefined {
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
    itemCount: readNumber(
      field(raw, ["itemCount", "itemsCount", "migrationItemsCount", "totalItems", "userCount"]),
    ),
    // The run state, named like the statistics' (an integer only from the instance's document).
    state: readEnum(vocabulary, "runState", field(raw, ["state", "status", "migrationProcessState"])).name,
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

const isCount = (value: unknown) => readNumber(value) !== undefined;

export function readImport(raw: unknown): ImportRecord {
  const errors = field(raw, ["errors", "failures", "rowErrors"]);
  return {
    importedCount: readNumber(
      field(raw, ["importedCount", "imported", "addedCount", "added", "successCount", "count"]) ??
        fieldByMeaning(raw, /import|added|success/i, isCount, /skip|fail|error|total/i),
    ),
    skippedCount: readNumber(
      field(raw, ["skippedCount", "skipped", "failedCount", "failed"]) ??
        fieldByMeaning(raw, /skip|fail/i, isCount),
    ),
    errors: (Array.isArray(errors) ? errors : []).map((e) => ({
      row: readNumber(field(e, ["row", "line", "rowNumber"]) ?? fieldByMeaning(e, /line|row/i, isCount)),
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

const GENERAL_SETTINGS = [
  "generalSettings",
  "generalMigrationSettings",
  "general",
  "batchSettings",
  "generalMigrationModel",
];
const SOURCE_SETTINGS = ["sourceSettings", "source", "exportSettings", "export"];
const DESTINATION_SETTINGS = ["destinationSettings", "destination", "importSettings", "import"];

/**
 * A batch's settings in three sections, under our names, CloudM's export/import names or others; an
 * answer that is the general model itself (no sections) is taken as the general settings.
 */
export function readSettings(raw: unknown): SettingsRecord {
  const part = (names: readonly string[]) => record.parse(field(raw, names) ?? {});
  const sectioned = [GENERAL_SETTINGS, SOURCE_SETTINGS, DESTINATION_SETTINGS].some(
    (names) => field(raw, names) !== undefined,
  );
  const bare =
    isObject(raw) && !sectioned
      ? Object.fromEntries(Object.entries(raw).filter(([key]) => key.toLowerCase() !== "configurationid"))
      : {};
  return {
    generalSettings: sectioned ? part(GENERAL_SETTINGS) : bare,
    sourceSettings: part(SOURCE_SETTINGS),
    destinationSettings: part(DESTINATION_SETTINGS),
  };
}

// ---------------------------------------------------------------- runs

export interface RunRecord {
  state: string | undefined;
  mode: string | undefined;
  phase: string | undefined;
}

export function readRun(raw: unknown, vocabulary: Vocabulary = DEFAULT_VOCABULARY): RunRecord {
  return {
    state: readEnum(
      vocabulary,
      "runState",
      field(raw, ["state", "status", "migrationState", "migrationProcessState"]),
    ).name,
    mode: readEnum(vocabulary, "migrationMode", field(raw, ["mode", "migrationMode"])).name,
    phase: readString(field(raw, ["phase"])),
  };
}

// ---------------------------------------------------------------- connection tests

export interface ConnectionTestRecord {
  completed: boolean;
  testNotFound: boolean;
  success: boolean | undefined;
  checks: Array<{ name: string; status: string; message?: string }>;
}

/**
 * The guide's `{completed, testNotFound}`, with the checks CloudM's `ConnectionTestResultModel` carries
 * (`results: [{ name, status, message, extraInformation }]`, statuses named by the vocabulary).
 */
export function readConnectionTest(
  raw: unknown,
  vocabulary: Vocabulary = DEFAULT_VOCABULARY,
): ConnectionTestRecord {
  const checks = field(raw, ["checks", "results", "testResults"]);
  const overall = readEnum(vocabulary, "checkStatus", field(raw, ["status", "result"])).name;
  return {
    completed: readBoolean(field(raw, ["completed", "isCompleted"])) ?? false,
    testNotFound: readBoolean(field(raw, ["testNotFound"])) ?? false,
    success:
      readBoolean(field(raw, ["success", "succeeded", "passed"])) ??
      (overall === "Success" ? true : overall === "Failed" ? false : undefined),
    checks: (Array.isArray(checks) ? checks : []).map((c) => {
      const message = [field(c, ["message", "details"]), field(c, ["extraInformation"])]
        .map(readString)
        .filter((m): m is string => m !== undefined && m.trim() !== "")
        .join(" — ");
      const status = readEnum(vocabulary, "checkStatus", field(c, ["status", "result"]));
      return {
        name: readString(field(c, ["name", "title"])) ?? "check",
        status:
          status.name ?? (status.reported === undefined ? "unknown" : `not understood (${status.reported})`),
        ...(message === "" ? {} : { message }),
      };
    }),
  };
}

export function readTestId(raw: unknown): string | undefined {
  return readId(isObject(raw) ? field(raw, ["testId", "taskId", "id"]) : raw);
}
