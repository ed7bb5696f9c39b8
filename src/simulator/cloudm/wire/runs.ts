/**
 * Migration runs and reports (api/ConnectionBatchesProgress): the modes a run starts in, the states a
 * run and an item pass through (facts file), the start and stop bodies, and the report types.
 */
import { z } from "zod";

export const MIGRATION_MODES = [
  "StartMigration",
  "CheckUsersOnly",
  "RestartFailedUsers",
  "RestartFailedItems",
] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];

export type RunState =
  "None" | "PreparingData" | "Queueing" | "Running" | "Stopping" | "Stopped" | "Completed" | "Error";

export type ItemState = "None" | "Waiting" | "InProgress" | "Success" | "Warning" | "Failed" | "Stopped";

export const startMigrationRequest = z.strictObject({
  configurationId: z.guid(),
  mode: z.enum(MIGRATION_MODES),
});
export const configurationRequest = z.strictObject({ configurationId: z.guid() });

export const runStatus = z.looseObject({
  configurationId: z.string(),
  state: z.string(),
  mode: z.string().nullable().optional(),
  phase: z.string().optional(),
  itemsQueued: z.number().optional(),
});

// ---------------------------------------------------------------- reports

// the facts file lists the reports, not their type names: these are this instance's
export const REPORT_TYPES = [
  "MigrationSummary",
  "UserProgress",
  "UserDetails",
  "ItemFailures",
  "DocumentMappings",
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const reportGeneration = z.looseObject({
  configurationId: z.string(),
  status: z.string(),
  requestedOn: z.string().optional(),
});
