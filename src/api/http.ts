/**
 * The one HTTP layer: every upstream request of every provider goes through `HttpClient.send`.
 * One pooled undici dispatcher per upstream; a timeout per attempt; retries with capped, jittered
 * exponential backoff for what is safe to repeat; errors mapped to the ApiError hierarchy.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { type Dispatcher, type FormData, Pool } from "undici";
import type { z } from "zod";
import {
  ApiError,
  type ApiErrorFields,
  apiErrorFromResponse,
  ConnectionError,
  type ErrorBody,
  TimeoutError,
} from "./errors.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method: HttpMethod;
  /** Path under the client's base URL, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: FormData;
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
  /** Awaited before every attempt, retries included: a client-side rate limiter. */
  beforeAttempt?: (signal?: AbortSignal) => Promise<void>;
}

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

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return own;
  return errorCode((error as { cause?: unknown }).cause);
}

export class HttpClient {
  readonly provider: string;
  private readonly base: URL;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;
  private readonly parseErrorBody: (body: unknown) => ErrorBody;
  private readonly beforeAttempt: ((signal?: AbortSignal) => Promise<void>) | undefined;

  constructor(options: HttpClientOptions) {
    this.provider = options.provider;
    this.base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
    this.pool = new Pool(this.base.origin, { connections: options.connections ?? 16 });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.logger = options.logger;
    this.parseErrorBody = options.parseErrorBody;
    this.beforeAttempt = options.beforeAttempt;
  }

  /** Sends a request, retrying what is safe; resolves with a 2xx response or throws an ApiError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const requestId = randomUUID();
    const operation = `${request.method} ${request.path}`;
    const idempotent = request.idempotent ?? request.method !== "POST";
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request, requestId, operation);
      if (!(outcome instanceof ApiError)) return outcome;
      const mayResend =
        idempotent ||
        // 429 means the server refused the request unprocessed (RFC 6585), and an unsent request did nothing.
        outcome.status === 429 ||
        (outcome instanceof ConnectionError && !outcome.sent);
      const retryable =
        outcome.retryable && (outcome.status === undefined || RETRYABLE_STATUSES.has(outcome.status));
      const waitTooLong = (outcome.retryAfterSeconds ?? 0) > this.retry.maxRetryAfterSeconds;
      if (!mayResend || !retryable || waitTooLong || attempt >= this.retry.maxRetries) throw outcome;
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
    const operation = `${request.method} ${request.path}`;
    let parsed: unknown;
    try {
      parsed = response.text.length === 0 ? null : JSON.parse(response.text);
    } catch {
      throw new ApiError(
        `${this.provider} sent a body that is not JSON for ${operation}`,
        this.fields(operation, response.requestId, response.status),
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
    await this.pool.close();
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

  /** One attempt: a response, or the ApiError describing why it failed (returned, so the caller decides on retry). */
  private async attempt(
    request: HttpRequest,
    requestId: string,
    operation: string,
  ): Promise<HttpResponse | ApiError> {
    request.signal?.throwIfAborted();
    await this.beforeAttempt?.(request.signal);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-request-id": requestId,
      ...request.headers,
    };
    let body: string | FormData | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    } else if (request.form) {
      body = request.form;
    }
    const started = performance.now();
    try {
      const response = await this.pool.request({
        path: this.url(request),
        method: request.method,
        headers,
        body,
        signal,
      });
      const text = await response.body.text();
      const responseHeaders = flattenHeaders(response.headers);
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
      try {
        parsedBody = JSON.parse(text);
      } catch {
        // A non-JSON error body (a proxy's HTML page, say) is passed on as text.
      }
      const retryAfter = parseRetryAfter(responseHeaders["retry-after"]);
      return apiErrorFromResponse(response.statusCode, this.parseErrorBody(parsedBody), {
        provider: this.provider,
        operation,
        requestId,
        ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) {
        return new TimeoutError(
          `${this.provider} did not answer ${operation} within ${this.timeoutMs} ms`,
          this.fields(operation, requestId),
          true,
        );
      }
      const code = errorCode(error);
      const sent = !(code && NOT_SENT_CODES.has(code));
      return new ConnectionError(
        `Could not reach ${this.provider} for ${operation} (${code ?? "connection error"})${sent ? "; the request may have been received" : ""}`,
        { ...this.fields(operation, requestId), ...(code ? { code } : {}) },
        sent,
      );
    }
  }
}
