/**
 * The one HTTP layer: every upstream request of every provider goes through `HttpClient.send`.
 * One pooled undici dispatcher per upstream; a timeout per attempt, tied to the caller's abort signal;
 * retries of what is safe to repeat (the policy in http/retry.ts); answers read up to a size cap and
 * errors mapped to the ApiError hierarchy (http/answer.ts, and http/failure.ts for attempts that got no
 * whole answer). What a request is, and how it is named, is http/request.ts.
 */
import { randomUUID } from "node:crypto";
import { getMaxListeners, setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Pool } from "undici";
import type { z } from "zod";
import { ApiError, type ErrorBody } from "./errors.js";
import { errorFromAnswer, flattenHeaders, parseJsonAnswer, readCapped, tooLarge } from "./http/answer.js";
import { attemptFailure } from "./http/failure.js";
import {
  encodeBody,
  type Exchange,
  type HttpRequest,
  type HttpResponse,
  isIdempotent,
  operationOf,
} from "./http/request.js";
import {
  DEFAULT_RETRY,
  mayHaveActed,
  probablyApplied,
  type RetryPolicy,
  retryDelayMs,
  shouldRetry,
} from "./http/retry.js";

export type { HttpMethod, HttpRequest, HttpResponse, QueryValue } from "./http/request.js";
export { parseRetryAfter, type RetryPolicy, retryDelayMs } from "./http/retry.js";

/** Called when an attempt ends, answered or not. */
export type AttemptEnded = () => void;

/** How many requests may wait on one caller's signal at once before Node warns of a leak. */
const SHARED_SIGNAL_LISTENERS = 64;

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
      const outcome = await this.attempt(request, { provider: this.provider, operation, requestId });
      if (!(outcome instanceof ApiError)) return outcome;
      if (
        earlierMayHaveApplied &&
        request.method !== "GET" &&
        (outcome.status === 404 || outcome.status === 409)
      )
        throw probablyApplied(outcome, this.provider, operation);
      earlierMayHaveApplied ||= mayHaveActed(outcome);
      if (!shouldRetry(outcome, idempotent, attempt, this.retry)) throw outcome;
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
    return (await this.datedJson(request, schema)).value;
  }

  /**
   * `json`, with when the service says it answered (its Date header, by its own clock): figures it
   * dates by that clock (a run's start) are measured against it, not against ours.
   */
  async datedJson<T extends z.ZodType>(
    request: HttpRequest,
    schema: T,
  ): Promise<{ value: z.infer<T>; answeredAt: number | undefined }> {
    const response = await this.send(request);
    const exchange = {
      provider: this.provider,
      operation: operationOf(request),
      requestId: response.requestId,
    };
    const date = Date.parse(response.headers.date ?? "");
    return {
      value: parseJsonAnswer(response, schema, exchange, !isIdempotent(request)),
      answeredAt: Number.isNaN(date) ? undefined : date,
    };
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

  private url(request: HttpRequest): string {
    const url = new URL(request.path.replace(/^\//, ""), this.base);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return `${url.pathname}${url.search}`;
  }

  /** One attempt: a response, or the ApiError describing why it failed (returned, so the caller decides on retry). */
  private async attempt(request: HttpRequest, exchange: Exchange): Promise<HttpResponse | ApiError> {
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
      "x-request-id": exchange.requestId,
      ...request.headers,
    };
    const { body, contentType } = encodeBody(request);
    if (contentType !== undefined) headers["content-type"] = contentType;
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
      const raw = await readCapped(response.body, declared, this.maxResponseBytes, (n) => {
        received = n;
      });
      if (raw === undefined) return tooLarge(exchange, response.statusCode, this.maxResponseBytes, unsure);
      const text = raw.toString("utf8");
      this.logger.debug(
        {
          ...exchange,
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "upstream response",
      );
      if (response.statusCode < 400)
        return { status: response.statusCode, headers: responseHeaders, text, requestId: exchange.requestId };
      return errorFromAnswer(
        response.statusCode,
        text,
        responseHeaders,
        this.parseErrorBody,
        exchange,
        unsure,
      );
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      return attemptFailure(error, exchange, {
        timedOut,
        timeoutMs: this.timeoutMs,
        answered,
        received,
        declared,
        unsure,
      });
    } finally {
      ended?.();
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  }
}
