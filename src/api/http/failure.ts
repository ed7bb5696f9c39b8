/**
 * What an attempt that got no whole answer becomes: a timeout, an answer cut off after its status line,
 * or a connection that failed. Each says whether the request may have reached the service (and so been
 * applied, for a write), which decides whether it may be sent again.
 */
import { type ApiError, ConnectionError, TimeoutError } from "../errors.js";
import { type Exchange, fieldsOf } from "./request.js";

/** Connection failures that prove the request never left this process, so even a POST may be resent. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return own;
  return errorCode((error as { cause?: unknown }).cause);
}

/** How far the attempt got before `error`. */
export interface AttemptState {
  /** The per-attempt timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** The status line, once it was in: a failure after that cut the answer off, not the request. */
  answered: number | undefined;
  /** Body bytes received, and those the Content-Length announced. */
  received: number;
  declared: number | undefined;
  /** A write that fails without a clear refusal may have been applied (the error says so, for the model). */
  unsure: boolean;
}

export function attemptFailure(error: unknown, exchange: Exchange, state: AttemptState): ApiError {
  const { provider, operation } = exchange;
  const { unsure } = state;
  if (state.timedOut) {
    return new TimeoutError(
      `${provider} did not answer ${operation} within ${state.timeoutMs} ms`,
      { ...fieldsOf(exchange), mayHaveApplied: unsure },
      true,
    );
  }
  const code = errorCode(error);
  if (state.answered !== undefined) {
    // The status line arrived, so the request did too; the body stopped short.
    return new ConnectionError(
      `${provider}'s answer to ${operation} was cut off after ${state.received}${state.declared === undefined ? "" : ` of ${state.declared}`} bytes (${code ?? "connection closed"}); the request may have been received`,
      { ...fieldsOf(exchange), ...(code ? { code } : {}), mayHaveApplied: unsure },
      true,
      state.answered,
    );
  }
  const sent = !(code && NOT_SENT_CODES.has(code));
  return new ConnectionError(
    `Could not reach ${provider} for ${operation} (${code ?? "connection error"})${sent ? "; the request may have been received" : ""}`,
    { ...fieldsOf(exchange), ...(code ? { code } : {}), mayHaveApplied: unsure && sent },
    sent,
  );
}
