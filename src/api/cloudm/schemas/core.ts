/**
 * Wire format of the CloudM Migrate REST API: the single place where its shapes are written down.
 *
 * Requests: the bodies the client sends, exactly as `cloudm-migrate-api-guide.txt` writes them (paths
 * are in ../endpoints.ts). Responses: the client reads every core answer with the tolerant readers of
 * readers.ts, which take only the fields a tool uses; only the login answer is parsed whole. Every
 * shape the guide does not show is marked `assumed: not in the guide`; correct those against a real
 * instance's `/openapi/v1.json`. The simulator states its own side in src/simulator.
 */
import { z } from "zod";

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

// ---------------------------------------------------------------- lists

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
export const PAGE_SIZE_MAX = 100;

// ---------------------------------------------------------------- request bodies

export interface ConnectionRequest {
  name: string;
  connectionType: (typeof CONNECTION_TYPES)[number];
  settings: Record<string, unknown>;
}

export interface CreateProjectRequest {
  name: string;
  sourceConnectionId: number;
  destinationConnectionId: number;
}

export interface CreateBatchRequest {
  projectId: string;
  batchName: string;
  sourceConnectionId: number;
  destinationConnectionId: number;
  /** An index into ITEM_OBJECT_TYPES. */
  migrationItemsBatchType: number;
  tags: string;
}

export interface AddMigrationItemRequest {
  configurationId: string;
  exportName: string;
  importName: string;
  /** Indexes into ITEM_OBJECT_TYPES. */
  exportType: number;
  importType: number;
  mail: boolean;
  calendar: boolean;
  contacts: boolean;
  drive: boolean;
  migrate: boolean;
  // facts file: further item fields the guide's example leaves out
  tasks?: boolean;
  notes?: boolean;
  sites?: boolean;
  channels?: boolean;
  priority?: number;
  documentsPath?: string;
  documentsDestinationPath?: string;
  archivePath?: string;
}

// ---------------------------------------------------------------- migration items

/** The columns a bulk CSV must have (facts file). */
export const CSV_REQUIRED_COLUMNS = [
  "Migrate",
  "ExportObjectType",
  "ImportObjectType",
  "ExportName",
  "ImportName",
] as const;

// assumed: not in the guide (multipart fields of import-users-from-file)
export const IMPORT_FILE_FIELDS = { configurationId: "configurationId", file: "file" } as const;
