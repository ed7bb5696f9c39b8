/**
 * The endpoint map: every CloudM Migrate operation this server calls, as method + path (+ body format),
 * in one table. `documented` entries are the guide's, exact; the rest are our guesses, which the
 * instance's own `/openapi/v1.json` can correct (the first candidate path it lists wins) and an admin's
 * override file (MIGRATE_MCP_ENDPOINTS) can replace without a release.
 */
import { z } from "zod";
import { ValidationError } from "../errors.js";
import type { HttpMethod, QueryValue } from "../http.js";

export type BodyFormat = "json" | "multipart" | "none";

export interface Endpoint {
  method: HttpMethod;
  /** Path with `{name}` parameters; parameters the path does not name travel in the query string. */
  path: string;
  body: BodyFormat;
}

interface EndpointSpec extends Endpoint {
  /** The guide gives this method and path: a real instance has it, and the core lifecycle needs only these. */
  documented: boolean;
  /** Other paths an instance might serve the operation at; its OpenAPI document picks among them. */
  alternatives?: readonly string[];
}

const get = (path: string, documented: boolean, alternatives?: readonly string[]): EndpointSpec => ({
  method: "GET",
  path,
  body: "none",
  documented,
  ...(alternatives ? { alternatives } : {}),
});
const post = (path: string, documented: boolean, body: BodyFormat = "json"): EndpointSpec => ({
  method: "POST",
  path,
  body,
  documented,
});

/** `{platformEndpoint}` is the guide's per-platform segment (`Microsoft365Connections`, ...). */
export const CLOUDM_ENDPOINTS = {
  login: post("/api/Account/login", true),
  openApi: get("/openapi/v1.json", true),
  listConnections: get("/api/{platformEndpoint}", true),
  getConnection: get("/api/{platformEndpoint}/{connectionId}", true),
  createConnection: post("/api/{platformEndpoint}", true),
  // The guide says each platform endpoint takes PUT; whether the id is in the path is our guess.
  updateConnection: {
    method: "PUT",
    path: "/api/{platformEndpoint}/{connectionId}",
    body: "json",
    documented: true,
    alternatives: ["/api/{platformEndpoint}"],
  },
  startConnectionTest: post("/api/TestConnection/start", true),
  getConnectionTest: get("/api/TestConnection/{testId}", true),
  createProject: post("/api/ConnectionsProject/create-project", true),
  listProjects: get("/api/ConnectionsProject", false, [
    "/api/ConnectionsProject/list",
    "/api/ConnectionsProject/get-projects",
  ]),
  getProject: get("/api/ConnectionsProject/{projectId}", false, [
    "/api/ConnectionsProject/get-project/{projectId}",
    "/api/ConnectionsProject/get-project",
  ]),
  renameProject: put("/api/ConnectionsProject/{projectId}/rename"),
  archiveProject: post("/api/ConnectionsProject/{projectId}/archive", false),
  restoreProject: post("/api/ConnectionsProject/{projectId}/restore", false),
  deleteProject: remove("/api/ConnectionsProject/{projectId}"),
  createBatch: post("/api/ConnectionBatches/create-connection-batch", true),
  listBatches: get("/api/ConnectionBatches", false, [
    "/api/ConnectionBatches/get-connection-batches",
    "/api/ConnectionBatches/list",
  ]),
  getBatch: get("/api/ConnectionBatches/{configurationId}", false, [
    "/api/ConnectionBatches/get-connection-batch/{configurationId}",
    "/api/ConnectionBatches/get-connection-batch",
  ]),
  addMigrationItem: post("/api/BatchMigrationItems/add-migration-item", true),
  // The guide names the endpoint, not its format: multipart first, a JSON body when that is refused.
  importUsersFromFile: post("/api/BatchMigrationItems/import-users-from-file", true, "multipart"),
  importUsersFromSource: post("/api/BatchMigrationItems/import-users-from-source", true),
  getBatchSettings: get("/api/BatchConfigSettings/{configurationId}", true),
  saveGeneralSettings: post("/api/BatchConfigSettings/save-general-settings", true),
  saveSourceSettings: post("/api/BatchConfigSettings/save-source-settings", true),
  saveDestinationSettings: post("/api/BatchConfigSettings/save-destination-settings", true),
  startMigration: post("/api/ConnectionBatchesProgress/start-migration", true),
  stopMigration: post("/api/ConnectionBatchesProgress/stop-migration", true),
  getStatistics: get("/api/ConnectionBatchesProgress/get-statistics", true),
  generateReport: post("/api/ConnectionBatchesProgress/generate-report", true),
  downloadReport: get("/api/ConnectionBatchesProgress/download-report", true),
  // The "other endpoints" groups: the guide names each group, never its paths.
  createSchedule: post("/api/ScheduleMigration/schedule-migration", false),
  listSchedules: get("/api/ScheduleMigration", false),
  getSchedule: get("/api/ScheduleMigration/{scheduleId}", false),
  cancelSchedule: post("/api/ScheduleMigration/cancel", false),
  startScan: post("/api/EnvironmentScan/start", false),
  stopScan: post("/api/EnvironmentScan/stop", false),
  getScanStatus: get("/api/EnvironmentScan/status", false),
  getScanReport: get("/api/EnvironmentScan/report", false),
  startReadiness: post("/api/MigrationReadiness/start", false),
  getReadiness: get("/api/MigrationReadiness/{readinessId}", false),
  getDomainMappings: get("/api/DomainReplacement/{projectId}", false),
  uploadDomainMappings: post("/api/DomainReplacement/upload", false),
  queryAudit: get("/api/AdminAudit", false),
  listAdminUsers: get("/api/AdminUser", false),
  getAdminUser: get("/api/AdminUser/{id}", false),
  addAdminUser: post("/api/AdminUser", false),
  updateAdminUser: put("/api/AdminUser/{id}"),
  deleteAdminUser: remove("/api/AdminUser/{id}"),
  getLicence: get("/api/License/{projectId}", false),
  listNotifications: get("/api/Notification", false),
  markNotificationsRead: post("/api/Notification/mark-read", false),
  listServers: get("/api/ServiceManager", false),
  changeServerState: post("/api/ServiceManager/change-state", false),
} as const satisfies Record<string, EndpointSpec>;

