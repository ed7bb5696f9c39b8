/**
 * The endpoint map's table: every CloudM Migrate operation this server calls, with our method, path
 * and body format, and what it does (its intent), by which the instance's own `/openapi/v1.json` is
 * searched for it (routing/discovery.ts). `documented` entries are the guide's, exact; the rest are
 * guesses the document corrects, and an admin's override file (MIGRATE_MCP_ENDPOINTS) can replace any
 * of it without a release.
 */
import type { HttpMethod } from "../http.js";

export const CLOUDM_PROVIDER = "CloudM Migrate";

export type BodyFormat = "json" | "form" | "multipart" | "none";

export interface Endpoint {
  method: HttpMethod;
  /** Path with `{name}` parameters. */
  path: string;
  body: BodyFormat;
}

/** What an operation does, in the words an instance's document would use for it. */
export interface Intent {
  /**
   * Phrases for what it does ("start scan", "rename"): one matches an operation when all its words are
   * in the operation's action (path after the controller, and operationId).
   */
  verbs: readonly string[];
  /** The arguments callers give it, by our names: its path, query and body values. */
  args: readonly string[];
  /** Whether it answers a list or one object, when that tells it from its neighbours. */
  answer?: "list" | "one";
}

export interface EndpointSpec extends Endpoint, Intent {
  /** The guide gives this method and path: a real instance has it, and the core lifecycle needs only these. */
  documented: boolean;
  /** Other paths an instance might serve the operation at: tie-breakers and fallbacks of discovery. */
  alternatives?: readonly string[];
}

type Details = Intent & { documented?: boolean; alternatives?: readonly string[]; body?: BodyFormat };

function spec(method: HttpMethod, path: string, details: Details): EndpointSpec {
  const {
    documented = false,
    body = method === "GET" || method === "DELETE" ? "none" : "json",
    ...rest
  } = details;
  return { method, path, body, documented, ...rest };
}

const GUIDE = { documented: true } as const;
const SCHEDULE_FIELDS = [
  "configurationId",
  "scheduleType",
  "scheduleOn",
  "repeat",
  "completedConfigurationId",
  "completedPercent",
  "mode",
];
const ITEM_FIELDS = [
  "configurationId",
  "exportName",
  "importName",
  "exportType",
  "importType",
  "mail",
  "calendar",
  "contacts",
  "drive",
  "migrate",
  "tasks",
  "notes",
  "sites",
  "channels",
  "priority",
  "documentsPath",
  "documentsDestinationPath",
  "archivePath",
];
const CONNECTION_FIELDS = ["platformEndpoint", "name", "connectionType", "settings"];
const PAGE = ["pageNumber", "pageSize"];

