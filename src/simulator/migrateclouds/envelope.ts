/**
 * The MigrateClouds envelopes (`{status: "success", data}` and `{status: "error", error: {code,
 * message, details}}`) and the request parsing every route shares, so each refusal names its field.
 */
import type { z } from "zod";
import type { SimRequest, SimResponse } from "../http-server.js";
import { type ErrorCode, SERVICES, type Service, serviceSpelling } from "./wire.js";

export function success(data: unknown, status = 200): SimResponse {
  return { status, body: { status: "success", data } };
}

export function failure(
  status: number,
  code: ErrorCode,
  message: string,
  details: unknown = null,
): SimResponse {
  return { status, body: { status: "error", error: { code, message, details } } };
}

/**
 * The code for a status the shared plumbing answers by itself (unknown route, wrong method, oversized
 * body, injected faults). The envelope has no code for 405 or 413, so they read as invalid_parameter.
 */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_denied";
  if (status === 404) return "resource_not_found";
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "service_error";
  return "invalid_parameter";
}

/** 400 invalid_parameter in the overview's words: "The 'path' parameter is invalid" + details. */
export function invalidParameter(field: string, details: string): SimResponse {
  return failure(400, "invalid_parameter", `The '${field}' parameter is invalid`, details);
}

/** The service a request names, or the 400 naming `field`. */
export function serviceParameter(name: string, field: string): Service | SimResponse {
  const service = serviceSpelling(name);
  return (SERVICES as readonly string[]).includes(service)
    ? (service as Service)
    : invalidParameter(field, `${field}: unknown service '${name}'; expected one of ${SERVICES.join(", ")}`);
}

export function notFound(message: string, details: string | null = null): SimResponse {
  return failure(404, "resource_not_found", message, details);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A 400 naming every field zod refused; `details` reads "field: reason; other: reason". */
export function zodFailure(error: z.ZodError, input: unknown): SimResponse {
  const problems: Array<[string, string]> = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        problems.push([[...issue.path, key].join("."), "not a parameter of this endpoint"]);
    } else {
      problems.push([
        issue.path.join(".") || "body",
        valueAt(input, issue.path) === undefined ? "required" : issue.message,
      ]);
    }
  }
  const fields = [...new Set(problems.map(([field]) => field))];
  const message =
    fields.length === 1
      ? `The '${fields[0]}' parameter is invalid`
      : `The ${fields.map((f) => `'${f}'`).join(", ")} parameters are invalid`;
  return failure(
    400,
    "invalid_parameter",
    message,
    problems.map(([field, reason]) => `${field}: ${reason}`).join("; "),
  );
}

/** Tells a refusal from a value in `T | SimResponse` results (values are never envelopes). */
export function isResponse(value: unknown): value is SimResponse {
  return typeof value === "object" && value !== null && "status" in value && "body" in value;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

export function parseWith<T extends z.ZodType>(schema: T, input: unknown): Parsed<z.infer<T>> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: zodFailure(result.error, input) };
}

/** The request body as a JSON object, or undefined when there is none. */
export function jsonObjectBody(request: SimRequest): Parsed<Record<string, unknown> | undefined> {
  const text = request.body.toString("utf8");
  if (text.trim() === "") return { ok: true, value: undefined };
  const type = request.headers["content-type"];
  if (!type?.toLowerCase().includes("application/json"))
    return {
      ok: false,
      response: invalidParameter("body", "body: send JSON with 'Content-Type: application/json'"),
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: invalidParameter("body", `body: not valid JSON (${(error as Error).message})`),
    };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    return { ok: false, response: invalidParameter("body", "body: expected a JSON object") };
  return { ok: true, value: json as Record<string, unknown> };
}

/** A JSON body parsed with one of the contract's schemas; a missing body is refused like an empty one. */
export function parseJsonBody<T extends z.ZodType>(request: SimRequest, schema: T): Parsed<z.infer<T>> {
  const body = jsonObjectBody(request);
  if (!body.ok) return body;
  return parseWith(schema, body.value ?? {});
}

/** Query parameters as an object; a parameter given twice is refused rather than silently picked. */
export function queryObject(query: URLSearchParams): Parsed<Record<string, string>> {
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (seen.has(name))
      return { ok: false, response: invalidParameter(name, `${name}: given more than once`) };
    seen.add(name);
  }
  // fromEntries makes own properties, so a parameter named `__proto__` is just refused as unknown.
  return { ok: true, value: Object.fromEntries(query) };
}

/** For endpoints that take no query parameters: names the first one given. */
export function noQuery(query: URLSearchParams): SimResponse | undefined {
  for (const name of query.keys()) return invalidParameter(name, `${name}: not a parameter of this endpoint`);
  return undefined;
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
