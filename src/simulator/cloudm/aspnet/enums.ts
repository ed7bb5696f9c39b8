/**
 * The aspnet profile's enumerations, serialised as ASP.NET Core does by default: as integers, in
 * declaration order. Where CloudM's own models give the order (cloudm-facts.md) it is the vendor's,
 * which differs from the order the full profile lists its names in; the OpenAPI document names every
 * value with `x-enumNames`, the only way a client can read these numbers.
 */
export const ENUMS = {
  MigrationProcessState: [
    "None",
    "PreparingData",
    "Running",
    "Queueing",
    "Completed",
    "Stopped",
    "Error",
    "Stopping",
  ],
  UserMigrationState: ["None", "InProgress", "Waiting", "Warning", "Success", "Failed", "Stopped", "Purging"],
  ConnectionTestStatus: ["Success", "Failed", "InProgress", "Warning"],
  EnvironmentScanState: [
    "None",
    "Processing",
    "UpdateStatistics",
    "Complete",
    "Error",
    "Stopping",
    "Stopped",
  ],
  EnvironmentScanType: ["AllItems", "SelectedToMigrateItems"],
  EnvironmentScanSourceOption: ["Both", "Email", "File"],
  MigrationReadinessStatus: [
    "None",
    "Pending",
    "InProgress",
    "Completed",
    "CompletedWithWarnings",
    "Failed",
    "Cancelling",
    "Cancelled",
    "ConfigurationChanged",
  ],
  MigrationReadinessTestStatus: ["Info", "Success", "Warning", "Failed"],
  LicenseState: ["Valid", "Expired", "NotValidForCurrentPlatform", "InvalidDomain", "NotFoundOnServer"],
  // Our choice: the facts name licence kinds by what they count (users, shared drives per 10 GB, sites per 100 GB).
  LicenseType: ["User", "SharedDrive", "Site"],
  RemoteConnectionStatus: ["Ok", "Warn", "Offline", "VersionDoesNotMatch"],
  // Our choice: the actions the full profile's fleet takes, in its order.
  ServerAction: ["Start", "Stop", "Restart", "Drain"],
  NotificationType: ["Success", "Error", "Info", "Warning"],
  ScheduleType: ["DateTime", "WhenSpecificMigrationCompleted", "WhenSpecificMigrationPercentCompleted"],
  ScheduleRepeatType: ["Disabled", "Hourly", "Daily", "Weekly", "Monthly"],
  // Our choice: a schedule's lifecycle, which the vendor's model reduces to isScheduled.
  ScheduleStatus: ["Scheduled", "Fired", "Cancelled"],
  // The guide's four modes, in its order; start-migration itself keeps the guide's string.
  MigrationMode: ["StartMigration", "CheckUsersOnly", "RestartFailedUsers", "RestartFailedItems"],
  AutoCancelPeriod: [
    "Never",
    "OneHour",
    "TwoHours",
    "ThreeHours",
    "FourHours",
    "FiveHours",
    "SixHours",
    "SevenHours",
    "EightHours",
    "NineHours",
    "TenHours",
    "ElevenHours",
    "TwelveHours",
  ],
  MigrationFolders: [
    "All",
    "SpecifiedOnly",
    "InboxOnly",
    "NoInbox",
    "SentOnly",
    "NoSent",
    "InboxAndSent",
    "NoInboxAndSent",
  ],
  // The guide's exportType/importType/migrationItemsBatchType numbers, named as the facts list the types.
  MigrationObjectType: [
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
  ],
} as const satisfies Record<string, readonly string[]>;

export type EnumName = keyof typeof ENUMS;

/**
 * The integer a name serialises to. A name the enum lacks is a simulator bug (the full profile grew a
 * value this profile does not know), so it throws and the request answers 500 rather than a wrong number.
 */
export function enumValue(name: EnumName, value: string): number {
  const index = (ENUMS[name] as readonly string[]).indexOf(value);
  if (index < 0) throw new Error(`${name} has no value '${value}'`);
  return index;
}

/** The name behind an integer the caller sent; undefined when it is out of range. */
export function enumText(name: EnumName, value: number): string | undefined {
  return (ENUMS[name] as readonly string[])[value];
}
