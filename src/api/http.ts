/**
 * The one HTTP layer: every upstream request of every provider goes through `HttpClient.send`.
 * One pooled undici dispatcher per upstream; a timeout per attempt; retries with capped, jittered
 * exponential backoff for what is safe to repeat; answers read up to a size cap; errors mapped to the
 * ApiError hierarchy, including answers that are not what an API sends (HTML, cut off, empty, enormous).
 */
import { randomUUID } from "node:crypto";
import { getMaxListeners, setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Dispatcher, FormData, Pool } from "undici";
import type { z } from "zod";
import {
  ApiError,
  type ApiErrorFields,
  apiErrorFromResponse,
  ConnectionError,
  type ErrorBody,
  TimeoutError,
} from "./errors.js";
import { quoted } from "./quoted.js";

/** Called when an attempt ends, answered or not. */
export type AttemptEnded = () => void;

/** How many requests may wait on one caller's signal at once before Node warns of a leak. */
const SHARED_SIGNAL_LISTENERS = 64;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method: HttpMethod;
  /** Path under the client's base URL, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** A multipart body, or a URL-encoded one (`application/x-www-form-urlencoded`). */
  form?: FormData | URLSearchParams;
  headers?: Record<string, string>;
  /**
   * Whether sending this twice has the same effect as sending it once. Defaults to true for
   * GET/PUT/DELETE and false for POST; a POST that only overwrites state may say true.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  requestId: string;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 asking for a longer wait than this is returned to the caller instead of waited out. */
  maxRetryAfterSeconds: number;
}

export interface HttpClientOptions {
  provider: string;
  baseUrl: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  connections?: number;
  logger: Logger;
  /** Turns a provider's error body (already JSON-parsed when it was JSON) into code, message and fields. */
  parseErrorBody: (body: unknown) => ErrorBody;
  /**
   * Awaited before every attempt, retries included: a client-side rate limiter. What it returns is
   * called when the attempt ends, answered or not (the limiter dates its slot from then).
   */
  beforeAttempt?: (signal?: AbortSignal) => Promise<AttemptEnded>;
  /** Hears an upstream 429's Retry-After (seconds), so a shared limiter can pause every replica. */
  onRetryAfter?: (seconds: number) => void;
  /**
   * Answers larger than this are abandoned when the limit is reached (default 16 MiB): a broken or
   * hostile upstream cannot make the process buffer an unbounded body.
   */
  maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 4_000,
  maxRetryAfterSeconds: 30,
};

/** Connection failures that prove the request never left this process, so even a POST may be resent. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Delay before retry `attempt` (0-based): Retry-After when upstream gave one, else equal-jitter backoff. */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Parses Retry-After: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

function flattenHeaders(raw: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** "an HTML page ('502 Bad Gateway')" for a body that is HTML, so a proxy's page never reaches a model whole. */
function describeHtml(text: string, contentType: string | undefined): string | undefined {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  const html =
    (contentType ?? "").toLowerCase().includes("html") ||
    start.startsWith("<!doctype html") ||
    start.startsWith("<html");
  if (!html) return undefined;
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
  return `an HTML page${title ? ` (${quoted(title)})` : ""}`;
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${bytes} bytes (${Number(mib.toFixed(1))} MiB)` : `${bytes} bytes`;
}

/** `METHOD path` for messages and logs; an absurdly long path (a 1 MB id) is cut, not repeated whole. */
function operationOf(request: HttpRequest): string {
  const path =
    request.path.length > 200
      ? `${request.path.slice(0, 160)}…(${request.path.length} characters)`
      : request.path;
  return `${request.method} ${path}`;
}

const isIdempotent = (request: HttpRequest): boolean => request.idempotent ?? request.method !== "POST";

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return own;
  return errorCode((error as { cause?: unknown }).cause);
}

/** A resend refused as already done, after an attempt whose answer was lost: the first one applied it. */
function probablyApplied(refusal: ApiError, provider: string, operation: string): ApiError {
  return new ApiError(
    `${provider} answered the resent ${operation} with ${refusal.status} (${refusal.status === 404 ? "not found" : "conflict"}) after the first attempt's answer was lost: the first attempt probably applied it. Check the current state; do not repeat it`,
    {
      provider,
      operation,
      ...(refusal.status === undefined ? {} : { status: refusal.status }),
      ...(refusal.requestId ? { requestId: refusal.requestId } : {}),
      probablyApplied: true,
    },
    false,
  );
}

