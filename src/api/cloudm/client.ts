/**
 * Typed CloudM Migrate client: one thin method per endpoint. Paths and bodies are the guide's; every
 * response is parsed with a schema from schemas.ts. Auth is attached here and renewed once on a 401.
 */
import type { Logger } from "pino";
import type { z } from "zod";
import { AuthError, type ErrorBody, NotFoundError } from "../errors.js";
import { HttpClient, type HttpRequest, type HttpResponse, type RetryPolicy } from "../http.js";
import { CloudMAuth, type CloudMCredentials, type Profile } from "./auth.js";
import { type PlatformKey, platformInfo } from "./platforms.js";
import {
  type AddMigrationItemRequest,
  type Batch,
  type BatchSettings,
  type BatchStatistics,
  batch,
  batchList,
  batchSettings,
  batchStatistics,
  type Connection,
  type ConnectionRequest,
  type ConnectionTestStatus,
  type CreateBatchRequest,
  type CreateProjectRequest,
  connection,
  connectionList,
  connectionTestStatus,
  type GeneralSettings,
  IMPORT_FILE_FIELDS,
  type ImportResult,
  importResult,
  type OpenApiDocument,
  openApiDocument,
  type MigrationItem,
  type MigrationMode,
  migrationItem,
  type Project,
  type ProjectPage,
  problemDetails,
  project,
  projectPage,
  type ReportGeneration,
  type ReportType,
  type RunStatus,
  reportGeneration,
  runStatus,
  testConnectionStarted,
} from "./schemas/index.js";

export const CLOUDM_PROVIDER = "CloudM Migrate";

export interface CloudMClientOptions {
  baseUrl: string;
  credentials: CloudMCredentials;
  logger: Logger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxResponseBytes?: number;
}

export interface DownloadedReport {
  fileName: string;
  contentType: string;
  content: string;
}

/** Problem details → code, message and field errors. */
export function parseProblemDetails(body: unknown): ErrorBody {
  const parsed = problemDetails.safeParse(body);
  if (!parsed.success)
    return typeof body === "string" && body.length > 0 ? { message: body.slice(0, 300) } : {};
  const { title, detail, traceId, errors, type } = parsed.data;
  return {
    ...(title || type ? { code: title ?? type } : {}),
    ...(detail || title ? { message: detail ?? title } : {}),
    ...(traceId ? { traceId } : {}),
    ...(errors ? { fieldErrors: errors } : {}),
  };
}

