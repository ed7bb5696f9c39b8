/**
 * Reading an upstream's answer: the body up to the size cap, the headers as plain strings, an error
 * status turned into the ApiError hierarchy, and a 2xx body parsed as JSON and checked with a schema.
 * Each way an answer is not what an API sends is named (empty, cut off, enormous, not JSON, an
 * unexpected shape), and a proxy's HTML page only by its title, so it never reaches a model whole.
 */
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { ApiError, apiErrorFromResponse, ConnectionError, type ErrorBody } from "../errors.js";
import { quoted } from "../quoted.js";
import { type Exchange, fieldsOf, type HttpResponse } from "./request.js";
import { parseRetryAfter } from "./retry.js";

export function flattenHeaders(raw: Dispatcher.ResponseData["headers"]): Record<string, string> {
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

/**
 * Reads a body up to `limit` bytes; undefined when it is larger (refused by its Content-Length before
 * reading, or abandoned as soon as the limit is passed). Stream errors (a cut connection) propagate.
 */
export async function readCapped(
  body: Dispatcher.ResponseData["body"],
  declared: number | undefined,
  limit: number,
  progress: (bytes: number) => void,
): Promise<Buffer | undefined> {
  if (declared !== undefined && declared > limit) {
    body.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    progress(size);
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

/** An answer over the size cap, left unread; `unsure`: the request was a write that may have been applied. */
export function tooLarge(exchange: Exchange, status: number, limit: number, unsure: boolean): ApiError {
  const mayHaveApplied = unsure
    ? "; the request itself reached the service and may have been applied: check before repeating it"
    : "";
  return new ApiError(
    `${exchange.provider} sent an answer over ${formatBytes(limit)} to ${exchange.operation} (status ${status}); it was too large and was not read. Ask for less (a smaller page or a filter), or have the server's operator raise MIGRATE_MCP_MAX_RESPONSE_MB${mayHaveApplied}`,
    { ...fieldsOf(exchange, status), code: "response_too_large" },
    false,
  );
}

/** The ApiError for an error status (400 and up), from its body as the provider words errors. */
export function errorFromAnswer(
  status: number,
  text: string,
  headers: Record<string, string>,
  parseErrorBody: (body: unknown) => ErrorBody,
  exchange: Exchange,
  unsure: boolean,
): ApiError {
  let parsedBody: unknown = text;
  let html: string | undefined;
  try {
    parsedBody = JSON.parse(text);
  } catch {
    // A non-JSON error body is passed on as text; a proxy's HTML page only by its title.
    html = describeHtml(text, headers["content-type"]);
  }
  const retryAfter = parseRetryAfter(headers["retry-after"]);
  const refused = status < 500 && status !== 408;
  return apiErrorFromResponse(
    status,
    html
      ? { description: `${html} instead of JSON (a proxy or gateway answered?)` }
      : { ...parseErrorBody(parsedBody), empty: text.trim().length === 0 },
    {
      provider: exchange.provider,
      operation: exchange.operation,
      requestId: exchange.requestId,
      ...(unsure && !refused ? { mayHaveApplied: true } : {}),
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    },
  );
}

/** A 2xx answer's body parsed as JSON and checked with `schema`; `unsure` as for tooLarge. */
export function parseJsonAnswer<T extends z.ZodType>(
  response: HttpResponse,
  schema: T,
  exchange: Exchange,
  unsure: boolean,
): z.infer<T> {
  const fields = fieldsOf(exchange, response.status);
  const { provider, operation } = exchange;
  // An answer that is empty or ends early lost its content on the way: like a dropped connection after
  // sending, the request may have been applied, and a read may simply be asked again.
  const lost = (what: string) =>
    new ConnectionError(
      `${provider} ${what} for ${operation}; the request may have been received`,
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
        `${provider} sent ${html} instead of JSON for ${operation}: the configured URL may lead to a web page, a proxy or a sign-in page rather than the API`,
        { ...fields, code: "not_json" },
        false,
      );
    const text = response.text.trimStart();
    if (/^[[{]/.test(text) && /end of JSON input|Unterminated/i.test((error as Error).message))
      throw lost(`sent JSON that was cut off after ${Buffer.byteLength(response.text)} bytes`);
    throw new ApiError(
      `${provider} sent a body that is not JSON for ${operation}`,
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
      `${provider} answered ${operation} with an unexpected shape (${where}); the API schema in src/api may need updating for this instance`,
      { ...fields, code: "unexpected_response" },
      false,
    );
  }
  return result.data;
}
