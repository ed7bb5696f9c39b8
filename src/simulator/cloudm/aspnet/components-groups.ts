/**
 * Components of the OpenAPI document for the groups the guide only names (schedules, scans,
 * readiness, domain replacement, audit, admin users, licences, notifications, the service fleet),
 * shaped as CloudM's own models where the facts give them, plus the shared envelope and errors.
 */
import { dataTablesOf, itemsPageOf } from "./components-core.js";
import { MAILBOX_TYPES } from "../wire/scan.js";
import {
  arr,
  bool,
  dateTime,
  described,
  int,
  type JsonSchema,
  long,
  nullable,
  obj,
  ref,
  str,
  uuid,
} from "./schema.js";

const date = nullable(dateTime);
const size = nullable(long);

/** A mail scan's figures per data type (`emailItemsCount`, `emailSize` in bytes, …). */
const mailboxTypes = (schema: JsonSchema): Record<string, JsonSchema> =>
  Object.fromEntries(
    MAILBOX_TYPES.flatMap((type) => [
      [`${type}ItemsCount`, schema],
      [`${type}Size`, described("Bytes", schema)],
    ]),
  );

const schedules: Record<string, JsonSchema> = {
  ScheduleMigrationParameters: obj(
    {
      configurationId: uuid,
      scheduleType: ref("ScheduleType"),
      scheduledOn: described("DateTime schedules: when, ISO 8601 with an offset", nullable(dateTime)),
      repeatType: described("DateTime schedules (default Disabled)", nullable(ref("ScheduleRepeatType"))),
      completedConfigurationId: described("The batch whose run it waits for", nullable(uuid)),
      completedPercent: described("WhenSpecificMigrationPercentCompleted: 1..99", nullable(int)),
      migrationMode: described("The run it starts (default StartMigration)", nullable(ref("MigrationMode"))),
    },
    ["scheduledOn", "repeatType", "completedConfigurationId", "completedPercent", "migrationMode"],
  ),
  ScheduleRunModel: obj({ runOn: dateTime, started: bool, message: str }),
  ScheduleMigrationModel: obj({
    scheduleId: uuid,
    configurationId: uuid,
    isScheduled: bool,
    scheduledOn: date,
    nextRunOn: date,
    scheduleType: ref("ScheduleType"),
    repeatType: ref("ScheduleRepeatType"),
    completedConfigurationId: nullable(uuid),
    completedPercent: nullable(int),
    migrationMode: ref("MigrationMode"),
    scheduleStatus: ref("ScheduleStatus"),
    readyForScheduling: bool,
    configurationErrors: arr(str),
    itemCount: int,
    migrationInProgress: bool,
    createdOn: date,
    timesRun: int,
    lastRun: nullable(ref("ScheduleRunModel")),
  }),
  ScheduleMigrationModelPagedResult: itemsPageOf("ScheduleMigrationModel"),
  ScheduleIdParameters: obj({ scheduleId: uuid }),
};

const scans: Record<string, JsonSchema> = {
  StartEnvironmentScanParameters: obj(
    {
      projectId: uuid,
      scanType: ref("EnvironmentScanType"),
      scanSourceOption: ref("EnvironmentScanSourceOption"),
      useScanDataForEstimate: described("Accepted; this instance's estimates do not use it", nullable(bool)),
      reportOnFilePermissions: described(
        "Accepted; this instance does not report permissions",
        nullable(bool),
      ),
      maxThreads: described("1..64; accepted, this instance reads one user at a time", nullable(int)),
    },
    ["useScanDataForEstimate", "reportOnFilePermissions", "maxThreads"],
  ),
  ScanProgressModel: obj({
    progressPercent: int,
    usersScanned: int,
    totalUsers: int,
    message: nullable(str),
  }),
  ScanReportSummaryModel: obj({ usersCount: int, itemsCount: long, totalSize: described("Bytes", long) }),
  EnvironmentScanModel: obj({
    scanId: nullable(uuid),
    projectId: uuid,
    state: ref("EnvironmentScanState"),
    scanType: nullable(ref("EnvironmentScanType")),
    scanSourceOption: nullable(ref("EnvironmentScanSourceOption")),
    progressState: ref("ScanProgressModel"),
    start: date,
    end: date,
    mailReport: described(
      "Once Complete or Stopped, when mail was scanned",
      nullable(ref("ScanReportSummaryModel")),
    ),
    fileReport: described(
      "Once Complete or Stopped, when files were scanned",
      nullable(ref("ScanReportSummaryModel")),
    ),
    otherScanInProgress: bool,
  }),
  ScanUserReportModel: obj({
    emailAddress: str,
    mailItemsCount: described("Every item of the mailbox: mail, calendar, contacts, tasks, notes", size),
    mailboxSize: described("Bytes: the sum of its data types' sizes", size),
    mailFoldersCount: size,
    ...mailboxTypes(size),
    driveItemsCount: size,
    driveSize: size,
    sharedItemsCount: size,
  }),
  ScanReportTotalsModel: obj({
    usersCount: int,
    mailItemsCount: long,
    mailboxSize: long,
    ...mailboxTypes(long),
    driveItemsCount: long,
    driveSize: long,
  }),
  EnvironmentScanReportModel: obj({
    scanId: uuid,
    projectId: uuid,
    state: ref("EnvironmentScanState"),
    isPartial: bool,
    scanSourceOption: ref("EnvironmentScanSourceOption"),
    totals: ref("ScanReportTotalsModel"),
    items: arr(ref("ScanUserReportModel")),
    totalCount: int,
  }),
};

