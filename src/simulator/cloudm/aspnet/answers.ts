/**
 * How the aspnet profile answers: every JSON answer inside CloudM's result envelope
 * (`ActionResult<T>`), creates as 201, accepted work as 202, saves as 204, and the full profile's
 * problem details passed on with field names translated into this profile's.
 */
import { emptyResponse, type SimResponse } from "../../http-server.js";

/** CloudM's `ActionResult<T>`: `{ status: { success, message }, value, success }`. */
export function envelope(value: unknown) {
  return { status: { success: true, message: null }, value, success: true };
}

export function ok(value: unknown): SimResponse {
  return { status: 200, body: envelope(value) };
}

/** `CreatedAtAction`: the envelope of what was made, and where to read it. */
export function created(value: unknown, location: string): SimResponse {
  return { status: 201, headers: { location }, body: envelope(value) };
}

/** `Created` with no body; the Location header says where the new object reads, when it has a read. */
export function createdEmpty(location?: string): SimResponse {
  return emptyResponse(201, location === undefined ? {} : { location });
}

/** `Accepted`: the work goes on in the background; a tiny envelope when the caller needs an id. */
export function accepted(value?: unknown, location?: string): SimResponse {
  const headers: Record<string, string> = location === undefined ? {} : { location };
  return value === undefined ? emptyResponse(202, headers) : { status: 202, headers, body: envelope(value) };
}

export const noContent = (): SimResponse => emptyResponse(204);

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A problem from a full-profile handler, its field names translated (keys of `errors`, whole words
 * of `detail`), so a 400 names the field the caller of this profile actually sent.
 */
export function translatedProblem(
  response: SimResponse,
  names: Readonly<Record<string, string>>,
): SimResponse {
  const body = response.body;
  if (typeof body !== "object" || body === null) return response;
  const rename = (text: string) =>
    Object.entries(names).reduce(
      (out, [from, to]) => out.replace(new RegExp(`\\b${escaped(from)}\\b`, "g"), to),
      text,
    );
  const copy: Record<string, unknown> = { ...body };
  if (typeof copy.detail === "string") copy.detail = rename(copy.detail);
  if (typeof copy.errors === "object" && copy.errors !== null)
    copy.errors = Object.fromEntries(Object.entries(copy.errors).map(([key, value]) => [rename(key), value]));
  return { ...response, body: copy };
}
