/**
 * The one error hierarchy for upstream calls. Every failure the api layer reports is an ApiError built
 * by `apiErrorFromResponse` or one of the transport constructors below, so callers (the tool error
 * boundary, retries) branch on a class and `retryable`, never on message text.
 */

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
}

const SECRET_PATTERNS: readonly RegExp[] = [
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  // A quoted value is taken whole (spaces and escaped quotes included), so a passphrase is not cut short.
  /("?(?:password|secret|token|apikey|api_key|accessToken|clientSecret|accountKey|secretKey|key|authorisationCode)"?\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|"?[^",\s}]+"?)/gi,
];

/** The longest message an ApiError carries: upstream details that echo a huge input are cut. */
export const MAX_ERROR_MESSAGE_CHARS = 2_000;

/** Cuts text to `max` characters, saying how much was left out. */
export function capLength(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Removes anything that looks like a credential from text that may be shown to a user or a model. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce(
    (out, pattern) =>
      out.replace(pattern, (_match, prefix?: string) =>
        typeof prefix === "string" ? `${prefix}[redacted]` : "[redacted]",
      ),
    text,
  );
}

/** Field names whose values are credentials, wherever they sit in a structure shown to a user or a model. */
const SECRET_FIELD =
  /^(?:password|adminPassword|secret|clientSecret|microsoftGraphClientSecret|token|accessToken|refreshToken|apiKey|api_key|key|secretKey|accountKey|privateKey|private_key|authorisationCode|authorization)$/i;

/** A copy of `value` with every credential-named field masked, at any depth (arrays included). */
export function maskSecretFields(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => maskSecretFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const masked =
      SECRET_FIELD.test(key) && v !== null && v !== "" ? "********" : maskSecretFields(v, depth + 1);
    Object.defineProperty(out, key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

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
  /** Whether the same call may succeed if made again later. */
  readonly retryable: boolean;

  constructor(message: string, fields: ApiErrorFields, retryable: boolean) {
    // Redacted before it is cut, so a cut can never leave half a secret unrecognised.
    super(capLength(redactSecrets(message), MAX_ERROR_MESSAGE_CHARS));
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
  constructor(message: string, fields: ApiErrorFields, sent: boolean) {
    super(message, fields, true);
    this.sent = sent;
  }
}
export class TimeoutError extends ApiError {}

export interface ErrorBody {
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
  const all: ApiErrorFields = { ...fields, ...body, status };
  const fieldText = Object.entries(body.fieldErrors ?? {})
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(" | ");
  const detail = [body.message, fieldText].filter((part) => part && part.length > 0).join(" — ");
  const message = `${fields.provider} answered ${status} to ${fields.operation}${detail ? `: ${detail}` : ""}`;
  if (status === 401 || status === 403) return new AuthError(message, all, false);
  if (status === 404) return new NotFoundError(message, all, false);
  if (status === 409) return new ConflictError(message, all, true);
  if (status === 429) return new RateLimitError(message, all, true);
  if (status === 400 || status === 422) return new ValidationError(message, all, false);
  if (status === 408) return new TimeoutError(message, all, true);
  if (status >= 500) return new ServerError(message, all, true);
  return new ApiError(message, all, false);
}
