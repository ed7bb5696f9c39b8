/**
 * The full profile's answers, as this profile reads them before presenting them its own way. Written
 * here rather than imported from the client's schemas: an upstream that shared the client's picture
 * of itself would agree with the client by construction. Only the fields this profile uses are named.
 */
import { z } from "zod";
import { MAILBOX_TYPES, mailboxTypeFields } from "../wire/scan.js";

const date = z.string().nullable();

export const fullConnection = z.object({
  id: z.number(),
  name: z.string(),
  connectionType: z.enum(["Source", "Destination"]),
  settings: z.record(z.string(), z.unknown()),
  createdOn: date,
});
export type FullConnection = z.infer<typeof fullConnection>;

export const fullTestStarted = z.object({ testId: z.string() });

export const fullTestStatus = z.object({
  completed: z.boolean(),
  testNotFound: z.boolean(),
  checks: z
    .array(
      z.object({
        name: z.string(),
        status: z.enum(["Success", "Failed", "InProgress", "Warning"]),
        message: z.string(),
      }),
    )
    .optional(),
});

export const fullProject = z.object({
  projectId: z.string(),
  name: z.string(),
  createdOn: date,
  isArchived: z.boolean(),
  isIncomplete: z.boolean(),
  sourceConnectionId: z.number(),
  destinationConnectionId: z.number(),
});

export const fullBatchCreated = z.object({ configurationId: z.string() });

export const fullImportResult = z.object({
  importedCount: z.number(),
  skippedCount: z.number(),
  errors: z.array(z.object({ row: z.number(), message: z.string() })),
});

const fullGeneralSettings = z.object({
  emailDateFrom: date,
  emailDateTo: date,
  appointmentDateFrom: date,
  appointmentDateTo: date,
  documentDateFrom: date,
  documentDateTo: date,
  chatDateFrom: date,
  chatDateTo: date,
  folderSelection: z.string(),
  includedFolders: z.array(z.string()),
  excludedFolders: z.array(z.string()),
  addressReplacements: z.array(z.object({ from: z.string(), to: z.string() })),
  autoCancelPeriodHours: z.number(),
  retryFailedItems: z.boolean(),
  simultaneousMigrations: z.number(),
  sendReportOnCompletion: z.boolean(),
});
export type FullGeneralSettings = z.infer<typeof fullGeneralSettings>;

export const fullSettings = z.object({
  configurationId: z.string(),
  generalSettings: fullGeneralSettings,
  sourceSettings: z.record(z.string(), z.unknown()),
  destinationSettings: z.record(z.string(), z.unknown()),
});

export const fullSchedule = z.object({
  scheduleId: z.string(),
  configurationId: z.string(),
  scheduleType: z.string(),
  mode: z.string(),
  scheduleOn: date,
  repeat: z.string(),
  completedConfigurationId: z.string().nullable(),
  completedPercent: z.number().nullable(),
  status: z.string(),
  createdOn: date,
  nextRunOn: date,
  firedCount: z.number(),
  lastOutcome: z.object({ firedOn: z.string(), result: z.string(), message: z.string() }).nullable(),
});
export type FullSchedule = z.infer<typeof fullSchedule>;

export const fullScanStatus = z.object({
  projectId: z.string(),
  scanId: z.string().nullable(),
  state: z.string(),
  scanType: z.string().optional(),
  sourceOption: z.string().optional(),
  progressPercent: z.number(),
  usersScanned: z.number(),
  totalUsers: z.number(),
  startedOn: date.optional(),
  completedOn: date.optional(),
  message: z.string().nullable().optional(),
});
export type FullScanStatus = z.infer<typeof fullScanStatus>;

const count = z.number().optional();
/** The mail scan's figures per data type, by the full profile's names (`emailItemCount` …). */
const mailboxTypeCounts = Object.fromEntries(
  MAILBOX_TYPES.flatMap((type) => Object.values(mailboxTypeFields(type))).map((field) => [field, count]),
);
const fullScanUser = z.object({
  userEmail: z.string(),
  mailItemCount: count,
  mailboxSizeBytes: count,
  mailFolderCount: count,
  ...mailboxTypeCounts,
  driveItemCount: count,
  driveSizeBytes: count,
  sharedItemCount: count,
});
export type FullScanUser = z.infer<typeof fullScanUser>;

export const fullScanReport = z.object({
  projectId: z.string(),
  scanId: z.string(),
  state: z.string(),
  partial: z.boolean(),
  sourceOption: z.string(),
  totals: z.object({
    users: z.number(),
    mailItemCount: z.number(),
    mailboxSizeBytes: z.number(),
    ...mailboxTypeCounts,
    driveItemCount: z.number(),
    driveSizeBytes: z.number(),
  }),
  totalPages: z.number(),
  items: z.array(fullScanUser),
});
export type FullScanReport = z.infer<typeof fullScanReport>;

export const fullReadiness = z.object({
  readinessId: z.string(),
  projectId: z.string(),
  configurationId: z.string().nullable(),
  status: z.string(),
  startedOn: date,
  completedOn: date,
  tests: z.array(z.object({ id: z.string(), title: z.string(), message: z.string(), status: z.string() })),
});
export type FullReadiness = z.infer<typeof fullReadiness>;

export const fullAdminUser = z.object({
  id: z.string(),
  role: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  login: z.string(),
  isActive: z.boolean(),
});
export type FullAdminUser = z.infer<typeof fullAdminUser>;

export const fullAuditPage = z.object({
  totalPages: z.number(),
  items: z.array(
    z.object({
      auditId: z.number(),
      userEmail: z.string(),
      date: z.string(),
      auditType: z.string(),
      message: z.string(),
      ipAddress: z.string(),
      userAgent: z.string(),
    }),
  ),
});

export const fullLicence = z.object({
  state: z.string(),
  total: z.number(),
  used: z.number(),
  available: z.number(),
  expiresOn: date,
  destinationDomain: z.string().nullable(),
  destinationPlatform: z.string().nullable(),
});

export const fullNotificationPage = z.object({
  totalPages: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      date: z.string(),
      title: z.string(),
      type: z.string(),
      message: z.string(),
      configurationId: z.string().nullable(),
      projectId: z.string().nullable(),
      isRead: z.boolean(),
    }),
  ),
});

export const fullServers = z.array(
  z.object({
    machineName: z.string(),
    status: z.string(),
    version: z.string(),
    uptime: z.string(),
    numberOfRunningTasks: z.number(),
  }),
);
