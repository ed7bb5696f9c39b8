/**
 * Environment scans (api/EnvironmentScan): what a project's source holds before anything moves. The
 * guide names the group; the facts file gives scanType and the source option.
 */
import { z } from "zod";

export const SCAN_TYPES = ["AllItems", "SelectedToMigrateItems"] as const;
export type ScanType = (typeof SCAN_TYPES)[number];
export const SCAN_SOURCE_OPTIONS = ["Both", "Email", "File"] as const;
export type ScanSourceOption = (typeof SCAN_SOURCE_OPTIONS)[number];

// assumed: not in the guide (body of POST api/EnvironmentScan/start)
export interface StartScanRequest {
  projectId: string;
  scanType: ScanType;
  sourceOption: ScanSourceOption;
}

// assumed: not in the guide (GET api/EnvironmentScan/status?projectId=; state None before any scan)
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
export type ScanStatus = z.infer<typeof scanStatus>;

// assumed: not in the guide (the mail report and the file report, one row per user)
export const scanUser = z.looseObject({
  userEmail: z.string(),
  mailItemCount: z.number().optional(),
  mailboxSizeBytes: z.number().optional(),
  mailFolderCount: z.number().optional(),
  driveItemCount: z.number().optional(),
  driveSizeBytes: z.number().optional(),
  sharedItemCount: z.number().optional(),
});
export type ScanUser = z.infer<typeof scanUser>;

// assumed: not in the guide (GET api/EnvironmentScan/report?projectId=&pageNumber=&pageSize=; users
// largest first, paged with the older list envelope)
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
export type ScanReport = z.infer<typeof scanReport>;
