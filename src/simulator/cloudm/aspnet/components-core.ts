/**
 * Components of the OpenAPI document for the guide's core workflow: sign-in, connections and their
 * tests, projects, batches, items, settings, runs and statistics. Hand-written to match what the
 * routes of this folder answer; the document test checks every answer against them.
 */
import {
  anyObject,
  arr,
  bool,
  dateTime,
  described,
  int,
  type JsonSchema,
  long,
  nullable,
  num,
  obj,
  ref,
  str,
  uuid,
} from "./schema.js";
import { DATA_TYPES } from "../wire/statistics.js";
import { COUNTERS } from "./statistics.js";

export const itemsPageOf = (item: string) => obj({ items: arr(ref(item)), totalCount: int });
export const dataTablesOf = (item: string) =>
  obj({ aaData: arr(ref(item)), iTotalRecords: int, iTotalDisplayRecords: int, sEcho: str });

const date = nullable(dateTime);
const connectionType = { type: "string", enum: ["Source", "Destination"] };
const settingsDescription =
  "Platform-specific settings; GET an existing connection of the platform to see its fields. Secrets read back masked.";

/** What a batch is made of: the guide's create body, and part of what a batch reads as. */
const batchFields: Record<string, JsonSchema> = {
  projectId: uuid,
  batchName: str,
  sourceConnectionId: int,
  destinationConnectionId: int,
  migrationItemsBatchType: ref("MigrationObjectType"),
  tags: str,
};

const counters = Object.fromEntries(
  DATA_TYPES.flatMap((type) => COUNTERS.map((counter) => [`${type}${counter}`, long])),
);

const statistics: Record<string, JsonSchema> = {
  SummaryStatistic: obj({
    startTime: date,
    endTime: date,
    runningTime: described("A .NET TimeSpan, [d.]hh:mm:ss", str),
    averageThroughput: described("Items imported per hour by the latest run", long),
    currentUsers: int,
    completedUsers: int,
    failedUsers: int,
    totalItems: long,
    projectConfigurationName: str,
  }),
  TotalStatisticsData: obj({
    summary: ref("SummaryStatistic"),
    ...counters,
    totalExportSuccess: long,
    totalExportFailure: long,
    totalImportSuccess: long,
    totalImportFailure: long,
    sizeExported: described("Bytes", long),
    sizeImported: described("Bytes", long),
    successPercentage: described('Users succeeded of those finished, e.g. "87.50"', str),
    failurePercentage: described('Users failed of those finished, e.g. "12.50"', str),
  }),
  MigrationProcessHistoryItem: obj({
    dateTime,
    currentUsers: int,
    currentThroughput: described("Items imported per hour since the previous point", long),
    averageThroughput: described("Items imported per hour since its run started", long),
    totalSizeExported: described("Bytes its run has exported so far", long),
    totalSizeImported: described("Bytes its run has imported so far", long),
  }),
  MigrationProcessHistoryModel: described(
    "Every run's points, oldest first, kept after the runs end: one as each user finished, and one for now while a run goes on",
    obj({ items: arr(ref("MigrationProcessHistoryItem")) }),
  ),
  MigrationCompleteSummary: obj({ usersSuccessCount: int, usersFailedCount: int, successPercentage: num }),
  VolumeCapState: obj({ capped: bool, isOver: bool, message: str, usedPercentage: num }),
  TotalMigrationDataModel: obj({
    migrationProcessState: ref("MigrationProcessState"),
    progressPercent: int,
    startEnable: bool,
    cancelEnable: bool,
    totalStatistics: ref("TotalStatisticsData"),
    processHistory: ref("MigrationProcessHistoryModel"),
    migrationCompleteSummary: nullable(ref("MigrationCompleteSummary")),
    volumeCapState: ref("VolumeCapState"),
  }),
  MigrationResultData: obj({
    detailedType: str,
    code: str,
    id: int,
    reason: str,
    details: nullable(str),
    userId: long,
  }),
  UserStatisticData: obj({
    userExportName: str,
    userImportName: str,
    userId: long,
    state: ref("UserMigrationState"),
    status: described("The last failure's reason, or empty", str),
    totalImportSuccess: long,
    totalImportFailure: long,
    totalExportSuccess: long,
    totalExportFailure: long,
    sizeImported: long,
    failures: arr(ref("MigrationResultData")),
  }),
  StatisticsViewModel: obj({
    totalMigrationData: ref("TotalMigrationDataModel"),
    aaData: arr(ref("UserStatisticData")),
    iTotalRecords: int,
    iTotalDisplayRecords: int,
  }),
};

