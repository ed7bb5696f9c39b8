/**
 * Batch settings (api/BatchConfigSettings): the general settings under the names this instance uses
 * (after the facts file's list), each platform's own settings, and partial saves of either.
 */
import { z } from "zod";

const isoDate = z.string();

const FOLDER_SELECTIONS = ["All", "InboxOnly", "NoDeleted", "NoDeletedNoJunk", "Custom"] as const;

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
const platformBatchSettings = z.record(z.string(), platformSettingValue);

export const batchSettings = z.looseObject({
  configurationId: z.string(),
  generalSettings: generalSettings.partial().loose(),
  sourceSettings: z.record(z.string(), z.unknown()),
  destinationSettings: z.record(z.string(), z.unknown()),
});

// a partial update: only the fields sent change
export const saveGeneralSettingsRequest = z.strictObject({
  configurationId: z.guid(),
  settings: generalSettings.partial(),
});
export const savePlatformSettingsRequest = z.strictObject({
  configurationId: z.guid(),
  settings: platformBatchSettings,
});
