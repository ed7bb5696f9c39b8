/**
 * The one error hierarchy for upstream calls. Every failure the api layer reports is an ApiError built
 * by `apiErrorFromResponse` or one of the transport constructors below, so callers (the tool error
 * boundary, retries) branch on a class and `retryable`, never on message text.
 */
import { quoted } from "./quoted.js";
import { redactAndCap } from "./secrets.js";

export interface ApiErrorFields {
  /** Which upstream answered ("CloudM Migrate", "MigrateClouds"). */
  provider: string;
  /** HTTP method and path, never the query string (it may carry ids a user did not mean to share, never secrets). */
  operation: string;
  status?: number;
  /** Upstream error code (problem `type`/`title`, MigrateClouds `error.code`). */
  code?: string;
  /** Our `x-request-id`, and the upstream trace id when it sent one. */
  requestId?: string;
  traceId?: string;
  /** Field-level validation messages, keyed by field name as upstream named it. */
  fieldErrors?: Record<string, string[]>;
  /** Seconds upstream asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /**
   * A request that changes state failed in a way that does not prove it was refused (5xx, timeout, lost
   * answer): it may have been applied, so it was not resent and must not be repeated blindly.
   */
  mayHaveApplied?: boolean;
  /**
   * A resent write was refused as already done (404 after a DELETE, 409 after a create) while the first
   * attempt's answer was lost: the first attempt most likely applied it.
   */
  probablyApplied?: boolean;
}

/** The longest message an ApiError carries: upstream details that echo a huge input are cut. */
export const MAX_ERROR_MESSAGE_CHARS = 2_000;

export class ApiError extends Error {
  readonly provider: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
  readonly fieldErrors: Record<string, string[]>;
  readonly retryAfterSeconds: number | undefined;
  readonly mayHaveApplied: boolean;
  readonly probablyApplied: boolean;
  /** Whether the same call may succeed if made again later. */
  readonly retryable: boolean;

  constructor(message: string, fields: ApiErrorFields, retryable: boolean) {
    // Redacted before it is cut, so a cut can never leave half a secret unrecognised.
    super(redactAndCap(message, MAX_ERROR_MESSAGE_CHARS));
    this.name = new.target.name;
    this.provider = fields.provider;
    this.operation = fields.operation;
    this.status = fields.status;
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.traceId = fields.traceId;
    this.fieldErrors = fields.fieldErrors ?? {};
    this.retryAfterSeconds = fields.retryAfterSeconds;
    this.mayHaveApplied = fields.mayHaveApplied ?? false;
    this.probablyApplied = fields.probablyApplied ?? false;
    this.retryable = retryable;
  }
}

/** 401/403, wrong credentials, a password that must be reset, an expired token that cannot be renewed. */
export class AuthError extends ApiError {}
export class NotFoundError extends ApiError {}
/** 400/422: the request was wrong; `fieldErrors` says which field. */
export class ValidationError extends ApiError {}
/** 409: the target is in a state that does not allow this now (already running, report not ready). */
export class ConflictError extends ApiError {}
export class RateLimitError extends ApiError {}
export class ServerError extends ApiError {}
/** The connection failed or dropped; `sent` says whether the request may have reached the server. */
export class ConnectionError extends ApiError {
  readonly sent: boolean;
  /** The status line that arrived before the body was cut off, if one did. */
  readonly answeredStatus: number | undefined;
  constructor(message: string, fields: ApiErrorFields, sent: boolean, answeredStatus?: number) {
    super(message, fields, true);
    this.sent = sent;
    this.answeredStatus = answeredStatus;
  }
}
export class TimeoutError extends ApiError {}
/**
 * The instance has no such route (404 with no body, as ASP.NET routing answers; 405; 501; or a path its
 * own OpenAPI document does not list): a different fix from "no object with that id".
 */
export class RouteMissingError extends ApiError {}

/**
 * A refusal of the request's format (415, or a 400 saying the body is not JSON, not multipart...): the
 * caller's arguments were not the problem, and a 4xx applied nothing, so another format may be tried.
 */
export function isFormatRefusal(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 415) return true;
  if (error.status !== 400) return false;
  const said = [error.message, ...Object.values(error.fieldErrors).flat()].join(" ");
  return /not (valid )?json|invalid start of a value|content[- ]type|media type|multipart|form-data|unsupported format/i.test(
    said,
  );
}

export interface ErrorBody {
  /** The answer had no body at all. */
  empty?: boolean;
  /** Our own account of a body that carries no message of the upstream's (a proxy's HTML page). */
  description?: string;
  code?: string;
  message?: string;
  traceId?: string;
  fieldErrors?: Record<string, string[]>;
}

/** Builds the ApiError subclass for an HTTP error status. */
export function apiErrorFromResponse(
  status: number,
  body: ErrorBody,
  fields: Omit<ApiErrorFields, "status">,
): ApiError {
  const { empty, description, ...details } = body;
  const all: ApiErrorFields = { ...fields, ...details, status };
  const fieldText = Object.entries(body.fieldErrors ?? {})
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(" | ");
  const detail = [body.message, fieldText].filter((part) => part && part.length > 0).join(" — ");
  // The upstream's words are data: quoted, so they cannot pass for ours.
  const said = [detail ? quoted(detail, MAX_ERROR_MESSAGE_CHARS) : "", description ?? ""].filter(Boolean);
  const message = `${fields.provider} answered ${status} to ${fields.operation}${said.length > 0 ? `: ${said.join(" ")}` : ""}`;
  if ((status === 404 && empty) || status === 405 || status === 501)
    return new RouteMissingError(
      `This ${fields.provider} instance has no route ${fields.operation} (it answered ${status}${empty ? " with no body" : ""})`,
      all,
      false,
    );
  if (status === 401 || status === 403) return new AuthError(message, all, false);
  if (status === 404) return new NotFoundError(message, all, false);
  if (status === 409) return new ConflictError(message, all, true);
  if (status === 429) return new RateLimitError(message, all, true);
  if (status === 400 || status === 422) return new ValidationError(message, all, false);
  if (status === 408) return new TimeoutError(message, all, true);
  if (status >= 500) return new ServerError(message, all, true);
  return new ApiError(message, all, false);
}