const readiness: Record<string, JsonSchema> = {
  RunReadinessChecksParameters: obj({ projectId: uuid, configurationId: nullable(uuid) }, [
    "configurationId",
  ]),
  ReadinessRunStartedModel: obj({ readinessId: uuid }),
  MigrationReadinessTest: obj({
    id: str,
    title: str,
    message: str,
    status: ref("MigrationReadinessTestStatus"),
  }),
  MigrationReadinessScanState: obj({
    readinessId: nullable(uuid),
    projectId: uuid,
    configurationId: nullable(uuid),
    status: ref("MigrationReadinessStatus"),
    lastRunDate: date,
    completedDate: date,
    tests: arr(ref("MigrationReadinessTest")),
    hasResults: bool,
  }),
};

const administration: Record<string, JsonSchema> = {
  ReplacementValue: obj({
    name: described("Source domain", str),
    value: described("Destination domain", str),
  }),
  ReplacementValuesModel: obj({ values: arr(ref("ReplacementValue")), totalCount: int }),
  UploadReplacementValuesForm: obj({
    projectId: uuid,
    file: described("CSV with the header SourceDomain,DestinationDomain", {
      type: "string",
      contentMediaType: "text/csv",
    }),
  }),
  AuditModel: obj({
    auditId: int,
    userEmail: str,
    dateFormatted: described("UTC, yyyy-MM-dd HH:mm:ss", str),
    auditType: str,
    message: str,
    ipAddress: str,
    userAgent: str,
  }),
  AuditModelDataTablesResult: dataTablesOf("AuditModel"),
  UserAdminModel: obj({ id: int, role: str, firstName: str, lastName: str, login: str, isActive: bool }),
  UserAdminModelPagedResult: itemsPageOf("UserAdminModel"),
  AddUserParameters: obj({
    login: { type: "string", format: "email" },
    firstName: str,
    lastName: str,
    role: { type: "string", enum: ["Admin", "ProjectManager", "ReadOnly"] },
  }),
  UpdateUserParameters: obj(
    {
      id: int,
      firstName: nullable(str),
      lastName: nullable(str),
      role: nullable({ type: "string", enum: ["Admin", "ProjectManager", "ReadOnly"] }),
      isActive: nullable(bool),
    },
    ["firstName", "lastName", "role", "isActive"],
  ),
  UserIdParameters: obj({ id: int }),
  LicensePlatformModel: obj({
    source: nullable(str),
    destination: nullable(str),
    expiredDate: date,
    isExpired: bool,
    licenseType: ref("LicenseType"),
  }),
  LicenseData: obj({
    domain: nullable(str),
    usedCount: int,
    maxCount: int,
    platforms: arr(ref("LicensePlatformModel")),
  }),
  LicenseInfoModel: obj({
    state: ref("LicenseState"),
    licenseMessage: str,
    trial: bool,
    data: ref("LicenseData"),
  }),
  NotificationModel: obj({
    id: int,
    date: dateTime,
    title: str,
    type: ref("NotificationType"),
    message: str,
    configurationId: nullable(uuid),
    projectId: nullable(uuid),
    isRead: bool,
  }),
  GetNotificationsResult: obj({
    notifications: arr(ref("NotificationModel")),
    totalFailedUsersCount: int,
    totalNotificationsCount: int,
  }),
  MarkNotificationsAsReadParameters: obj({ ids: nullable(arr(int)), markAllAsRead: nullable(bool) }, [
    "ids",
    "markAllAsRead",
  ]),
  RemoteConnectionModel: obj({
    machineName: str,
    status: ref("RemoteConnectionStatus"),
    version: str,
    uptime: described("A .NET TimeSpan, [d.]hh:mm:ss", str),
    numberOfRunningTasks: int,
    lastMigrationStartTimeUtc: date,
  }),
  RemoteConnectionModelList: arr(ref("RemoteConnectionModel")),
  ChangeServerStateParameters: obj({ machineName: str, action: ref("ServerAction") }),
};

const shared: Record<string, JsonSchema> = {
  ActionStatus: obj({ success: bool, message: nullable(str) }),
  ProblemDetails: obj(
    {
      type: nullable(str),
      title: nullable(str),
      status: nullable(int),
      detail: nullable(str),
      traceId: str,
      errors: described("Field name to its messages (400 only)", {
        type: "object",
        additionalProperties: arr(str),
      }),
    },
    ["type", "title", "status", "detail", "traceId", "errors"],
  ),
};

export const GROUP_COMPONENTS: Record<string, JsonSchema> = {
  ...schedules,
  ...scans,
  ...readiness,
  ...administration,
  ...shared,
};