/** `{platformEndpoint}` is the guide's per-platform segment (`Microsoft365Connections`, ...). */
export const CLOUDM_ENDPOINTS = {
  login: spec("POST", "/api/Account/login", {
    ...GUIDE,
    verbs: ["login", "sign in", "token"],
    args: ["userEmail", "password"],
  }),
  openApi: spec("GET", "/openapi/v1.json", { ...GUIDE, verbs: [], args: [] }),
  listConnections: spec("GET", "/api/{platformEndpoint}", {
    ...GUIDE,
    verbs: ["list", "get all"],
    args: ["platformEndpoint"],
    answer: "list",
  }),
  getConnection: spec("GET", "/api/{platformEndpoint}/{connectionId}", {
    ...GUIDE,
    verbs: ["get"],
    args: ["platformEndpoint", "connectionId"],
    answer: "one",
  }),
  createConnection: spec("POST", "/api/{platformEndpoint}", {
    ...GUIDE,
    verbs: ["create", "add"],
    args: CONNECTION_FIELDS,
  }),
  // The guide says each platform endpoint takes PUT; whether the id is in the path is our guess.
  updateConnection: spec("PUT", "/api/{platformEndpoint}/{connectionId}", {
    ...GUIDE,
    verbs: ["update", "edit", "save"],
    args: [...CONNECTION_FIELDS, "connectionId"],
    alternatives: ["/api/{platformEndpoint}"],
  }),
  startConnectionTest: spec("POST", "/api/TestConnection/start", {
    ...GUIDE,
    verbs: ["start", "test", "run"],
    args: ["platformConnectionId"],
  }),
  getConnectionTest: spec("GET", "/api/TestConnection/{testId}", {
    ...GUIDE,
    verbs: ["get", "status", "result"],
    args: ["testId"],
    answer: "one",
  }),
  createProject: spec("POST", "/api/ConnectionsProject/create-project", {
    ...GUIDE,
    verbs: ["create project", "create", "add"],
    args: ["name", "sourceConnectionId", "destinationConnectionId"],
  }),
  listProjects: spec("GET", "/api/ConnectionsProject", {
    verbs: ["list", "get projects", "get all", "search"],
    args: [...PAGE, "includeArchived"],
    answer: "list",
    alternatives: ["/api/ConnectionsProject/list", "/api/ConnectionsProject/get-projects"],
  }),
  getProject: spec("GET", "/api/ConnectionsProject/{projectId}", {
    verbs: ["get project", "get", "details"],
    args: ["projectId"],
    answer: "one",
    alternatives: ["/api/ConnectionsProject/get-project/{projectId}", "/api/ConnectionsProject/get-project"],
  }),
  renameProject: spec("PUT", "/api/ConnectionsProject/{projectId}/rename", {
    verbs: ["rename"],
    args: ["projectId", "name"],
  }),
  archiveProject: spec("POST", "/api/ConnectionsProject/{projectId}/archive", {
    verbs: ["archive"],
    args: ["projectId"],
  }),
  restoreProject: spec("POST", "/api/ConnectionsProject/{projectId}/restore", {
    verbs: ["restore", "unarchive"],
    args: ["projectId"],
  }),
  deleteProject: spec("DELETE", "/api/ConnectionsProject/{projectId}", {
    verbs: ["delete", "remove"],
    args: ["projectId"],
  }),
  createBatch: spec("POST", "/api/ConnectionBatches/create-connection-batch", {
    ...GUIDE,
    verbs: ["create batch", "create", "add"],
    args: [
      "projectId",
      "batchName",
      "sourceConnectionId",
      "destinationConnectionId",
      "migrationItemsBatchType",
      "tags",
    ],
  }),
  listBatches: spec("GET", "/api/ConnectionBatches", {
    verbs: ["list", "get batches", "get all", "search"],
    args: ["projectId"],
    answer: "list",
    alternatives: ["/api/ConnectionBatches/get-connection-batches", "/api/ConnectionBatches/list"],
  }),
  getBatch: spec("GET", "/api/ConnectionBatches/{configurationId}", {
    verbs: ["get batch", "get", "details"],
    args: ["configurationId"],
    answer: "one",
    alternatives: [
      "/api/ConnectionBatches/get-connection-batch/{configurationId}",
      "/api/ConnectionBatches/get-connection-batch",
    ],
  }),
  addMigrationItem: spec("POST", "/api/BatchMigrationItems/add-migration-item", {
    ...GUIDE,
    verbs: ["add item", "add", "create"],
    args: ITEM_FIELDS,
  }),
  // The guide names the endpoint, not its format: unless the document or the override file says,
  // multipart first, a JSON body when that is refused.
  importUsersFromFile: spec("POST", "/api/BatchMigrationItems/import-users-from-file", {
    ...GUIDE,
    body: "multipart",
    verbs: ["import file", "upload"],
    args: ["configurationId", "file", "fileName", "fileContent"],
  }),
  importUsersFromSource: spec("POST", "/api/BatchMigrationItems/import-users-from-source", {
    ...GUIDE,
    verbs: ["import source", "import directory"],
    args: ["configurationId"],
  }),
  getBatchSettings: spec("GET", "/api/BatchConfigSettings/{configurationId}", {
    ...GUIDE,
    verbs: ["get settings", "get"],
    args: ["configurationId"],
    answer: "one",
  }),
  saveGeneralSettings: spec("POST", "/api/BatchConfigSettings/save-general-settings", {
    ...GUIDE,
    verbs: ["save general", "update general"],
    args: ["configurationId", "settings"],
  }),
  saveSourceSettings: spec("POST", "/api/BatchConfigSettings/save-source-settings", {
    ...GUIDE,
    verbs: ["save source", "update source"],
    args: ["configurationId", "settings"],
  }),
  saveDestinationSettings: spec("POST", "/api/BatchConfigSettings/save-destination-settings", {
    ...GUIDE,
    verbs: ["save destination", "update destination"],
    args: ["configurationId", "settings"],
  }),
  startMigration: spec("POST", "/api/ConnectionBatchesProgress/start-migration", {
    ...GUIDE,
    verbs: ["start migration", "start"],
    args: ["configurationId", "mode"],
  }),
  stopMigration: spec("POST", "/api/ConnectionBatchesProgress/stop-migration", {
    ...GUIDE,
    verbs: ["stop migration", "stop"],
    args: ["configurationId"],
  }),
  getStatistics: spec("GET", "/api/ConnectionBatchesProgress/get-statistics", {
    ...GUIDE,
    verbs: ["get statistics", "statistics", "stats"],
    args: ["configurationId"],
    answer: "one",
  }),
  generateReport: spec("POST", "/api/ConnectionBatchesProgress/generate-report", {
    ...GUIDE,
    verbs: ["generate report", "generate"],
    args: ["configurationId"],
  }),
  downloadReport: spec("GET", "/api/ConnectionBatchesProgress/download-report", {
    ...GUIDE,
    verbs: ["download report", "download"],
    args: ["configurationId", "reportType"],
  }),
  // The "other endpoints" groups: the guide names each group, never its paths.
  createSchedule: spec("POST", "/api/ScheduleMigration/schedule-migration", {
    verbs: ["schedule", "create", "add"],
    args: SCHEDULE_FIELDS,
  }),
  listSchedules: spec("GET", "/api/ScheduleMigration", {
    verbs: ["list", "get schedules", "get all"],
    args: ["configurationId"],
    answer: "list",
  }),
  getSchedule: spec("GET", "/api/ScheduleMigration/{scheduleId}", {
    verbs: ["get schedule", "get"],
    args: ["scheduleId"],
    answer: "one",
  }),
  cancelSchedule: spec("POST", "/api/ScheduleMigration/cancel", {
    verbs: ["cancel schedule", "cancel", "unschedule"],
    args: ["scheduleId"],
  }),
  startScan: spec("POST", "/api/EnvironmentScan/start", {
    verbs: ["start scan", "start", "run"],
    args: ["projectId", "scanType", "sourceOption"],
  }),
  stopScan: spec("POST", "/api/EnvironmentScan/stop", {
    verbs: ["stop scan", "stop", "cancel"],
    args: ["projectId"],
  }),
  getScanStatus: spec("GET", "/api/EnvironmentScan/status", {
    verbs: ["get status", "status", "get state", "state"],
    args: ["projectId"],
    answer: "one",
  }),
  getScanReport: spec("GET", "/api/EnvironmentScan/report", {
    verbs: ["get report", "report", "results"],
    args: ["projectId", ...PAGE],
  }),
  startReadiness: spec("POST", "/api/MigrationReadiness/start", {
    verbs: ["start", "run", "check"],
    args: ["projectId", "configurationId"],
  }),
  getReadiness: spec("GET", "/api/MigrationReadiness/{readinessId}", {
    verbs: ["get", "status", "result"],
    args: ["readinessId"],
    answer: "one",
  }),
  getDomainMappings: spec("GET", "/api/DomainReplacement/{projectId}", {
    verbs: ["get mappings", "download", "export"],
    args: ["projectId"],
  }),
  uploadDomainMappings: spec("POST", "/api/DomainReplacement/upload", {
    verbs: ["upload", "import", "replace", "save"],
    args: ["projectId", "csv"],
  }),
  queryAudit: spec("GET", "/api/AdminAudit", {
    verbs: ["query", "search", "list", "get logs", "get all"],
    args: ["from", "to", "userEmail", "auditType", ...PAGE],
    answer: "list",
  }),
  listAdminUsers: spec("GET", "/api/AdminUser", {
    verbs: ["list", "get users", "get all"],
    args: [],
    answer: "list",
  }),
  getAdminUser: spec("GET", "/api/AdminUser/{id}", {
    verbs: ["get user", "get"],
    args: ["id"],
    answer: "one",
  }),
  addAdminUser: spec("POST", "/api/AdminUser", {
    verbs: ["add user", "add", "create", "invite"],
    args: ["login", "firstName", "lastName", "role"],
  }),
  updateAdminUser: spec("PUT", "/api/AdminUser/{id}", {
    verbs: ["update", "edit", "save"],
    args: ["id", "firstName", "lastName", "role", "isActive"],
  }),
  deleteAdminUser: spec("DELETE", "/api/AdminUser/{id}", { verbs: ["delete", "remove"], args: ["id"] }),
  getLicence: spec("GET", "/api/License/{projectId}", {
    verbs: ["get license", "get licence", "get", "info"],
    args: ["projectId"],
    answer: "one",
  }),
  listNotifications: spec("GET", "/api/Notification", {
    verbs: ["list", "get notifications", "get all"],
    args: [...PAGE, "unreadOnly"],
    answer: "list",
  }),
  markNotificationsRead: spec("POST", "/api/Notification/mark-read", {
    verbs: ["mark read", "mark"],
    args: ["notificationIds", "markAll"],
  }),
  listServers: spec("GET", "/api/ServiceManager", {
    verbs: ["list", "get servers", "get all"],
    args: [],
    answer: "list",
  }),
  changeServerState: spec("POST", "/api/ServiceManager/change-state", {
    verbs: ["change state", "set state"],
    args: ["machineName", "action"],
  }),
} as const satisfies Record<string, EndpointSpec>;

export type CloudMOperation = keyof typeof CLOUDM_ENDPOINTS;
export const CLOUDM_OPERATIONS = Object.keys(CLOUDM_ENDPOINTS) as CloudMOperation[];

/** Where an operation's current method and path came from, for `doctor`. */
export type EndpointSource = "guide" | "guess" | "openapi" | "override";
