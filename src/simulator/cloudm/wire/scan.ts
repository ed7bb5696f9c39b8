/**
 * Environment scans (api/EnvironmentScan), with the facts file's scan types, source options and
 * states: the bodies that start and stop a scan, its status, and its report of users, largest first.
 */
import { z } from "zod";
import type { DataType } from "./statistics.js";

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

/** The data types a mail scan counts per user (the mailbox is their sum); a file scan counts the drive's. */
export const MAILBOX_TYPES = [
  "email",
  "appointment",
  "contact",
  "task",
  "note",
] as const satisfies readonly DataType[];

/** A mail scan's figures per data type: `emailItemCount`, `emailSizeBytes`, … */
export const mailboxTypeFields = (type: (typeof MAILBOX_TYPES)[number]) =>
  ({ count: `${type}ItemCount`, bytes: `${type}SizeBytes` }) as const;

const perTypeFields = Object.fromEntries(
  MAILBOX_TYPES.flatMap((type) => {
    const names = mailboxTypeFields(type);
    return [
      [names.count, z.number().optional().describe(`Items of type ${type} in the mailbox`)],
      [names.bytes, z.number().optional().describe(`Bytes of the mailbox's ${type} items`)],
    ];
  }),
);

// one row per user: the mail report's and the file report's figures, paged as the older list envelope
const scanUser = z.looseObject({
  userEmail: z.string(),
  mailItemCount: z
    .number()
    .optional()
    .describe("Every item of the mailbox: mail, calendar, contacts, tasks, notes"),
  mailboxSizeBytes: z.number().optional().describe("The mailbox's size: the sum of its data types' sizes"),
  mailFolderCount: z.number().optional(),
  ...perTypeFields,
  driveItemCount: z.number().optional().describe("Files in the user's drive"),
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
    ...perTypeFields,
    driveItemCount: z.number(),
    driveSizeBytes: z.number(),
  }),
  totalResults: z.number(),
  totalPages: z.number(),
  pageNumber: z.number(),
  pageSize: z.number(),
  items: z.array(scanUser),
});
