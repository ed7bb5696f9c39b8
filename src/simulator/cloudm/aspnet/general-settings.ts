/**
 * CloudM's `GeneralMigrationModel` over the simulator's own general settings: how each vendor field
 * reads from them, and how a save binds the way ASP.NET's JSON binder does (web defaults: names match
 * case-insensitively, a name the model lacks is dropped without a word, a known name with a value of
 * the wrong type is a 400 naming it, a field left out keeps its value). Vendor fields the engine has
 * no use for live in the profile's store, so they read back as saved.
 */
import { z } from "zod";
import { enumInput } from "./bodies.js";
import { enumText, enumValue } from "./enums.js";
import type { FullGeneralSettings } from "./full-answers.js";
import type { VendorGeneralExtras } from "./store.js";

/** Vendor date field → the simulator's. */
const DATES = {
  emailFrom: "emailDateFrom",
  emailTo: "emailDateTo",
  appointmentsFrom: "appointmentDateFrom",
  appointmentsTo: "appointmentDateTo",
  documentsFromDate: "documentDateFrom",
  documentsToDate: "documentDateTo",
  chatMessagesFromDate: "chatDateFrom",
  chatMessagesToDate: "chatDateTo",
} as const satisfies Record<string, keyof FullGeneralSettings>;

/** Vendor folder choices the simulator's folder selection can say; the rest live in the store. */
const FOLDERS_TO_FULL: Readonly<Record<string, string>> = {
  All: "All",
  SpecifiedOnly: "Custom",
  InboxOnly: "InboxOnly",
};
const FOLDERS_FROM_FULL: Readonly<Record<string, string>> = {
  All: "All",
  Custom: "SpecifiedOnly",
  InboxOnly: "InboxOnly",
  // Leaving out deleted items and junk is not a choice the vendor's list offers; All is the nearest.
  NoDeleted: "All",
  NoDeletedNoJunk: "All",
};
const MAX_AUTO_CANCEL = 12;

export function generalMigrationModel(full: FullGeneralSettings, extras: VendorGeneralExtras) {
  const dates = Object.fromEntries(Object.entries(DATES).map(([vendor, own]) => [vendor, full[own]]));
  return {
    ...dates,
    migrateChats: extras.migrateChats,
    featureFailureItemsRetryEnabled: full.retryFailedItems,
    advancedSettings: {
      autoCancelPeriod: Math.min(MAX_AUTO_CANCEL, full.autoCancelPeriodHours),
      limitSimultaneousMigrationsForConfig: full.simultaneousMigrations,
      migrationFolders:
        extras.migrationFolders ??
        enumValue("MigrationFolders", FOLDERS_FROM_FULL[full.folderSelection] ?? "All"),
      includedFolders: full.includedFolders,
      excludedFolders: full.excludedFolders,
      addressDomainReplacements: full.addressReplacements.map((r) => ({ oldValue: r.from, newValue: r.to })),
      replaceDomainAddresses: extras.replaceDomainAddresses,
      createMigrationReport: full.sendReportOnCompletion,
      createUserReports: extras.createUserReports,
      autoRestartCrashedUsers: extras.autoRestartCrashedUsers,
    },
  };
}

const dateTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "The JSON value could not be converted to System.DateTime.")
  .nullable();

const TOP_FIELDS: Readonly<Record<string, z.ZodType>> = {
  ...Object.fromEntries(Object.keys(DATES).map((name) => [name, dateTime])),
  migrateChats: z.boolean(),
  featureFailureItemsRetryEnabled: z.boolean(),
};

const ADVANCED_FIELDS: Readonly<Record<string, z.ZodType>> = {
  autoCancelPeriod: enumInput("AutoCancelPeriod"),
  limitSimultaneousMigrationsForConfig: z.number().int().min(1).max(100),
  migrationFolders: enumInput("MigrationFolders"),
  includedFolders: z.array(z.string()),
  excludedFolders: z.array(z.string()),
  addressDomainReplacements: z.array(z.object({ oldValue: z.string().min(1), newValue: z.string().min(1) })),
  replaceDomainAddresses: z.boolean(),
  createMigrationReport: z.boolean(),
  createUserReports: z.boolean(),
  autoRestartCrashedUsers: z.boolean(),
};

