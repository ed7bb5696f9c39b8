/**
 * What the doctor makes of an upstream call: whether the upstream was reached at all, and for a call
 * that failed, a failed check saying what went wrong and which setting or step fixes it.
 */
import {
  ApiError,
  AuthError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../api/errors.js";
import { redactSecrets } from "../api/secrets.js";
import { type Check, fail, ok } from "./check.js";

export interface Upstream {
  /** As the report names it: "CloudM", "MigrateClouds". */
  subject: string;
  url: string;
  /** The setting that holds the URL ("CLOUDM_URL"), for fixes. */
  urlSetting: string;
  simulator: boolean;
  /** What to change when the credentials are refused. */
  credentialsFix: string;
  /** What to change when the credentials are good but not allowed to make the call (403). */
  permissionFix: string;
}

export type Attempt<T> = { ms: number } & ({ ok: true; value: T } | { ok: false; error: unknown });

/** Runs a call, timing it, and keeps its failure as a value: the checks decide what it means. */
export async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const value = await call();
    return { ok: true, value, ms: ms() };
  } catch (error) {
    return { ok: false, error, ms: ms() };
  }
}

/**
 * The error of a call that failed before any HTTP answer came back, else undefined: a status, even a
 * refusal, would prove the address right.
 */
function unreachedBy(error: unknown): ApiError | undefined {
  return error instanceof ConnectionError || (error instanceof TimeoutError && error.status === undefined)
    ? error
    : undefined;
}

// Node's and undici's codes for a certificate this machine does not accept.
const TLS_CODE = /CERT|SSL|TLS|SIGNATURE/i;
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN"]);

function unreachable(error: ApiError, upstream: Upstream): Check {
  const { subject, url, urlSetting } = upstream;
  const code = error.code;
  if (code && TLS_CODE.test(code))
    return fail(
      subject,
      `cannot reach ${url}: its TLS certificate is not accepted (${code})`,
      `check ${urlSetting}; if the instance's certificate is signed by your own CA, point NODE_EXTRA_CA_CERTS at that CA's certificate, otherwise fix the certificate`,
    );
  if (code && DNS_CODES.has(code))
    return fail(
      subject,
      `cannot reach ${url}: the host name does not resolve (${code})`,
      `check ${urlSetting} for a typo, and that this machine's DNS knows the host`,
    );
  const detail =
    code === "ECONNREFUSED"
      ? "connection refused (ECONNREFUSED): nothing listens at that host and port"
      : error.message;
  return fail(
    subject,
    `cannot reach ${url}: ${detail}`,
    `check ${urlSetting} and that this machine can reach it (firewall, proxy, VPN)`,
  );
}

/**
 * The reach line for an upstream's first call: ok when anything answered (with the status when it was
 * a refusal), failed with a fix when nothing did.
 */
export function reachCheck(upstream: Upstream, first: Attempt<unknown>): Check {
  const lost = first.ok ? undefined : unreachedBy(first.error);
  if (lost) return unreachable(lost, upstream);
  const where = upstream.simulator ? `the SIMULATOR at ${upstream.url}` : upstream.url;
  const status = !first.ok && first.error instanceof ApiError ? first.error.status : undefined;
  return ok(
    upstream.subject,
    `reached ${where} (${status === undefined ? "" : `HTTP ${status}, `}${first.ms} ms)`,
  );
}

/** A failed check for an error thrown by `doing` (a phrase: "reading the licence"). */
export function explainFailure(error: unknown, upstream: Upstream, doing: string): Check {
  const { subject, urlSetting } = upstream;
  if (!(error instanceof ApiError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(subject, `${doing} failed unexpectedly: ${redactSecrets(detail)}`);
  }
  const lost = unreachedBy(error);
  if (lost) return unreachable(lost, upstream);
  const failed = `${doing} failed: ${error.message}`;
  if (error instanceof AuthError)
    return fail(subject, failed, error.status === 403 ? upstream.permissionFix : upstream.credentialsFix);
  if (error.code === "not_json")
    return fail(
      subject,
      failed,
      `${urlSetting} must be the API's base address, not a web page or a sign-in page in front of it`,
    );
  if (error.code === "unexpected_response")
    return fail(
      subject,
      failed,
      "the instance answers in a shape this version of migrate-mcp does not expect: update migrate-mcp, or report it with the instance's version",
    );
  if (error instanceof NotFoundError)
    return fail(
      subject,
      failed,
      `check that ${urlSetting} is the base address, with no extra path; an older instance may lack this endpoint`,
    );
  if (error instanceof RateLimitError)
    return fail(
      subject,
      failed,
      "wait a minute and run doctor again; if it persists, something else is using the same account or key heavily",
    );
  if (error instanceof ServerError)
    return fail(
      subject,
      failed,
      "the service (or a proxy in front of it) failed on its side: check that it is healthy, then run doctor again",
    );
  return fail(subject, failed);
}
