/**
 * The retry policy: which failed attempts are sent again (only what is safe to repeat, and only
 * failures that may pass), how long to wait first (Retry-After when upstream gave one, else capped
 * exponential backoff with equal jitter), and what a resend refused as already done means.
 */
import { ApiError, ConnectionError } from "../errors.js";

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 asking for a longer wait than this is returned to the caller instead of waited out. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 4_000,
  maxRetryAfterSeconds: 30,
};

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether `outcome`, the failure of attempt `attempt` (0-based), is tried again: the request may be
 * resent, the failure may pass, upstream's wait is not too long, and retries remain.
 */
export function shouldRetry(
  outcome: ApiError,
  idempotent: boolean,
  attempt: number,
  policy: RetryPolicy,
): boolean {
  const mayResend =
    idempotent ||
    // 429 means the server refused the request unprocessed (RFC 6585), and an unsent request did nothing.
    outcome.status === 429 ||
    (outcome instanceof ConnectionError && !outcome.sent);
  const retryable =
    outcome.retryable && (outcome.status === undefined || RETRYABLE_STATUSES.has(outcome.status));
  const waitTooLong = (outcome.retryAfterSeconds ?? 0) > policy.maxRetryAfterSeconds;
  return mayResend && retryable && !waitTooLong && attempt < policy.maxRetries;
}

/** A 5xx, a timeout or a connection lost after sending: the service may have acted on the request. */
export function mayHaveActed(outcome: ApiError): boolean {
  return outcome.status === undefined
    ? !(outcome instanceof ConnectionError && !outcome.sent)
    : outcome.status >= 500;
}

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

/** A resend refused as already done, after an attempt whose answer was lost: the first one applied it. */
export function probablyApplied(refusal: ApiError, provider: string, operation: string): ApiError {
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
