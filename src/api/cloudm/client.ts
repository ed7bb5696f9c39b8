/**
 * Typed CloudM Migrate client: one thin method per operation of the endpoint map (endpoints.ts). Bodies
 * are the guide's; every answer goes through a tolerant reader (schemas/readers.ts), so tools never see
 * how instances differ. Reads fail only when there is nothing to read; a write that got a 2xx always
 * comes back as done (`Written`), with a note when its answer was not what we expected. Auth is attached
 * here and renewed once on a 401.
 */
import type { Logger } from "pino";
import { z } from "zod";
import {
  ApiError,
  AuthError,
  ConnectionError,
  type ErrorBody,
  isFormatRefusal,
  MAX_ERROR_MESSAGE_CHARS,
  NotFoundError,
  RouteMissingError,
} from "../errors.js";
import { HttpClient, type HttpRequest, type HttpResponse, type RetryPolicy } from "../http.js";
import { quoted, quotedJson } from "../quoted.js";
import { maskSecretFields } from "../secrets.js";
import { CloudMAuth, type CloudMCredentials, type Profile } from "./auth.js";
import { type BodyFormat, CLOUDM_PROVIDER, type CloudMOperation } from "./endpoints.js";
import { InstanceDocument } from "./instance-document.js";
import type { ApiDocument } from "./openapi/model.js";
import { type EndpointOverrides, NO_OVERRIDES } from "./overrides.js";
import { encodeBody } from "./routing/encode.js";
import { EndpointMap } from "./routing/map.js";
import type { ResolvedEndpoint } from "./routing/resolved.js";
import { buildVocabulary, type Vocabulary } from "./vocabulary.js";
import { AdminApi } from "./admin-api.js";
import { checkApiPath } from "./api-path.js";
import { DomainReplacementApi } from "./domains-api.js";
import { KnownObjects } from "./known.js";
import type { OperationRequest, OperationSender, Written } from "./operation.js";

export type { Written } from "./operation.js";
import { ReadinessApi } from "./readiness-api.js";
import { ScanApi } from "./scan-api.js";
import { ScheduleApi } from "./schedule-api.js";
import { PLATFORM_KEYS, type PlatformKey, platformInfo } from "./platforms.js";
import {
  type AddMigrationItemRequest,
  type BatchRecord,
  type ConnectionRecord,
  type ConnectionRequest,
  type ConnectionTestRecord,
  type CreateBatchRequest,
  type CreateProjectRequest,
  IMPORT_FILE_FIELDS,
  type ImportRecord,
  isListShaped,
  isObject,
  type MigrationMode,
  type OpenApiDocument,
  type ProjectRecord,
  problemDetails,
  type ReportType,
  type RunRecord,
  readBatch,
  readConnection,
  readConnectionTest,
  readImport,
  readItemId,
  readList,
  readProject,
  readRun,
  readSettings,
  readStatistics,
  readTestId,
  type SettingsRecord,
  type StatisticsRecord,
  unwrapEnvelope,
} from "./schemas/index.js";

export interface CloudMClientOptions {
  baseUrl: string;
  credentials: CloudMCredentials;
  logger: Logger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxResponseBytes?: number;
  /** An admin's corrections of the endpoint map, answer field names and enums (MIGRATE_MCP_ENDPOINTS). */
  endpoints?: EndpointOverrides;
  /**
   * Read the instance's /openapi/v1.json at first use to find each operation in it (default true);
   * false keeps the table's paths and the overrides, with no extra request.
   */
  calibrate?: boolean;
}

export interface DownloadedReport {
  fileName: string;
  contentType: string;
  content: string;
}

export type Connection = Omit<ConnectionRecord, "platform"> & { platform: PlatformKey };

/**
 * A read the instance may not offer: its value, or why it could not be read (and whether that is
 * because the instance has no such route, rather than no such object).
 */
export type Optional<T> = { ok: true; value: T } | { ok: false; reason: string; routeMissing: boolean };

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

/** Any JSON but an empty body: a read that answers nothing lost its answer, and may be asked again. */
const anyAnswer = z.custom<unknown>((value) => value !== null);

/** After a failed calibration (the OpenAPI read failed for a passing reason), ask again after this long. */
const CALIBRATION_RETRY_MS = 60_000;

