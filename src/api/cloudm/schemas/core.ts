/**
 * Wire format of the CloudM Migrate REST API: the single place where its shapes are written down.
 *
 * Requests: bodies are exactly as `cloudm-migrate-api-guide.txt` writes them (paths are in
 * ../endpoints.ts). Bodies are strict objects, so the simulator answers an unknown or missing field
 * with a 400 that names it.
 * Responses: the shapes here are the full simulator's answers (and what its /openapi/v1.json shows);
 * the client does not require them. It reads every answer with the tolerant readers of readers.ts,
 * which take only the fields a tool uses. Every shape the guide does not show is marked
 * `assumed: not in the guide`; correct those against a real instance's `/openapi/v1.json`.
 */
import { z } from "zod";

const id = z.number().int().positive();
const guid = z.guid();
const isoDate = z.string();

// ---------------------------------------------------------------- enumerations (facts file)

export const CONNECTION_TYPES = ["Source", "Destination"] as const;
export const MIGRATION_MODES = [
  "StartMigration",
  "CheckUsersOnly",
  "RestartFailedUsers",
  "RestartFailedItems",
] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];
export const RUN_STATES = [
  "None",
  "PreparingData",
  "Queueing",
  "Running",
  "Stopping",
  "Stopped",
  "Completed",
  "Error",
] as const;
export type RunState = (typeof RUN_STATES)[number];
/** The states of a run that is under way: a watcher follows it, a start or a delete waits for it. */
export const ACTIVE_RUN_STATES: ReadonlySet<string> = new Set<RunState>([
  "PreparingData",
  "Queueing",
  "Running",
  "Stopping",
]);
export const ITEM_STATES = [
  "None",
  "Waiting",
  "InProgress",
  "Success",
  "Warning",
  "Failed",
  "Stopped",
] as const;
export type ItemState = (typeof ITEM_STATES)[number];
/** Migration item object types; `exportType` / `importType` are indexes into this list. */
export const ITEM_OBJECT_TYPES = [
  "User",
  "Resource",
  "DistributionList",
  "ExternalEntity",
  "Group",
  "PublicFolder",
  "TeamSite",
  "TeamDrive",
  "UnifiedGroup",
  "MicrosoftTeam",
] as const;
export const DATA_TYPES = [
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
export type DataType = (typeof DATA_TYPES)[number];
// assumed: not in the guide (the facts file lists the reports, not their type names)
export const REPORT_TYPES = [
  "MigrationSummary",
  "UserProgress",
  "UserDetails",
  "ItemFailures",
  "DocumentMappings",
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
// assumed: not in the guide (facts list "All, InboxOnly, NoDeleted, ...")
export const FOLDER_SELECTIONS = ["All", "InboxOnly", "NoDeleted", "NoDeletedNoJunk", "Custom"] as const;

// ---------------------------------------------------------------- errors

/** ASP.NET problem details, the shape of every error body. */
export const problemDetails = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  traceId: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
export type ProblemDetails = z.infer<typeof problemDetails>;

// ---------------------------------------------------------------- auth

export const loginRequest = z.strictObject({ userEmail: z.string().min(1), password: z.string().min(1) });
export type LoginRequest = z.infer<typeof loginRequest>;

export const loginResponse = z.looseObject({
  userId: z.string(),
  userName: z.string(),
  email: z.string(),
  role: z.string(),
  accessToken: z.string(),
  expiresIn: z.number(),
  passwordResetRequired: z.boolean(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

// ---------------------------------------------------------------- connections

export const connectionSettings = z.record(z.string(), z.unknown());

export const connectionRequest = z.strictObject({
  name: z.string().min(1).max(200),
  connectionType: z.enum(CONNECTION_TYPES),
  settings: connectionSettings,
});
export type ConnectionRequest = z.infer<typeof connectionRequest>;

// assumed: not in the guide (it says only that each endpoint supports POST, PUT and GET)
export const connection = z.looseObject({
  id,
  name: z.string(),
  connectionType: z.string(),
  platform: z.string(),
  settings: connectionSettings,
  createdOn: isoDate.optional(),
});
export type Connection = z.infer<typeof connection>;
export const connectionList = z.array(connection);

// ---------------------------------------------------------------- connection tests

export const testConnectionRequest = z.strictObject({ platformConnectionId: id });
export const testConnectionStarted = z.looseObject({ testId: z.string() });

// assumed: not in the guide beyond {completed, testNotFound}; checks follow the facts file
export const connectionCheck = z.looseObject({
  name: z.string(),
  status: z.string(),
  message: z.string().optional(),
});
export const connectionTestStatus = z.looseObject({
  completed: z.boolean(),
  testNotFound: z.boolean(),
  success: z.boolean().optional(),
  checks: z.array(connectionCheck).optional(),
});

// ---------------------------------------------------------------- projects

export const createProjectRequest = z.strictObject({
  name: z.string().min(1).max(200),
  sourceConnectionId: id,
  destinationConnectionId: id,
});
export type CreateProjectRequest = z.infer<typeof createProjectRequest>;

export const project = z.looseObject({
  projectId: z.string(),
  name: z.string(),
  createdOn: isoDate,
  isArchived: z.boolean(),
  isIncomplete: z.boolean(),
  sourceConnectionId: z.number(),
  destinationConnectionId: z.number(),
});
export type Project = z.infer<typeof project>;

/** assumed: not in the guide; the older API's list envelope (facts file). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    totalResults: z.number(),
    totalPages: z.number(),
    pageNumber: z.number(),
    pageSize: z.number(),
    items: z.array(item),
  });
}
export const projectPage = pageOf(project);
export const PAGE_SIZE_MAX = 100;

// ---------------------------------------------------------------- batches

export const createBatchRequest = z.strictObject({
  projectId: guid,
  batchName: z.string().min(1).max(200),
  sourceConnectionId: id,
  destinationConnectionId: id,
  migrationItemsBatchType: z
    .number()
    .int()
    .min(0)
    .max(ITEM_OBJECT_TYPES.length - 1),
  tags: z.string(),
});
export type CreateBatchRequest = z.infer<typeof createBatchRequest>;

// assumed: not in the guide (it says only that a configurationId comes back)
export const batch = z.looseObject({
  configurationId: z.string(),
  projectId: z.string(),
  batchName: z.string(),
  sourceConnectionId: z.number(),
  destinationConnectionId: z.number(),
  migrationItemsBatchType: z.number(),
  tags: z.string().optional(),
  createdOn: isoDate.optional(),
  itemCount: z.number().optional(),
  state: z.string().optional(),
});
export type Batch = z.infer<typeof batch>;
export const batchList = z.array(batch);

// ---------------------------------------------------------------- migration items

const objectType = z
  .number()
  .int()
  .min(0)
  .max(ITEM_OBJECT_TYPES.length - 1);

export const addMigrationItemRequest = z.strictObject({
  configurationId: guid,
  exportName: z.string().min(1).max(320),
  importName: z.string().min(1).max(320),
  exportType: objectType,
  importType: objectType,
  mail: z.boolean(),
  calendar: z.boolean(),
  contacts: z.boolean(),
  drive: z.boolean(),
  migrate: z.boolean(),
  // facts file: further item fields the guide's example leaves out
  tasks: z.boolean().optional(),
  notes: z.boolean().optional(),
  sites: z.boolean().optional(),
  channels: z.boolean().optional(),
  priority: z.number().int().optional(),
  documentsPath: z.string().optional(),
  documentsDestinationPath: z.string().optional(),
  archivePath: z.string().optional(),
});
export type AddMigrationItemRequest = z.infer<typeof addMigrationItemRequest>;

// assumed: not in the guide
export const migrationItem = z.looseObject({
  id: z.number(),
  configurationId: z.string(),
  exportName: z.string(),
  importName: z.string(),
  exportType: z.number(),
  importType: z.number(),
  migrate: z.boolean(),
  state: z.string().optional(),
});

/** Columns of the bulk CSV (facts file), and the ones a file must have. */
export const CSV_COLUMNS = [
  "Migrate",
  "Priority",
  "ExportObjectType",
  "ImportObjectType",
  "ExportName",
  "ImportName",
  "GivenName",
  "FamilyName",
  "Password",
  "ArchivePath",
  "DocumentsPath",
  "DocumentsDestinationPath",
  "MigrateMail",
  "MigrateContacts",
  "MigrateCalendar",
  "MigrateDrive",
  "MigrateSites",
  "MigrateTasks",
  "MigrateChannels",
  "MigrateGoogleChat",
  "MigrateNotes",
  "ExportObjectRef",
  "ImportObjectRef",
] as const;
export const CSV_REQUIRED_COLUMNS = [
  "Migrate",
  "ExportObjectType",
  "ImportObjectType",
  "ExportName",
  "ImportName",
] as const;

// assumed: not in the guide (multipart fields of import-users-from-file, body of import-users-from-source)
export const IMPORT_FILE_FIELDS = { configurationId: "configurationId", file: "file" } as const;
export const importFromSourceRequest = z.strictObject({ configurationId: guid });
export const importResult = z.looseObject({
  importedCount: z.number(),
  skippedCount: z.number(),
  errors: z.array(z.looseObject({ row: z.number(), message: z.string() })),
});

// ---------------------------------------------------------------- batch settings

// assumed: not in the guide; field names follow the facts file's list of general settings
export const generalSettings = z.strictObject({
  emailDateFrom: isoDate.nullable(),
  emailDateTo: isoDate.nullable(),
  appointmentDateFrom: isoDate.nullable(),
  appointmentDateTo: isoDate.nullable(),
  documentDateFrom: isoDate.nullable(),
  documentDateTo: isoDate.nullable(),
  chatDateFrom: isoDate.nullable(),
  chatDateTo: isoDate.nullable(),
  folderSelection: z.enum(FOLDER_SELECTIONS),
  includedFolders: z.array(z.string()),
  excludedFolders: z.array(z.string()),
  addressReplacements: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })),
  autoCancelPeriodHours: z.number().int().min(0),
  retryFailedItems: z.boolean(),
  simultaneousMigrations: z.number().int().min(1).max(100),
  sendReportOnCompletion: z.boolean(),
});
export type GeneralSettings = z.infer<typeof generalSettings>;

const platformSettingValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export const platformBatchSettings = z.record(z.string(), platformSettingValue);

export const batchSettings = z.looseObject({
  configurationId: z.string(),
  generalSettings: generalSettings.partial().loose(),
  sourceSettings: z.record(z.string(), z.unknown()),
  destinationSettings: z.record(z.string(), z.unknown()),
});

// assumed: not in the guide (a partial update: only the fields sent change)
export const saveGeneralSettingsRequest = z.strictObject({
  configurationId: guid,
  settings: generalSettings.partial(),
});
export const savePlatformSettingsRequest = z.strictObject({
  configurationId: guid,
  settings: platformBatchSettings,
});

// ---------------------------------------------------------------- migration runs

export const startMigrationRequest = z.strictObject({ configurationId: guid, mode: z.enum(MIGRATION_MODES) });
export const configurationRequest = z.strictObject({ configurationId: guid });

// assumed: not in the guide
export const runStatus = z.looseObject({
  configurationId: z.string(),
  state: z.string(),
  mode: z.string().nullable().optional(),
  phase: z.string().optional(),
  itemsQueued: z.number().optional(),
});

// ---------------------------------------------------------------- statistics (assumed: not in the guide; facts file)

export const dataTypeCounters = z.looseObject({
  exportSuccess: z.number(),
  exportFailure: z.number(),
  importSuccess: z.number(),
  importFailure: z.number(),
  sizeExportedBytes: z.number().optional(),
  sizeImportedBytes: z.number().optional(),
});
export type DataTypeCounters = z.infer<typeof dataTypeCounters>;
const counterTable = z.record(z.string(), dataTypeCounters);

export const itemFailure = z.looseObject({
  type: z.string(),
  code: z.string(),
  reason: z.string(),
  details: z.string().optional(),
});
export type ItemFailure = z.infer<typeof itemFailure>;

export const itemStatistics = z.looseObject({
  id: z.number(),
  exportName: z.string(),
  importName: z.string(),
  state: z.string(),
  progressPercent: z.number(),
  startTime: isoDate.nullable(),
  endTime: isoDate.nullable(),
  durationSeconds: z.number(),
  server: z.string().nullable(),
  totals: counterTable,
  failures: z.array(itemFailure),
});
export type ItemStatistics = z.infer<typeof itemStatistics>;

export const volumeCap = z.looseObject({
  capped: z.boolean(),
  isOver: z.boolean(),
  message: z.string(),
  usedPercentage: z.number(),
});

export const batchStatistics = z.looseObject({
  configurationId: z.string(),
  state: z.string(),
  stopReason: z.string(),
  phase: z.string(),
  mode: z.string().nullable(),
  progressPercent: z.number(),
  totals: counterTable,
  summary: z.looseObject({
    startTime: isoDate.nullable(),
    endTime: isoDate.nullable(),
    runningTimeSeconds: z.number(),
    throughputItemsPerHour: z.number(),
    currentUsers: z.number(),
    completedUsers: z.number(),
    failedUsers: z.number(),
    totalUsers: z.number(),
    totalItems: z.number(),
    sizeExportedBytes: z.number(),
    sizeImportedBytes: z.number(),
    successPercentage: z.number(),
    failurePercentage: z.number(),
  }),
  volumeCap,
  completionSummary: z
    .looseObject({ usersSucceeded: z.number(), usersFailed: z.number(), successPercentage: z.number() })
    .nullable(),
  items: z.array(itemStatistics),
});
export type BatchStatistics = z.infer<typeof batchStatistics>;

// ---------------------------------------------------------------- reports

// assumed: not in the guide (generate-report's response)
export const reportGeneration = z.looseObject({
  configurationId: z.string(),
  status: z.string(),
  requestedOn: isoDate.optional(),
});