const generalSettings: Record<string, JsonSchema> = {
  AddressDomainReplacementModel: obj({ oldValue: str, newValue: str }),
  AdvancedMigrationSettingsModel: obj({
    autoCancelPeriod: ref("AutoCancelPeriod"),
    limitSimultaneousMigrationsForConfig: described("1..100", int),
    migrationFolders: ref("MigrationFolders"),
    includedFolders: arr(str),
    excludedFolders: arr(str),
    addressDomainReplacements: arr(ref("AddressDomainReplacementModel")),
    replaceDomainAddresses: bool,
    createMigrationReport: bool,
    createUserReports: bool,
    autoRestartCrashedUsers: bool,
  }),
  GeneralMigrationModel: described(
    "In a save, any subset: fields left out keep their values; property names not listed here are ignored.",
    obj({
      emailFrom: date,
      emailTo: date,
      appointmentsFrom: date,
      appointmentsTo: date,
      documentsFromDate: date,
      documentsToDate: date,
      chatMessagesFromDate: date,
      chatMessagesToDate: date,
      migrateChats: bool,
      featureFailureItemsRetryEnabled: bool,
      advancedSettings: ref("AdvancedMigrationSettingsModel"),
    }),
  ),
  BatchConfigSettingsModel: obj({
    configurationId: uuid,
    generalMigrationSettings: ref("GeneralMigrationModel"),
    exportSettings: described("The source platform's batch settings", anyObject),
    importSettings: described("The destination platform's batch settings", anyObject),
  }),
  SaveGeneralSettingsRequest: obj({ configurationId: uuid, settings: ref("GeneralMigrationModel") }),
  SavePlatformSettingsRequest: obj({
    configurationId: uuid,
    settings: described("Setting name to a string, number, boolean, null or list of strings", anyObject),
  }),
};

export const CORE_COMPONENTS: Record<string, JsonSchema> = {
  LoginRequest: obj({ userEmail: str, password: { type: "string", format: "password" } }),
  LoginResponse: obj({
    userId: str,
    userName: str,
    email: str,
    role: str,
    accessToken: str,
    expiresIn: described("Seconds", int),
    passwordResetRequired: bool,
  }),
  ConnectionRequest: obj({ name: str, connectionType, settings: described(settingsDescription, anyObject) }),
  ConnectionModel: obj({
    id: int,
    name: str,
    connectionType,
    settings: described(settingsDescription, anyObject),
    createdOn: date,
  }),
  ConnectionModelPagedResult: itemsPageOf("ConnectionModel"),
  StartConnectionTestRequest: obj({ platformConnectionId: int }),
  ConnectionTestStartedModel: obj({ testId: str }),
  ConnectionTestCheckModel: obj({
    id: int,
    name: str,
    status: ref("ConnectionTestStatus"),
    message: str,
    extraInformation: nullable(str),
  }),
  ConnectionTestResultModel: obj({
    testConnectionType: nullable(connectionType),
    completed: bool,
    testNotFound: bool,
    status: ref("ConnectionTestStatus"),
    results: arr(ref("ConnectionTestCheckModel")),
  }),
  CreateProjectRequest: obj({ name: str, sourceConnectionId: int, destinationConnectionId: int }),
  ProjectModel: obj({
    projectId: uuid,
    name: str,
    createdOn: date,
    isArchived: bool,
    isIncomplete: bool,
    sourceConnectionId: int,
    destinationConnectionId: int,
  }),
  ProjectModelDataTablesResult: dataTablesOf("ProjectModel"),
  ProjectIdParameters: obj({ projectId: uuid }),
  RenameProjectParameters: obj({ projectId: uuid, newName: str }),
  CreateConnectionBatchRequest: obj(batchFields),
  Guid: uuid,
  ConnectionBatchModel: obj({
    configurationId: uuid,
    ...batchFields,
    createdOn: date,
    migrationItemsCount: int,
    migrationProcessState: ref("MigrationProcessState"),
  }),
  ConnectionBatchModelPagedResult: itemsPageOf("ConnectionBatchModel"),
  ConfigurationIdParameters: obj({ configurationId: uuid }),
  AddMigrationItemRequest: obj(
    {
      configurationId: uuid,
      exportName: str,
      importName: str,
      exportType: ref("MigrationObjectType"),
      importType: ref("MigrationObjectType"),
      mail: bool,
      calendar: bool,
      contacts: bool,
      drive: bool,
      migrate: bool,
      tasks: bool,
      notes: bool,
      sites: bool,
      channels: bool,
      priority: int,
      documentsPath: str,
      documentsDestinationPath: str,
      archivePath: str,
    },
    [
      "tasks",
      "notes",
      "sites",
      "channels",
      "priority",
      "documentsPath",
      "documentsDestinationPath",
      "archivePath",
    ],
  ),
  ImportUsersFromFileForm: obj({
    configurationId: uuid,
    file: described("The CSV (Migrate, ExportObjectType, ImportObjectType, ExportName, ImportName, …)", {
      type: "string",
      contentMediaType: "text/csv",
    }),
  }),
  BulkImportErrorModel: obj({ lineNumber: int, message: str }),
  BulkImportResultModel: obj({
    importedItemsCount: int,
    skippedItemsCount: int,
    errors: arr(ref("BulkImportErrorModel")),
  }),
  StartMigrationRequest: obj({
    configurationId: uuid,
    mode: {
      type: "string",
      enum: ["StartMigration", "CheckUsersOnly", "RestartFailedUsers", "RestartFailedItems"],
    },
  }),
  ...generalSettings,
  ...statistics,
};
