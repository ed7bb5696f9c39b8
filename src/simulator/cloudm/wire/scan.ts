/**
 * Environment scans (api/EnvironmentScan), with the facts file's scan types, source options and
 * states: the bodies that start and stop a scan, its status, and its report of users, largest first.
 */
import { z } from "zod";

const SCAN_TYPES = ["AllItems", "SelectedToMigrateItems"] as const;
export type ScanType = (typeof SCAN_TYPES)[number];
const SCAN_SOURCE_OPTIONS = ["Both", "Email", "File"] as const;
export type ScanSourceOption = (typeof SCAN_SOURCE_OPTIONS)[number];
export type ScanState =
  "None" | "Processing" | "UpdateStatistics" | "Complete" | "Error" | "Stopping" | "Stopped";

const guid = z.guid();

export const startScanRequest = z.strictObject({
  projectId: guid,
  scanType: z.enum(SCAN_TYPES),
  sourceOption: z.enum(SCAN_SOURCE_OPTIONS),
});
export const stopScanRequest = z.strictObject({ projectId: guid });

// state None before any scan
export const scanStatus = z.looseObject({
  projectId: z.string(),
  scanId: z.string().nullable(),
  state: z.string(),
  scanType: z.string().nullable().optional(),
  sourceOption: z.string().nullable().optional(),
  progressPercent: z.number(),
  usersScanned: z.number(),
  totalUsers: z.number(),
  startedOn: z.string().nullable().optional(),
  completedOn: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
});

// one row per user: the mail report's and the file report's figures, paged as the older list envelope
const scanUser = z.looseObject({
  userEmail: z.string(),
  mailItemCount: z.number().optional(),
  mailboxSizeBytes: z.number().optional(),
  mailFolderCount: z.number().optional(),
  driveItemCount: z.number().optional(),
  driveSizeBytes: z.number().optional(),
  sharedItemCount: z.number().optional(),
});

export const scanReport = z.looseObject({
  projectId: z.string(),
  scanId: z.string(),
  state: z.string(),
  partial: z.boolean(),
  sourceOption: z.string(),
  totals: z.looseObject({
    users: z.number(),
    mailItemCount: z.number(),
    mailboxSizeBytes: z.number(),
    driveItemCount: z.number(),
    driveSizeBytes: z.number(),
  }),
  totalResults: z.number(),
  totalPages: z.number(),
  pageNumber: z.number(),
  pageSize: z.number(),
  items: z.array(scanUser),
});