/** What a save changes: the simulator's general settings, and the store's vendor-only ones. */
interface GeneralChange {
  full: Record<string, unknown>;
  extras: Partial<VendorGeneralExtras>;
}

type BoundGeneral = { ok: true; change: GeneralChange } | { ok: false; errors: Record<string, string[]> };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The known fields of `source` under their model names, each checked; unknown names are dropped. */
function bindFields(
  source: Record<string, unknown>,
  fields: Readonly<Record<string, z.ZodType>>,
  path: string,
  errors: Record<string, string[]>,
): Record<string, unknown> {
  const byLowerName = new Map(Object.keys(fields).map((name) => [name.toLowerCase(), name]));
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const name = byLowerName.get(key.toLowerCase());
    const schema = name === undefined ? undefined : fields[name];
    if (name === undefined || schema === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) bound[name] = parsed.data;
    else errors[`${path}.${name}`] = parsed.error.issues.map((i) => i.message);
  }
  return bound;
}

function change(top: Record<string, unknown>, advanced: Record<string, unknown>): GeneralChange {
  const full: Record<string, unknown> = {};
  const extras: Partial<VendorGeneralExtras> = {};
  for (const [vendor, own] of Object.entries(DATES)) if (vendor in top) full[own] = top[vendor];
  const copy = (from: Record<string, unknown>, name: string, into: Record<string, unknown>, as = name) => {
    if (name in from) into[as] = from[name];
  };
  copy(top, "migrateChats", extras);
  copy(top, "featureFailureItemsRetryEnabled", full, "retryFailedItems");
  copy(advanced, "autoCancelPeriod", full, "autoCancelPeriodHours");
  copy(advanced, "limitSimultaneousMigrationsForConfig", full, "simultaneousMigrations");
  copy(advanced, "includedFolders", full);
  copy(advanced, "excludedFolders", full);
  copy(advanced, "replaceDomainAddresses", extras);
  copy(advanced, "createMigrationReport", full, "sendReportOnCompletion");
  copy(advanced, "createUserReports", extras);
  copy(advanced, "autoRestartCrashedUsers", extras);
  const replacements = advanced.addressDomainReplacements as
    Array<{ oldValue: string; newValue: string }> | undefined;
  if (replacements)
    full.addressReplacements = replacements.map((r) => ({ from: r.oldValue, to: r.newValue }));
  if (typeof advanced.migrationFolders === "number") {
    const own = FOLDERS_TO_FULL[enumText("MigrationFolders", advanced.migrationFolders) ?? ""];
    if (own === undefined) extras.migrationFolders = advanced.migrationFolders;
    else {
      full.folderSelection = own;
      extras.migrationFolders = undefined;
    }
  }
  return { full, extras };
}

/** Binds a save's `settings` (any subset of the model) as ASP.NET would. */
export function bindGeneralSettings(settings: unknown): BoundGeneral {
  if (!isObject(settings))
    return {
      ok: false,
      errors: { settings: ["The settings field must be a GeneralMigrationModel object."] },
    };
  const errors: Record<string, string[]> = {};
  const top = bindFields(settings, TOP_FIELDS, "settings", errors);
  const advancedKey = Object.keys(settings).find((k) => k.toLowerCase() === "advancedsettings");
  const advancedValue = advancedKey === undefined ? undefined : settings[advancedKey];
  let advanced: Record<string, unknown> = {};
  if (isObject(advancedValue))
    advanced = bindFields(advancedValue, ADVANCED_FIELDS, "settings.advancedSettings", errors);
  else if (advancedValue !== undefined && advancedValue !== null)
    errors["settings.advancedSettings"] = ["The advancedSettings field must be an object."];
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, change: change(top, advanced) };
}
