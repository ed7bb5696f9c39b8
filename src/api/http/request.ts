/**
 * What one upstream request is (method, path, query, body, whether sending it twice is harmless) and
 * what its answer is; how messages and logs name it, and the fields every error about it carries.
 */
import type { FormData } from "undici";
import type { ApiErrorFields } from "../errors.js";

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

/** Who was asked what: named by every log line and error about one request. */
export interface Exchange {
  provider: string;
  /** `METHOD path` (operationOf). */
  operation: string;
  /** Our `x-request-id`. */
  requestId: string;
}

/** `METHOD path` for messages and logs; an absurdly long path (a 1 MB id) is cut, not repeated whole. */
export function operationOf(request: HttpRequest): string {
  const path =
    request.path.length > 200
      ? `${request.path.slice(0, 160)}…(${request.path.length} characters)`
      : request.path;
  return `${request.method} ${path}`;
}

export const isIdempotent = (request: HttpRequest): boolean =>
  request.idempotent ?? request.method !== "POST";

export function fieldsOf(exchange: Exchange, status?: number): ApiErrorFields {
  return {
    provider: exchange.provider,
    operation: exchange.operation,
    requestId: exchange.requestId,
    ...(status === undefined ? {} : { status }),
  };
}

/** The request's body as sent, and the content type it declares (none for multipart: undici sets it). */
export function encodeBody(request: HttpRequest): {
  body: string | FormData | undefined;
  contentType: string | undefined;
} {
  if (request.json !== undefined)
    return { body: JSON.stringify(request.json), contentType: "application/json" };
  if (request.form instanceof URLSearchParams)
    return { body: request.form.toString(), contentType: "application/x-www-form-urlencoded" };
  return { body: request.form, contentType: undefined };
}