function put(path: string): EndpointSpec {
  return { method: "PUT", path, body: "json", documented: false };
}
function remove(path: string): EndpointSpec {
  return { method: "DELETE", path, body: "none", documented: false };
}

export type CloudMOperation = keyof typeof CLOUDM_ENDPOINTS;
export const CLOUDM_OPERATIONS = Object.keys(CLOUDM_ENDPOINTS) as CloudMOperation[];

/** An admin's correction of one entry; what it leaves out keeps the table's value. */
export type EndpointOverride = Partial<Endpoint>;
export type EndpointOverrides = Partial<Record<CloudMOperation, EndpointOverride>>;

/** Where an operation's current method and path came from, for `doctor`. */
export type EndpointSource = "guide" | "guess" | "openapi" | "override";

export interface ResolvedEndpoint extends Endpoint {
  operation: CloudMOperation;
  documented: boolean;
  source: EndpointSource;
  /** Whether the instance's OpenAPI document lists it; undefined when there is no document to ask. */
  listed: boolean | undefined;
}

/** A request's method, path and query, with the parameters filled in. */
export interface EndpointCall {
  method: HttpMethod;
  path: string;
  query: Record<string, QueryValue>;
  body: BodyFormat;
}

/** `/api/ConnectionBatches/{configurationId}` → `/api/connectionbatches/{}`: how paths are compared. */
function shapeOf(path: string): string {
  return path
    .replace(/\{[^}]+\}/g, "{}")
    .replace(/\/+$/, "")
    .toLowerCase();
}

/** Paths an OpenAPI document lists, each with the methods it serves (lowercase). */
export type OpenApiPaths = ReadonlyMap<string, ReadonlySet<string>>;

export function openApiPaths(document: { paths?: Record<string, unknown> } | undefined): OpenApiPaths {
  const out = new Map<string, Set<string>>();
  for (const [path, item] of Object.entries(document?.paths ?? {})) {
    const methods = new Set(
      Object.keys(typeof item === "object" && item !== null ? item : {}).map((m) => m.toLowerCase()),
    );
    const shape = shapeOf(path);
    out.set(shape, new Set([...(out.get(shape) ?? []), ...methods]));
  }
  return out;
}

/** A platform endpoint stands in for `{platformEndpoint}` when asking the document about connections. */
const SAMPLE_PLATFORM_ENDPOINT = "Microsoft365Connections";

function listedIn(paths: OpenApiPaths, method: HttpMethod, path: string): boolean {
  const concrete = path.replace("{platformEndpoint}", SAMPLE_PLATFORM_ENDPOINT);
  return paths.get(shapeOf(concrete))?.has(method.toLowerCase()) ?? false;
}

/**
 * The table as this instance needs it: overrides first, then (when the instance serves an OpenAPI
 * document) the first candidate path the document lists, else the table's own path.
 */