function fileNameFrom(disposition: string | undefined, fallback: string): string {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

export class CloudMClient {
  private readonly http: HttpClient;
  private openApiDocument: Promise<OpenApiDocument | undefined> | undefined;
  readonly auth: CloudMAuth;

  constructor(options: CloudMClientOptions) {
    this.http = new HttpClient({
      provider: CLOUDM_PROVIDER,
      baseUrl: options.baseUrl,
      logger: options.logger,
      parseErrorBody: parseProblemDetails,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    });
    this.auth = new CloudMAuth(this.http, options.credentials);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  // ------------------------------------------------------------ plumbing

  /** Sends with a bearer token; after a 401, renews the token once and resends. */
  private async authorized<T>(request: HttpRequest, send: (request: HttpRequest) => Promise<T>): Promise<T> {
    const token = await this.auth.token(request.signal);
    try {
      return await send(withBearer(request, token));
    } catch (error) {
      if (!(error instanceof AuthError) || error.status !== 401) throw error;
      const renewed = await this.auth.tokenAfterRejection(token, request.signal);
      try {
        return await send(withBearer(request, renewed));
      } catch (again) {
        if (!(again instanceof AuthError) || again.status !== 401) throw again;
        // A token refused moments after it was issued: it expired early again, or the instance refuses
        // its own tokens (clock, signing keys, a deactivated account). Only a later call can tell which.
        throw new AuthError(
          `${again.message} (a token issued moments earlier was refused too)`,
          {
            provider: again.provider,
            operation: again.operation,
            status: 401,
            ...(again.code ? { code: again.code } : {}),
            ...(again.requestId ? { requestId: again.requestId } : {}),
            ...(again.traceId ? { traceId: again.traceId } : {}),
          },
          true,
        );
      }
    }
  }

  /** An authorised request whose JSON answer is parsed with `schema`; for the endpoint groups' API modules. */
  request<T extends z.ZodType>(request: HttpRequest, schema: T): Promise<z.infer<T>> {
    return this.authorized(request, (r) => this.http.json(r, schema));
  }

  /** An authorised request whose answer is taken as text (CSV reports, raw calls). */
  requestText(request: HttpRequest): Promise<HttpResponse> {
    return this.authorized(request, (r) => this.http.send(r));
  }

  // ------------------------------------------------------------ account

  /** The signed-in user (logs in if needed). */
  async profile(signal?: AbortSignal): Promise<Profile | undefined> {
    await this.auth.token(signal);
    return this.auth.profile;
  }

  // ------------------------------------------------------------ connections

  listConnections(platform: PlatformKey, signal?: AbortSignal): Promise<Connection[]> {
    return this.request(
      { method: "GET", path: `/api/${platformInfo(platform).endpoint}`, signal },
      connectionList,
    );
  }

  getConnection(platform: PlatformKey, connectionId: number, signal?: AbortSignal): Promise<Connection> {
    return this.request(
      { method: "GET", path: `/api/${platformInfo(platform).endpoint}/${connectionId}`, signal },
      connection,
    );
  }

  createConnection(
    platform: PlatformKey,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ): Promise<Connection> {
    return this.request(
      { method: "POST", path: `/api/${platformInfo(platform).endpoint}`, json: body, signal },
      connection,
    );
  }

  // assumed: not in the guide (PUT addresses the connection by id in the path)
  updateConnection(
    platform: PlatformKey,
    connectionId: number,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ): Promise<Connection> {
    return this.request(
      { method: "PUT", path: `/api/${platformInfo(platform).endpoint}/${connectionId}`, json: body, signal },
      connection,
    );
  }

  async startConnectionTest(platformConnectionId: number, signal?: AbortSignal): Promise<string> {
    const started = await this.request(
      { method: "POST", path: "/api/TestConnection/start", json: { platformConnectionId }, signal },
      testConnectionStarted,
    );
    return started.testId;
  }

  getConnectionTest(testId: string, signal?: AbortSignal): Promise<ConnectionTestStatus> {
    return this.request(
      { method: "GET", path: `/api/TestConnection/${encodeURIComponent(testId)}`, signal },
      connectionTestStatus,
    );
  }

  // ------------------------------------------------------------ projects

  createProject(body: CreateProjectRequest, signal?: AbortSignal): Promise<Project> {
    return this.request(
      { method: "POST", path: "/api/ConnectionsProject/create-project", json: body, signal },
      project,
    );
  }

  // assumed: not in the guide (list and get paths of api/ConnectionsProject)
  listProjects(
    page: { pageNumber: number; pageSize: number; includeArchived?: boolean },
    signal?: AbortSignal,
  ): Promise<ProjectPage> {
    return this.request(
      { method: "GET", path: "/api/ConnectionsProject", query: { ...page }, signal },
      projectPage,
    );
  }

  getProject(projectId: string, signal?: AbortSignal): Promise<Project> {
    return this.request(
      { method: "GET", path: `/api/ConnectionsProject/${encodeURIComponent(projectId)}`, signal },
      project,
    );
  }

  // assumed: not in the guide (rename, archive, restore and delete paths of api/ConnectionsProject)
  renameProject(projectId: string, name: string, signal?: AbortSignal): Promise<Project> {
    const path = `/api/ConnectionsProject/${encodeURIComponent(projectId)}/rename`;
    return this.request({ method: "PUT", path, json: { name }, signal }, project);
  }

  setProjectArchived(projectId: string, archived: boolean, signal?: AbortSignal): Promise<Project> {
    const path = `/api/ConnectionsProject/${encodeURIComponent(projectId)}/${archived ? "archive" : "restore"}`;
    // Archiving an archived project leaves it archived: safe to resend.
    return this.request({ method: "POST", path, idempotent: true, signal }, project);
  }

  async deleteProject(projectId: string, signal?: AbortSignal): Promise<void> {
    await this.requestText({
      method: "DELETE",
      path: `/api/ConnectionsProject/${encodeURIComponent(projectId)}`,
      signal,
    });
  }

  /**
   * The instance's OpenAPI document, which names the exact fields its endpoints take; undefined when
   * the instance does not serve one. Read once per process: it changes only with an upgrade.
   */
  openApi(): Promise<OpenApiDocument | undefined> {
    this.openApiDocument ??= this.request({ method: "GET", path: "/openapi/v1.json" }, openApiDocument).catch(
      (error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        // Anything else may pass: ask again next time.
        this.openApiDocument = undefined;
        throw error;
      },
    );
    return this.openApiDocument;
  }

  /** Any call under /api/ of this instance, for endpoints no typed method wraps yet. */
  callApi(request: HttpRequest & { path: `/api/${string}` }): Promise<HttpResponse> {
    if (!request.path.startsWith("/api/") || request.path.includes(".."))
      throw new Error(`refusing path ${request.path}`);
    return this.requestText(request);
  }

  // ------------------------------------------------------------ batches

  createBatch(body: CreateBatchRequest, signal?: AbortSignal): Promise<Batch> {
    return this.request(
      { method: "POST", path: "/api/ConnectionBatches/create-connection-batch", json: body, signal },
      batch,
    );
  }

  // assumed: not in the guide (list by project, get by configurationId)
  listBatches(projectId: string, signal?: AbortSignal): Promise<Batch[]> {
    return this.request(
      { method: "GET", path: "/api/ConnectionBatches", query: { projectId }, signal },
      batchList,
    );
  }

  getBatch(configurationId: string, signal?: AbortSignal): Promise<Batch> {
    return this.request(
      { method: "GET", path: `/api/ConnectionBatches/${encodeURIComponent(configurationId)}`, signal },
      batch,
    );
  }

  // ------------------------------------------------------------ migration items

  addMigrationItem(body: AddMigrationItemRequest, signal?: AbortSignal): Promise<MigrationItem> {
    return this.request(
      { method: "POST", path: "/api/BatchMigrationItems/add-migration-item", json: body, signal },
      migrationItem,
    );
  }

  importUsersFromFile(
    configurationId: string,
    csv: string,
    fileName: string,
    signal?: AbortSignal,
  ): Promise<ImportResult> {
    return this.authorized(
      { method: "POST", path: "/api/BatchMigrationItems/import-users-from-file", signal },
      async (request) => {
        // A FormData body is consumed by sending it, so each attempt builds its own.
        const { FormData } = await import("undici");
        const form = new FormData();
        form.set(IMPORT_FILE_FIELDS.configurationId, configurationId);
        form.set(IMPORT_FILE_FIELDS.file, new Blob([csv], { type: "text/csv" }), fileName);
        return this.http.json({ ...request, form }, importResult);
      },
    );
  }

  importUsersFromSource(configurationId: string, signal?: AbortSignal): Promise<ImportResult> {
    return this.request(
      {
        method: "POST",
        path: "/api/BatchMigrationItems/import-users-from-source",
        json: { configurationId },
        signal,
      },
      importResult,
    );
  }

  // ------------------------------------------------------------ batch settings

  getBatchSettings(configurationId: string, signal?: AbortSignal): Promise<BatchSettings> {
    return this.request(
      { method: "GET", path: `/api/BatchConfigSettings/${encodeURIComponent(configurationId)}`, signal },
      batchSettings,
    );
  }

  saveGeneralSettings(
    configurationId: string,
    settings: Partial<GeneralSettings>,
    signal?: AbortSignal,
  ): Promise<BatchSettings> {
    return this.saveSettings("save-general-settings", configurationId, settings, signal);
  }

  saveSourceSettings(
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<BatchSettings> {
    return this.saveSettings("save-source-settings", configurationId, settings, signal);
  }

  saveDestinationSettings(
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<BatchSettings> {
    return this.saveSettings("save-destination-settings", configurationId, settings, signal);
  }

  private saveSettings(
    endpoint: string,
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<BatchSettings> {
    // Saving the same settings twice leaves the same settings: safe to resend.
    return this.request(
      {
        method: "POST",
        path: `/api/BatchConfigSettings/${endpoint}`,
        json: { configurationId, settings },
        idempotent: true,
        signal,
      },
      batchSettings,
    );
  }

  // ------------------------------------------------------------ runs, statistics, reports

  startMigration(configurationId: string, mode: MigrationMode, signal?: AbortSignal): Promise<RunStatus> {
    return this.request(
      {
        method: "POST",
        path: "/api/ConnectionBatchesProgress/start-migration",
        json: { configurationId, mode },
        signal,
      },
      runStatus,
    );
  }

  stopMigration(configurationId: string, signal?: AbortSignal): Promise<RunStatus> {
    // Stopping a stopped batch changes nothing: safe to resend.
    return this.request(
      {
        method: "POST",
        path: "/api/ConnectionBatchesProgress/stop-migration",
        json: { configurationId },
        idempotent: true,
        signal,
      },
      runStatus,
    );
  }

  getStatistics(configurationId: string, signal?: AbortSignal): Promise<BatchStatistics> {
    return this.request(
      {
        method: "GET",
        path: "/api/ConnectionBatchesProgress/get-statistics",
        query: { configurationId },
        signal,
      },
      batchStatistics,
    );
  }

  generateReport(configurationId: string, signal?: AbortSignal): Promise<ReportGeneration> {
    return this.request(
      {
        method: "POST",
        path: "/api/ConnectionBatchesProgress/generate-report",
        json: { configurationId },
        idempotent: true,
        signal,
      },
      reportGeneration,
    );
  }

  async downloadReport(
    configurationId: string,
    reportType: ReportType,
    signal?: AbortSignal,
  ): Promise<DownloadedReport> {
    const response = await this.requestText({
      method: "GET",
      path: "/api/ConnectionBatchesProgress/download-report",
      query: { configurationId, reportType },
      signal,
    });
    return {
      fileName: fileNameFrom(response.headers["content-disposition"], `${reportType}-${configurationId}.csv`),
      contentType: response.headers["content-type"] ?? "text/csv",
      content: response.text,
    };
  }
}

function withBearer(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}
