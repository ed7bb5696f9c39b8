/**
 * How every typed call reaches the instance (the `OperationSender` the endpoint groups are given):
 * each operation routed where this instance has it (calibrated from its OpenAPI document at first use),
 * sent with a bearer token renewed once on a 401, and its answer read one way: a read fails only when
 * there is nothing to read; a write that got a 2xx always comes back as done (`Written`), with a note
 * when its answer was not what we expected. Errors are explained by what the document says of the route.
 */
import type { Logger } from "pino";
import { z } from "zod";
import { ApiError, AuthError, ConnectionError, type ErrorBody, MAX_ERROR_MESSAGE_CHARS } from "../errors.js";
import { HttpClient, type HttpRequest, type HttpResponse, type RetryPolicy } from "../http.js";
import { quoted, quotedJson } from "../quoted.js";
import { maskSecretFields } from "../secrets.js";
import { checkApiPath } from "./api-path.js";
import { CloudMAuth, type CloudMCredentials } from "./auth.js";
import { Calibration } from "./calibration.js";
import { CLOUDM_PROVIDER, type CloudMOperation } from "./endpoints.js";
import { InstanceDocument } from "./instance-document.js";
import { MissingRoutes } from "./missing-routes.js";
import type { ApiDocument } from "./openapi/model.js";
import type { OperationRequest, OperationSender, Written } from "./operation.js";
import { isUnavailable } from "./optional.js";
import { type EndpointOverrides, NO_OVERRIDES } from "./overrides.js";
import { encodeBody } from "./routing/encode.js";
import { EndpointMap } from "./routing/map.js";
import { type OpenApiDocument, problemDetails, unwrapEnvelope } from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";
import type { Vocabulary } from "./vocabulary.js";

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

/** Any JSON but an empty body: a read that answers nothing lost its answer, and may be asked again. */
const anyAnswer = z.custom<unknown>((value) => value !== null);

export class CloudMTransport implements OperationSender {
  private readonly http: HttpClient;
  private readonly logger: Logger;
  private readonly document: InstanceDocument;
  private readonly calibration: Calibration;
  private readonly missingRoutes = new MissingRoutes();
  /** Arguments already logged as named nowhere in the document, so each is said once. */
  private readonly reportedUnplaced = new Set<string>();
  readonly auth: CloudMAuth;
  readonly endpoints: EndpointMap;

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
    const overrides = options.endpoints ?? NO_OVERRIDES;
    this.endpoints = new EndpointMap(overrides.operations);
    this.document = new InstanceDocument(() => this.fetchOpenApi());
    this.calibration = new Calibration(
      this.endpoints,
      overrides,
      this.document,
      options.calibrate ?? true,
      this.logger,
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }

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
    return this.calibration.vocabulary;
  }

  /**
   * Reads the instance's OpenAPI document (once per process) and learns from it where each operation
   * is and what its enums mean; undefined when it serves none. Throws when the read failed for a
   * reason that may pass. `doctor` calls it to see the same as the tools.
   */
  calibrateFromDocument(): Promise<ApiDocument | undefined> {
    return this.calibration.fromDocument();
  }

  /** An operation's HTTP request: the instance's method and path, each argument where it wants it. */
  private async route(request: OperationRequest): Promise<HttpRequest> {
    await this.calibration.atFirstUse();
    const { operation, args, params, json, format, ...rest } = request;
    const missing = this.missingRoutes.earlier(this.endpoints.get(operation), request);
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

  /** An error on an operation's route, read by what the document says of it (missing-routes.ts). */
  private explain(request: OperationRequest, error: unknown): unknown {
    return this.missingRoutes.explain(this.endpoints.get(request.operation), request, error);
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
    return (await this.datedRead(request)).payload;
  }

  async datedRead(request: OperationRequest): Promise<{ payload: unknown; answeredAt: number | undefined }> {
    const http = await this.route(request);
    let answer: { value: unknown; answeredAt: number | undefined };
    try {
      answer = await this.authorized(http, (r) => this.http.datedJson(r, anyAnswer));
    } catch (error) {
      throw this.explain(request, error);
    }
    const payload = this.payload(request.operation, answer.value);
    if (payload === null)
      throw unexpectedAnswer(this, request.operation, "anything inside its result envelope", "readers.ts");
    return { payload, answeredAt: answer.answeredAt };
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