export class HttpClient {
  readonly provider: string;
  private readonly base: URL;
  /** Made at the first request: loading undici is a tenth of start-up, and initialize needs no HTTP. */
  private pool: Promise<Pool> | undefined;
  private readonly connections: number;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;
  private readonly parseErrorBody: (body: unknown) => ErrorBody;
  private readonly beforeAttempt: ((signal?: AbortSignal) => Promise<AttemptEnded>) | undefined;
  private readonly onRetryAfter: ((seconds: number) => void) | undefined;
  private readonly maxResponseBytes: number;

  constructor(options: HttpClientOptions) {
    this.provider = options.provider;
    this.base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
    this.connections = options.connections ?? 16;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.logger = options.logger;
    this.parseErrorBody = options.parseErrorBody;
    this.beforeAttempt = options.beforeAttempt;
    this.onRetryAfter = options.onRetryAfter;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** Sends a request, retrying what is safe; resolves with a 2xx response or throws an ApiError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const requestId = randomUUID();
    const operation = operationOf(request);
    const idempotent = isIdempotent(request);
    // Whether an earlier attempt of this write may have reached the service and been applied.
    let earlierMayHaveApplied = false;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request, requestId, operation);
      if (!(outcome instanceof ApiError)) return outcome;
      if (
        earlierMayHaveApplied &&
        request.method !== "GET" &&
        (outcome.status === 404 || outcome.status === 409)
      )
        throw probablyApplied(outcome, this.provider, operation);
      // A 5xx, a timeout or a connection lost after sending: the service may have acted on it.
      earlierMayHaveApplied ||=
        outcome.status === undefined
          ? !(outcome instanceof ConnectionError && !outcome.sent)
          : outcome.status >= 500;
      const mayResend =
        idempotent ||
        // 429 means the server refused the request unprocessed (RFC 6585), and an unsent request did nothing.
        outcome.status === 429 ||
        (outcome instanceof ConnectionError && !outcome.sent);
      const retryable =
        outcome.retryable && (outcome.status === undefined || RETRYABLE_STATUSES.has(outcome.status));
      const waitTooLong = (outcome.retryAfterSeconds ?? 0) > this.retry.maxRetryAfterSeconds;
      if (!mayResend || !retryable || waitTooLong || attempt >= this.retry.maxRetries) throw outcome;
      // A wait we take, others should take too (every replica, with a shared limiter); a longer one fails fast.
      if (outcome.status === 429 && outcome.retryAfterSeconds !== undefined)
        this.onRetryAfter?.(outcome.retryAfterSeconds);
      const delay = retryDelayMs(attempt, outcome.retryAfterSeconds, this.retry);
      this.logger.debug(
        {
          provider: this.provider,
          operation,
          requestId,
          attempt,
          delayMs: Math.round(delay),
          reason: outcome.name,
        },
        "retrying upstream request",
      );
      await sleep(delay, undefined, { signal: request.signal });
    }
  }

  /** Sends a request and parses its JSON body with `schema`. */
  async json<T extends z.ZodType>(request: HttpRequest, schema: T): Promise<z.infer<T>> {
    const response = await this.send(request);
    const operation = operationOf(request);
    const fields = this.fields(operation, response.requestId, response.status);
    const unsure = !isIdempotent(request);
    // An answer that is empty or ends early lost its content on the way: like a dropped connection after
    // sending, the request may have been applied, and a read may simply be asked again.
    const lost = (what: string) =>
      new ConnectionError(
        `${this.provider} ${what} for ${operation}; the request may have been received`,
        { ...fields, code: "incomplete_response", mayHaveApplied: unsure },
        true,
      );
    let parsed: unknown;
    if (response.text.length === 0) {
      const empty = schema.safeParse(null);
      if (empty.success) return empty.data;
      throw lost("sent an empty answer (no body where JSON was expected)");
    }
    try {
      parsed = JSON.parse(response.text);
    } catch (error) {
      const html = describeHtml(response.text, response.headers["content-type"]);
      if (html)
        throw new ApiError(
          `${this.provider} sent ${html} instead of JSON for ${operation}: the configured URL may lead to a web page, a proxy or a sign-in page rather than the API`,
          { ...fields, code: "not_json" },
          false,
        );
      const text = response.text.trimStart();
      if (/^[[{]/.test(text) && /end of JSON input|Unterminated/i.test((error as Error).message))
        throw lost(`sent JSON that was cut off after ${Buffer.byteLength(response.text)} bytes`);
      throw new ApiError(
        `${this.provider} sent a body that is not JSON for ${operation}`,
        { ...fields, code: "not_json" },
        false,
      );
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const where = result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      throw new ApiError(
        `${this.provider} answered ${operation} with an unexpected shape (${where}); the API schema in src/api may need updating for this instance`,
        { ...this.fields(operation, response.requestId, response.status), code: "unexpected_response" },
        false,
      );
    }
    return result.data;
  }

  async close(): Promise<void> {
    await (await this.pool)?.close();
  }

  private connectionPool(): Promise<Pool> {
    this.pool ??= import("undici").then(
      ({ Pool }) => new Pool(this.base.origin, { connections: this.connections }),
    );
    return this.pool;
  }

  private fields(operation: string, requestId: string, status?: number): ApiErrorFields {
    return { provider: this.provider, operation, requestId, ...(status === undefined ? {} : { status }) };
  }

  private url(request: HttpRequest): string {
    const url = new URL(request.path.replace(/^\//, ""), this.base);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return `${url.pathname}${url.search}`;
  }

  /**
   * Reads a body up to the size cap; undefined when it is larger (refused by its Content-Length before
   * reading, or abandoned as soon as the limit is passed). Stream errors (a cut connection) propagate.
   */
  private async readCapped(
    body: Dispatcher.ResponseData["body"],
    declared: number | undefined,
    progress: (bytes: number) => void,
  ): Promise<Buffer | undefined> {
    if (declared !== undefined && declared > this.maxResponseBytes) {
      body.destroy();
      return undefined;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      progress(size);
      if (size > this.maxResponseBytes) {
        body.destroy();
        return undefined;
      }
      chunks.push(buffer);
    }
    return Buffer.concat(chunks, size);
  }

  /** One attempt: a response, or the ApiError describing why it failed (returned, so the caller decides on retry). */
  private async attempt(
    request: HttpRequest,
    requestId: string,
    operation: string,
  ): Promise<HttpResponse | ApiError> {
    request.signal?.throwIfAborted();
    const ended = await this.beforeAttempt?.(request.signal);
    // One controller per attempt, its listener on the caller's signal removed when the attempt ends:
    // AbortSignal.any would leave one listener per attempt on a signal that many requests share (a
    // tool call adding 500 users).
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new DOMException(`no answer within ${this.timeoutMs} ms`, "TimeoutError"));
    }, this.timeoutMs);
    timer.unref();
    const onAbort = () => attempt.abort(request.signal?.reason);
    if (request.signal) {
      // Requests that share a signal at once (a connection list reads 16 platforms) hold one listener
      // each until they end: bounded by concurrency, not a leak, so Node's leak warning is raised past it.
      if (getMaxListeners(request.signal) < SHARED_SIGNAL_LISTENERS)
        setMaxListeners(SHARED_SIGNAL_LISTENERS, request.signal);
      request.signal.addEventListener("abort", onAbort, { once: true });
    }
    const signal = attempt.signal;
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-request-id": requestId,
      ...request.headers,
    };
    let body: string | FormData | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    } else if (request.form instanceof URLSearchParams) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = request.form.toString();
    } else if (request.form) {
      body = request.form;
    }
    const started = performance.now();
    // A write that fails without a clear refusal may have been applied (the error says so, for the model).
    const unsure = !isIdempotent(request);
    // Set once the status line is in: a failure after that cut the answer off, not the request.
    let answered: number | undefined;
    let received = 0;
    let declared: number | undefined;
    try {
      const pool = await this.connectionPool();
      const response = await pool.request({
        path: this.url(request),
        method: request.method,
        headers,
        body,
        signal,
        // undici closes the connection after a GET that carries a body (MigrateClouds' file listing, as
        // its overview shows it) unless told otherwise; a new connection per listing skews the rate
        // limiter's timing against the server's and costs a handshake each time.
        ...(body !== undefined && request.method === "GET" ? { reset: false } : {}),
      });
      answered = response.statusCode;
      const responseHeaders = flattenHeaders(response.headers);
      const length = Number(responseHeaders["content-length"] ?? Number.NaN);
      declared = Number.isFinite(length) ? length : undefined;
      const raw = await this.readCapped(response.body, declared, (n) => {
        received = n;
      });
      if (raw === undefined) {
        const mayHaveApplied = isIdempotent(request)
          ? ""
          : "; the request itself reached the service and may have been applied: check before repeating it";
        return new ApiError(
          `${this.provider} sent an answer over ${formatBytes(this.maxResponseBytes)} to ${operation} (status ${response.statusCode}); it was too large and was not read. Ask for less (a smaller page or a filter), or have the server's operator raise MIGRATE_MCP_MAX_RESPONSE_MB${mayHaveApplied}`,
          { ...this.fields(operation, requestId, response.statusCode), code: "response_too_large" },
          false,
        );
      }
      const text = raw.toString("utf8");
      this.logger.debug(
        {
          provider: this.provider,
          operation,
          requestId,
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "upstream response",
      );
      if (response.statusCode < 400)
        return { status: response.statusCode, headers: responseHeaders, text, requestId };
      let parsedBody: unknown = text;
      let html: string | undefined;
      try {
        parsedBody = JSON.parse(text);
      } catch {
        // A non-JSON error body is passed on as text; a proxy's HTML page only by its title.
        html = describeHtml(text, responseHeaders["content-type"]);
      }
      const retryAfter = parseRetryAfter(responseHeaders["retry-after"]);
      const refused = response.statusCode < 500 && response.statusCode !== 408;
      return apiErrorFromResponse(
        response.statusCode,
        html
          ? { description: `${html} instead of JSON (a proxy or gateway answered?)` }
          : { ...this.parseErrorBody(parsedBody), empty: text.trim().length === 0 },
        {
          provider: this.provider,
          operation,
          requestId,
          ...(unsure && !refused ? { mayHaveApplied: true } : {}),
          ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
        },
      );
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timedOut) {
        return new TimeoutError(
          `${this.provider} did not answer ${operation} within ${this.timeoutMs} ms`,
          { ...this.fields(operation, requestId), mayHaveApplied: unsure },
          true,
        );
      }
      const code = errorCode(error);
      if (answered !== undefined) {
        // The status line arrived, so the request did too; the body stopped short.
        return new ConnectionError(
          `${this.provider}'s answer to ${operation} was cut off after ${received}${declared === undefined ? "" : ` of ${declared}`} bytes (${code ?? "connection closed"}); the request may have been received`,
          { ...this.fields(operation, requestId), ...(code ? { code } : {}), mayHaveApplied: unsure },
          true,
          answered,
        );
      }
      const sent = !(code && NOT_SENT_CODES.has(code));
      return new ConnectionError(
        `Could not reach ${this.provider} for ${operation} (${code ?? "connection error"})${sent ? "; the request may have been received" : ""}`,
        { ...this.fields(operation, requestId), ...(code ? { code } : {}), mayHaveApplied: unsure && sent },
        sent,
      );
    } finally {
      ended?.();
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  }
}