/** Reads the instance may not offer: these answers mean "cannot read this here", not "broken". */
function isUnavailable(error: unknown): error is ApiError {
  return (
    error instanceof RouteMissingError ||
    error instanceof NotFoundError ||
    (error instanceof AuthError && error.status === 403) ||
    (error instanceof ApiError && error.code === "unexpected_response")
  );
}

export async function optional<T>(read: Promise<T>): Promise<Optional<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    if (isUnavailable(error))
      return { ok: false, reason: error.message, routeMissing: error instanceof RouteMissingError };
    throw error;
  }
}

export class CloudMClient implements OperationSender {
  private readonly http: HttpClient;
  private readonly logger: Logger;
  private readonly document: InstanceDocument;
  private calibration: Promise<void> | undefined;
  private calibrationFailedAt = 0;
  private readonly calibrate: boolean;
  private readonly overrides: EndpointOverrides;
  private learnt: Vocabulary;
  /** Routes the instance said it does not have (404 without a body, 405, 501): not asked again. */
  private readonly missingRoutes = new Map<string, RouteMissingError>();
  /** Arguments already logged as named nowhere in the document, so each is said once. */
  private readonly reportedUnplaced = new Set<string>();
  /** The import format that worked last, so the next upload tries it first. */
  private importFormat: BodyFormat | undefined;
  readonly auth: CloudMAuth;
  readonly endpoints: EndpointMap;
  readonly known = new KnownObjects();
  /** The "other endpoints" groups of the guide, each reached the same way: `cloudm.admin.getUser(…)`. */
  readonly admin: AdminApi;
  readonly schedules: ScheduleApi;
  readonly scans: ScanApi;
  readonly readiness: ReadinessApi;
  readonly domains: DomainReplacementApi;

