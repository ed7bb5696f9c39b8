/**
 * Migration items (api/BatchMigrationItems): one item as the guide's body adds it (with the further fields
 * the facts file lists), the bulk CSV's columns, and the imports' bodies and answers.
 */
import { z } from "zod";

/** Migration item object types (facts file); `exportType` / `importType` are indexes into this list. */
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

const objectType = z
  .number()
  .int()
  .min(0)
  .max(ITEM_OBJECT_TYPES.length - 1);

export const addMigrationItemRequest = z.strictObject({
  configurationId: z.guid(),
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

/** The multipart fields of import-users-from-file. */
export const IMPORT_FILE_FIELDS = { configurationId: "configurationId", file: "file" } as const;
export const importFromSourceRequest = z.strictObject({ configurationId: z.guid() });
export const importResult = z.looseObject({
  importedCount: z.number(),
  skippedCount: z.number(),
  errors: z.array(z.looseObject({ row: z.number(), message: z.string() })),
});