export class EndpointMap {
  private resolved: Map<CloudMOperation, ResolvedEndpoint>;

  constructor(private readonly overrides: EndpointOverrides = {}) {
    this.resolved = this.resolveAll(undefined);
  }

  /** Re-resolves every operation against the instance's OpenAPI document (undefined: it has none). */
  calibrate(paths: OpenApiPaths | undefined): void {
    this.resolved = this.resolveAll(paths);
  }

  get(operation: CloudMOperation): ResolvedEndpoint {
    const found = this.resolved.get(operation);
    if (!found) throw new Error(`no endpoint for ${operation}`);
    return found;
  }

  all(): ResolvedEndpoint[] {
    return CLOUDM_OPERATIONS.map((operation) => this.get(operation));
  }

  /** The call for `operation` with `params` filled in: path parameters by name, the rest as query. */
  call(operation: CloudMOperation, params: Record<string, QueryValue> = {}): EndpointCall {
    const endpoint = this.get(operation);
    const query: Record<string, QueryValue> = { ...params };
    const path = endpoint.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
      const value = params[name];
      delete query[name];
      if (value === undefined) throw new Error(`${operation}: no value for {${name}}`);
      // An empty id would address the collection instead (`/api/ConnectionsProject/` is the list).
      if (String(value).trim() === "")
        throw new ValidationError(
          `${name} is empty; give the ${name} to use`,
          {
            provider: "CloudM Migrate",
            operation: `${endpoint.method} ${endpoint.path}`,
            fieldErrors: { [name]: ["must not be empty"] },
          },
          false,
        );
      // The platform segment is ours, from the platform table; everything else is encoded.
      return name === "platformEndpoint" ? String(value) : encodeURIComponent(String(value));
    });
    return { method: endpoint.method, path, query, body: endpoint.body };
  }

  private resolveAll(paths: OpenApiPaths | undefined): Map<CloudMOperation, ResolvedEndpoint> {
    const out = new Map<CloudMOperation, ResolvedEndpoint>();
    for (const operation of CLOUDM_OPERATIONS) {
      const spec: EndpointSpec = CLOUDM_ENDPOINTS[operation];
      const override = this.overrides[operation];
      const base = { operation, documented: spec.documented };
      if (override) {
        const endpoint = { method: spec.method, path: spec.path, body: spec.body, ...override };
        out.set(operation, {
          ...base,
          ...endpoint,
          source: "override",
          listed: paths ? listedIn(paths, endpoint.method, endpoint.path) : undefined,
        });
        continue;
      }
      const candidates = [spec.path, ...(spec.alternatives ?? [])];
      const found = paths ? candidates.find((path) => listedIn(paths, spec.method, path)) : undefined;
      out.set(operation, {
        ...base,
        method: spec.method,
        path: found ?? spec.path,
        body: spec.body,
        source: found !== undefined && found !== spec.path ? "openapi" : spec.documented ? "guide" : "guess",
        listed: paths ? found !== undefined : undefined,
      });
    }
    return out;
  }
}

const overrideEntry = z.strictObject({
  method: z.enum(["GET", "POST", "PUT", "DELETE"]).optional(),
  path: z
    .string()
    .regex(
      /^\/\S*$/,
      "a path starting with /, parameters in braces: /api/ConnectionBatches/{configurationId}",
    )
    .optional(),
  body: z.enum(["json", "multipart", "none"]).optional(),
});

/**
 * Reads an override file's JSON (`{"getBatch": {"path": "/api/…/{configurationId}"}, …}`): the
 * overrides, or every problem, each naming the entry and what was expected.
 */
export function parseEndpointOverrides(
  json: unknown,
): { overrides: EndpointOverrides } | { problems: string[] } {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { problems: ["must be a JSON object mapping operation names to { method, path, body }"] };
  const problems: string[] = [];
  const overrides: EndpointOverrides = {};
  for (const [name, value] of Object.entries(json)) {
    if (!(CLOUDM_OPERATIONS as readonly string[]).includes(name)) {
      problems.push(`'${name}' is not an operation; the operations are ${CLOUDM_OPERATIONS.join(", ")}`);
      continue;
    }
    const parsed = overrideEntry.safeParse(value);
    if (!parsed.success) {
      problems.push(
        `${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(entry)"} ${i.message}`).join("; ")}`,
      );
      continue;
    }
    overrides[name as CloudMOperation] = Object.fromEntries(
      Object.entries(parsed.data).filter(([, v]) => v !== undefined),
    ) as EndpointOverride;
  }
  return problems.length > 0 ? { problems } : { overrides };
}