  constructor(options: CloudMClientOptions) {
    this.logger = options.logger;
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
    this.overrides = options.endpoints ?? NO_OVERRIDES;
    this.endpoints = new EndpointMap(this.overrides.operations);
    this.learnt = this.vocabularyFrom(undefined);
    this.document = new InstanceDocument(() => this.fetchOpenApi());
    this.calibrate = options.calibrate ?? true;
    this.admin = new AdminApi(this);
    this.schedules = new ScheduleApi(this);
    this.scans = new ScanApi(this);
    this.readiness = new ReadinessApi(this);
    this.domains = new DomainReplacementApi(this);
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

  /** What this instance calls its enum values and answer fields: more is known once its document is read. */
  get vocabulary(): Vocabulary {
    return this.learnt;
  }

  private vocabularyFrom(document: ApiDocument | undefined): Vocabulary {
    return buildVocabulary({
      declaredEnums: document?.enums ?? [],
      enumOverrides: this.overrides.enums,
      fieldOverrides: this.overrides.fields,
    });
  }

  /**
   * Reads the instance's OpenAPI document (once per process) and learns from it where each operation
   * is and what its enums mean; undefined when it serves none. Throws when the read failed for a
   * reason that may pass. `doctor` calls it to see the same as the tools.
   */
  async calibrateFromDocument(): Promise<ApiDocument | undefined> {
    const document = await this.document.model();
    this.endpoints.calibrate(document);
    this.learnt = this.vocabularyFrom(document);
    return document;
  }

  /** Calibrates at first use; without a document the table's paths are used, and a passing failure is retried a minute later. */
  private async calibrated(): Promise<void> {
    if (!this.calibrate) return;
    if (!this.calibration && Date.now() - this.calibrationFailedAt < CALIBRATION_RETRY_MS) return;
    this.calibration ??= this.calibrateFromDocument().then(
      () => undefined,
      (error: unknown) => {
        this.calibration = undefined;
        this.calibrationFailedAt = Date.now();
        this.logger.debug({ err: error }, "could not read the instance's OpenAPI yet");
      },
    );
    await this.calibration;
  }

  /** An operation's HTTP request: the instance's method and path, each argument where it wants it. */
  private async route(request: OperationRequest): Promise<HttpRequest> {
    await this.calibrated();
    const { operation, args, params, json, format, ...rest } = request;
    const missing = this.missingRoutes.get(routeKey(this.endpoints.get(operation), request));
    if (missing) throw missing;
    const call = this.endpoints.call(operation, { args, params, json, format });
    for (const name of call.unplaced) {
      if (this.reportedUnplaced.has(`${operation}.${name}`)) continue;
      this.reportedUnplaced.add(`${operation}.${name}`);
      this.logger.warn(
        { operation, argument: name, route: `${call.method} ${this.endpoints.get(operation).path}` },
        "the instance's OpenAPI document names no place for this argument; sent under our name (map it with MIGRATE_MCP_ENDPOINTS params)",
      );
    }
    return {
      ...rest,
      method: call.method,
      path: call.path,
      query: call.query,
      ...(await encodeBody(call.body)),
    };
  }

  /**
   * Reads an error by what the document says of the route: a 404 on a path it does not list is a
   * missing route, and an empty 404 on one it lists is a missing object. A missing route is remembered
   * for the process, so later calls fail at once with the same error instead of asking again.
   */
  private explain(request: OperationRequest, error: unknown): unknown {
    const endpoint = this.endpoints.get(request.operation);
    let explained = error;
    if (error instanceof NotFoundError && endpoint.listed === false)
      explained = new RouteMissingError(
        `This ${CLOUDM_PROVIDER} instance has no route ${error.operation} (its /openapi/v1.json does not list it)`,
        { provider: error.provider, operation: error.operation, status: 404 },
        false,
      );
    else if (error instanceof RouteMissingError && error.status === 404 && endpoint.listed === true)
      explained = new NotFoundError(
        `${error.provider} answered 404 to ${error.operation}`,
        {
          provider: error.provider,
          operation: error.operation,
          status: 404,
          ...(error.requestId ? { requestId: error.requestId } : {}),
        },
        false,
      );
    if (explained instanceof RouteMissingError)
      this.missingRoutes.set(routeKey(endpoint, request), explained);
    return explained;
  }

  /**
   * An answer's payload, out of its result envelope. An envelope that says the request failed is the
   * instance's refusal, whatever the status line said: its words are quoted, as they are not ours.
   */
  private payload(operation: CloudMOperation, raw: unknown): unknown {
    const unwrapped = unwrapEnvelope(raw);
    if (unwrapped.ok) return unwrapped.value;
    const { method, path } = this.endpoints.get(operation);
    throw new ApiError(
      `${CLOUDM_PROVIDER} refused ${method} ${path}: its answer says it did not succeed${unwrapped.message ? ` (${quoted(unwrapped.message, MAX_ERROR_MESSAGE_CHARS)})` : ""}`,
      { provider: CLOUDM_PROVIDER, operation: `${method} ${path}`, code: "instance_refused" },
      false,
    );
  }

  /** An authorised operation whose answer is taken as text (CSV reports). */
  async requestText(request: OperationRequest): Promise<HttpResponse> {
    const http = await this.route(request);
    try {
      return await this.authorized(http, (r) => this.http.send(r));
    } catch (error) {
      throw this.explain(request, error);
    }
  }

  /** A read: the answer out of its envelope, for a tolerant reader; never null. */
  async read(request: OperationRequest): Promise<unknown> {
    const http = await this.route(request);
    let raw: unknown;
    try {
      raw = await this.authorized(http, (r) => this.http.json(r, anyAnswer));
    } catch (error) {
      throw this.explain(request, error);
    }
    const payload = this.payload(request.operation, raw);
    if (payload === null) throw this.unexpected(request.operation, "anything inside its result envelope");
    return payload;
  }

  /**
   * A write. Once the instance answered 2xx the change is applied, so nothing after that throws: an
   * answer without the expected fields becomes a note, and the raw answer (secrets masked) goes along.
   */
  async write<T>(
    request: OperationRequest,
    read: (raw: unknown) => T | undefined,
    /** What the caller needs from the answer, for the note when it is not there; undefined: nothing. */
    expected: string | undefined,
  ): Promise<Written<T | undefined>> {
    const http = await this.route(request);
    let response: HttpResponse;
    try {
      response = await this.authorized(http, (r) => this.http.send(r));
    } catch (error) {
      // The status line said 2xx and then the body stopped: applied, with an answer we cannot read.
      if (
        error instanceof ConnectionError &&
        error.answeredStatus !== undefined &&
        error.answeredStatus < 300
      )
        return {
          value: undefined,
          note: expected
            ? `The change was applied (${error.answeredStatus}), but the answer was cut off, so ${expected} could not be read from it.`
            : undefined,
          raw: null,
        };
      if (error instanceof ApiError && error.probablyApplied)
        return { value: undefined, note: `${error.message}.`, raw: null };
      throw this.explain(request, error);
    }
    // The envelope's own failure flag is the instance saying no: that throws, 2xx or not.
    const raw = this.payload(request.operation, parseLenient(response.text));
    const value = read(raw);
    const note =
      value === undefined && expected
        ? `The change was applied (${response.status}), but the answer ${describeAnswer(raw)} did not include ${expected}.`
        : undefined;
    return { value, note, raw: maskSecretFields(raw) };
  }

  // ------------------------------------------------------------ account

  /** The signed-in user (logs in if needed). */
  async profile(signal?: AbortSignal): Promise<Profile | undefined> {
    await this.auth.token(signal);
    return this.auth.profile;
  }

  // ------------------------------------------------------------ connections

  private connectionOf(platform: PlatformKey, raw: unknown): Connection | undefined {
    const record = readConnection(raw);
    return record ? { ...record, platform } : undefined;
  }

  async listConnections(platform: PlatformKey, signal?: AbortSignal): Promise<Connection[]> {
    const raw = await this.read({
      operation: "listConnections",
      params: { platformEndpoint: platformInfo(platform).endpoint },
      signal,
    });
    if (!isListShaped(raw)) throw this.unexpected("listConnections", "a list of connections");
    return readList(raw)
      .items.map((item) => this.connectionOf(platform, item))
      .filter((c): c is Connection => c !== undefined);
  }

  async getConnection(
    platform: PlatformKey,
    connectionId: number,
    signal?: AbortSignal,
  ): Promise<Connection> {
    const raw = await this.read({
      operation: "getConnection",
      params: { platformEndpoint: platformInfo(platform).endpoint, connectionId },
      signal,
    });
    const found = this.connectionOf(platform, raw);
    if (!found) throw this.unexpected("getConnection", "a connection with an id");
    return found;
  }

  /**
   * Every platform's connections. A platform whose list cannot be read (no route, refused, odd answer)
   * does not sink the others: it comes back in `failures`.
   */
  async allConnections(
    signal?: AbortSignal,
  ): Promise<{ connections: Connection[]; failures: Array<{ platform: PlatformKey; reason: string }> }> {
    const lists = await Promise.all(
      PLATFORM_KEYS.map(async (platform) => ({
        platform,
        read: await optional(this.listConnections(platform, signal)),
      })),
    );
    return {
      connections: lists.flatMap(({ read }) => (read.ok ? read.value : [])).sort((a, b) => a.id - b.id),
      failures: lists.flatMap(({ platform, read }) => (read.ok ? [] : [{ platform, reason: read.reason }])),
    };
  }

  createConnection(
    platform: PlatformKey,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ): Promise<Written<Connection | undefined>> {
    return this.write(
      {
        operation: "createConnection",
        params: { platformEndpoint: platformInfo(platform).endpoint },
        json: body,
        signal,
      },
      (raw) => this.connectionOf(platform, raw),
      "the new connection's id",
    );
  }

  updateConnection(
    platform: PlatformKey,
    connectionId: number,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ): Promise<Written<Connection | undefined>> {
    return this.write(
      {
        operation: "updateConnection",
        params: { platformEndpoint: platformInfo(platform).endpoint, connectionId },
        json: body,
        signal,
      },
      (raw) => this.connectionOf(platform, raw),
      "the updated connection",
    );
  }

  async startConnectionTest(platformConnectionId: number, signal?: AbortSignal): Promise<string> {
    const started = await this.write(
      { operation: "startConnectionTest", json: { platformConnectionId }, signal },
      readTestId,
      "a testId",
    );
    if (started.value === undefined) throw this.unexpected("startConnectionTest", "a testId");
    return started.value;
  }

  async getConnectionTest(testId: string, signal?: AbortSignal): Promise<ConnectionTestRecord> {
    return readConnectionTest(
      await this.read({ operation: "getConnectionTest", params: { testId }, signal }),
      this.vocabulary,
    );
  }

  // ------------------------------------------------------------ projects

  async createProject(
    body: CreateProjectRequest,
    signal?: AbortSignal,
  ): Promise<Written<ProjectRecord | undefined>> {
    const written = await this.write(
      { operation: "createProject", json: body, signal },
      readProject,
      "the new project's projectId",
    );
    if (written.value) {
      // What we asked for fills what the answer left out.
      const project = {
        ...written.value,
        name: written.value.name ?? body.name,
        sourceConnectionId: written.value.sourceConnectionId ?? body.sourceConnectionId,
        destinationConnectionId: written.value.destinationConnectionId ?? body.destinationConnectionId,
      };
      this.known.rememberProject(project);
      return { ...written, value: project };
    }
    return written;
  }

  async listProjects(
    page: { pageNumber: number; pageSize: number; includeArchived?: boolean },
    signal?: AbortSignal,
  ): Promise<{ projects: ProjectRecord[]; total: number | undefined; totalPages: number | undefined }> {
    const raw = await this.read({ operation: "listProjects", args: { ...page }, signal });
    if (!isListShaped(raw)) throw this.unexpected("listProjects", "a list of projects");
    const list = readList(raw);
    return {
      projects: list.items.map(readProject).filter((p): p is ProjectRecord => p !== undefined),
      total: list.total,
      totalPages: list.totalPages,
    };
  }

  async getProject(projectId: string, signal?: AbortSignal): Promise<ProjectRecord> {
    const project = readProject(await this.read({ operation: "getProject", args: { projectId }, signal }));
    if (!project) throw this.unexpected("getProject", "a project with a projectId");
    return project;
  }

  /** A project as the instance has it, else as this server created it, else why neither is known. */
  async projectFacts(projectId: string, signal?: AbortSignal): Promise<Optional<ProjectRecord>> {
    const read = await optional(this.getProject(projectId, signal));
    if (read.ok) return read;
    const known = this.known.project(projectId);
    return known ? { ok: true, value: known } : read;
  }

  renameProject(
    projectId: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<Written<ProjectRecord | undefined>> {
    return this.write(
      { operation: "renameProject", args: { projectId, name }, signal },
      readProject,
      "the renamed project",
    );
  }

  setProjectArchived(
    projectId: string,
    archived: boolean,
    signal?: AbortSignal,
  ): Promise<Written<ProjectRecord | undefined>> {
    // Archiving an archived project leaves it archived: safe to resend.
    return this.write(
      {
        operation: archived ? "archiveProject" : "restoreProject",
        args: { projectId },
        idempotent: true,
        signal,
      },
      readProject,
      "the project",
    );
  }

  /** Deletes a project; a resend refused 404 after a lost answer comes back done, with a note saying so. */
  deleteProject(projectId: string, signal?: AbortSignal): Promise<Written<undefined>> {
    return this.write(
      { operation: "deleteProject", args: { projectId }, signal },
      () => undefined,
      undefined,
    );
  }

  /**
   * The instance's OpenAPI document as it came, which names the exact fields its endpoints take;
   * undefined when the instance does not serve one. Read once per process.
   */
  openApi(): Promise<OpenApiDocument | undefined> {
    return this.document.document();
  }

  /** The document's JSON, read on the table's own path (this is what calibrates the others). */
  private fetchOpenApi(): Promise<unknown> {
    const { method, path } = this.endpoints.call("openApi");
    return this.authorized({ method, path }, (r) => this.http.json(r, anyAnswer)).catch((error: unknown) => {
      // No such route, refused to this role: the instance has none for us. Anything else may pass.
      if (isUnavailable(error)) return undefined;
      throw error;
    });
  }

  /** Any call under /api/ of this instance, for endpoints no typed method wraps yet. */
  callApi(request: HttpRequest): Promise<HttpResponse> {
    return this.authorized({ ...request, path: checkApiPath(request.path) }, (r) => this.http.send(r));
  }

  // ------------------------------------------------------------ batches

  /** Creates a batch; the answer may be the batch, `{configurationId}` or a bare GUID. */
  async createBatch(
    body: CreateBatchRequest,
    signal?: AbortSignal,
  ): Promise<Written<BatchRecord | undefined>> {
    const written = await this.write(
      { operation: "createBatch", json: body, signal },
      readBatch,
      "the new batch's configurationId",
    );
    if (!written.value) return written;
    const batch: BatchRecord = {
      ...written.value,
      projectId: written.value.projectId ?? body.projectId,
      batchName: written.value.batchName ?? body.batchName,
      sourceConnectionId: written.value.sourceConnectionId ?? body.sourceConnectionId,
      destinationConnectionId: written.value.destinationConnectionId ?? body.destinationConnectionId,
      migrationItemsBatchType: written.value.migrationItemsBatchType ?? body.migrationItemsBatchType,
      tags: written.value.tags ?? body.tags,
    };
    this.known.rememberBatch(batch);
    return { ...written, value: batch };
  }

  async listBatches(projectId: string, signal?: AbortSignal): Promise<BatchRecord[]> {
    const raw = await this.read({ operation: "listBatches", args: { projectId }, signal });
    if (!isListShaped(raw)) throw this.unexpected("listBatches", "a list of batches");
    return readList(raw)
      .items.map((item) => readBatch(item, this.vocabulary))
      .filter((b): b is BatchRecord => b !== undefined);
  }

  async getBatch(configurationId: string, signal?: AbortSignal): Promise<BatchRecord> {
    const batch = readBatch(
      await this.read({ operation: "getBatch", args: { configurationId }, signal }),
      this.vocabulary,
    );
    if (!batch) throw this.unexpected("getBatch", "a batch with a configurationId");
    return batch;
  }

  /** A batch as the instance has it, else as this server created it, else why neither is known. */
  async batchFacts(configurationId: string, signal?: AbortSignal): Promise<Optional<BatchRecord>> {
    const read = await optional(this.getBatch(configurationId, signal));
    if (read.ok) return read;
    const known = this.known.batch(configurationId);
    return known ? { ok: true, value: known } : read;
  }

  /** A project's batches as the instance lists them, else those this server created in it. */
  async batchesOf(projectId: string, signal?: AbortSignal): Promise<Optional<BatchRecord[]>> {
    const read = await optional(this.listBatches(projectId, signal));
    if (read.ok) return read;
    const known = this.known.batchesOf(projectId);
    return known.length > 0 ? { ok: true, value: known } : read;
  }

  // ------------------------------------------------------------ migration items

  addMigrationItem(
    body: AddMigrationItemRequest,
    signal?: AbortSignal,
  ): Promise<Written<string | undefined>> {
    // The item's id is welcome, not needed: an answer without one is no surprise.
    return this.write({ operation: "addMigrationItem", json: body, signal }, readItemId, undefined);
  }

  /**
   * Uploads a CSV of users. The guide does not say in which format: the one the override file or the
   * instance's document declares, only; else multipart first, and once more as a JSON body if the
   * instance refuses that format, since a 4xx applied nothing. The format that worked is tried first next time.
   */
  async importUsersFromFile(
    configurationId: string,
    csv: string,
    fileName: string,
    signal?: AbortSignal,
  ): Promise<Written<ImportRecord>> {
    const endpoint = this.endpoints.get("importUsersFromFile");
    const upload = (format: BodyFormat) => this.uploadCsv(format, configurationId, csv, fileName, signal);
    if (endpoint.bodyDeclared) return upload(endpoint.body);
    const first = this.importFormat ?? endpoint.body;
    const other = first === "json" ? "multipart" : "json";
    let format: BodyFormat = first;
    let written: Written<ImportRecord>;
    try {
      written = await upload(first);
    } catch (error) {
      if (!isFormatRefusal(error)) throw error;
      this.logger.info(
        { operation: "importUsersFromFile", refused: first },
        "the instance refused the upload's format; trying the other",
      );
      format = other;
      written = await upload(other);
    }
    this.importFormat = format;
    return written;
  }

  private async uploadCsv(
    format: BodyFormat,
    configurationId: string,
    csv: string,
    fileName: string,
    signal?: AbortSignal,
  ): Promise<Written<ImportRecord>> {
    const file =
      format === "json"
        ? // assumed: not in the guide. A .NET API takes a file in JSON as base64 (how it serialises byte[]).
          { fileName, fileContent: Buffer.from(csv, "utf8").toString("base64") }
        : { [IMPORT_FILE_FIELDS.file]: new File([csv], fileName, { type: "text/csv" }) };
    const written = await this.write(
      {
        operation: "importUsersFromFile",
        args: { [IMPORT_FILE_FIELDS.configurationId]: configurationId, ...file },
        format,
        signal,
      },
      readImport,
      "how many users were imported",
    );
    return { ...written, value: written.value ?? readImport(undefined) };
  }

  async importUsersFromSource(configurationId: string, signal?: AbortSignal): Promise<Written<ImportRecord>> {
    const written = await this.write(
      { operation: "importUsersFromSource", json: { configurationId }, signal },
      readImport,
      "how many users were imported",
    );
    return { ...written, value: written.value ?? readImport(undefined) };
  }

  // ------------------------------------------------------------ batch settings

  async getBatchSettings(configurationId: string, signal?: AbortSignal): Promise<SettingsRecord> {
    return readSettings(
      await this.read({ operation: "getBatchSettings", params: { configurationId }, signal }),
    );
  }

  saveGeneralSettings(
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Written<SettingsRecord | undefined>> {
    return this.saveSettings("saveGeneralSettings", configurationId, settings, signal);
  }

  saveSourceSettings(
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Written<SettingsRecord | undefined>> {
    return this.saveSettings("saveSourceSettings", configurationId, settings, signal);
  }

  saveDestinationSettings(
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Written<SettingsRecord | undefined>> {
    return this.saveSettings("saveDestinationSettings", configurationId, settings, signal);
  }

  private saveSettings(
    operation: "saveGeneralSettings" | "saveSourceSettings" | "saveDestinationSettings",
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Written<SettingsRecord | undefined>> {
    // Saving the same settings twice leaves the same settings: safe to resend. The answer may carry the
    // settings as saved, or nothing; either is a success.
    return this.write(
      { operation, json: { configurationId, settings }, idempotent: true, signal },
      (raw) => (isObject(raw) ? readSettings(raw) : undefined),
      undefined,
    );
  }

  // ------------------------------------------------------------ runs, statistics, reports

  async startMigration(
    configurationId: string,
    mode: MigrationMode,
    signal?: AbortSignal,
  ): Promise<Written<RunRecord>> {
    const written = await this.write(
      { operation: "startMigration", json: { configurationId, mode }, signal },
      (raw) => readRun(raw, this.vocabulary),
      undefined,
    );
    return { ...written, value: written.value ?? readRun(undefined) };
  }

  async stopMigration(configurationId: string, signal?: AbortSignal): Promise<Written<RunRecord>> {
    // Stopping a stopped batch changes nothing: safe to resend.
    const written = await this.write(
      { operation: "stopMigration", json: { configurationId }, idempotent: true, signal },
      (raw) => readRun(raw, this.vocabulary),
      undefined,
    );
    return { ...written, value: written.value ?? readRun(undefined) };
  }

  async getStatistics(configurationId: string, signal?: AbortSignal): Promise<StatisticsRecord> {
    return readStatistics(
      await this.read({ operation: "getStatistics", params: { configurationId }, signal }),
      this.vocabulary,
    );
  }

  async generateReport(configurationId: string, signal?: AbortSignal): Promise<Written<string | undefined>> {
    // The guide shows no answer: whatever comes, the report is being generated.
    return this.write(
      { operation: "generateReport", json: { configurationId }, idempotent: true, signal },
      (raw) => (isObject(raw) && typeof raw.status === "string" ? raw.status : undefined),
      undefined,
    );
  }

  async downloadReport(
    configurationId: string,
    reportType: ReportType,
    signal?: AbortSignal,
  ): Promise<DownloadedReport> {
    const response = await this.requestText({
      operation: "downloadReport",
      params: { configurationId, reportType },
      signal,
    });
    return {
      fileName: fileNameFrom(response.headers["content-disposition"], `${reportType}-${configurationId}.csv`),
      contentType: response.headers["content-type"] ?? "text/csv",
      content: response.text,
    };
  }

  private unexpected(operation: CloudMOperation, wanted: string): ApiError {
    const { method, path } = this.endpoints.get(operation);
    return new ApiError(
      `${CLOUDM_PROVIDER} answered ${method} ${path} without ${wanted}; the reader in src/api/cloudm/schemas/readers.ts may need the field name this instance uses`,
      { provider: CLOUDM_PROVIDER, operation: `${method} ${path}`, code: "unexpected_response" },
      false,
    );
  }
}

function withBearer(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/** A 2xx answer's body: JSON when it is JSON, null when empty, else the text (cut). */
function parseLenient(text: string): unknown {
  if (text.trim().length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
}

function describeAnswer(raw: unknown): string {
  if (raw === null) return "was empty and";
  const shown = quotedJson(maskSecretFields(raw));
  return `(${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown})`;
}

/**
 * Which route a request is on, for remembering it missing: the method and path template, with the
 * platform filled in, since one platform's controller can be missing while the others are there.
 */
function routeKey(endpoint: ResolvedEndpoint, request: OperationRequest): string {
  const platform = request.params?.platformEndpoint ?? request.args?.platformEndpoint;
  return `${endpoint.method} ${endpoint.path.replace("{platformEndpoint}", String(platform))}`;
}
