/**
 * How the aspnet profile binds what it is sent, as an ASP.NET Core model binder does: JSON bodies with
 * System.Text.Json's defaults (a property it does not know is dropped; a known one with a value of the
 * wrong type, or a required one missing, is a 400 naming it), integer enums, nullable optionals,
 * query parameters by name, and multipart forms.
 */
import { z } from "zod";
import type { SimRequest, SimResponse } from "../../http-server.js";
import { problem } from "../../problems.js";
import type { CloudMContext } from "../context.js";
import { findProject } from "../lookup.js";
import type { SimProject } from "../model.js";
import { ENUMS, type EnumName } from "./enums.js";

export const guid = z.guid();

/** An integer enum property; the message lists what each number means. */
export function enumInput(name: EnumName) {
  const names = ENUMS[name] as readonly string[];
  return z
    .number()
    .int()
    .min(0, `Expected one of ${names.map((n, i) => `${i} (${n})`).join(", ")}`)
    .max(names.length - 1, `Expected one of ${names.map((n, i) => `${i} (${n})`).join(", ")}`);
}

export type Bound<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

const required = (name: string): SimResponse =>
  problem(400, `${name} is required`, { [name]: [`The ${name} field is required.`] });

const invalid = (name: string, value: string, expected: string): SimResponse =>
  problem(400, `The value '${value}' is not valid for ${name}`, {
    [name]: [`The value '${value}' is not valid. Expected ${expected}.`],
  });

/** A required query parameter holding a GUID. */
export function guidQuery(query: URLSearchParams, name: string): Bound<string> {
  const value = query.get(name);
  if (!value) return { ok: false, response: required(name) };
  return guid.safeParse(value).success
    ? { ok: true, value }
    : { ok: false, response: invalid(name, value, "a GUID") };
}

/** An optional query parameter holding a GUID; undefined when absent. */
export function optionalGuidQuery(query: URLSearchParams, name: string): Bound<string | undefined> {
  return query.get(name) ? guidQuery(query, name) : { ok: true, value: undefined };
}

/** The project the required `projectId` query parameter names (400 when absent or no GUID, 404 when unknown). */
export function projectFromQuery(ctx: CloudMContext, query: URLSearchParams): Bound<SimProject> {
  const projectId = guidQuery(query, "projectId");
  return projectId.ok ? findProject(ctx, projectId.value) : projectId;
}

/** A whole-number query parameter within [min, max]; `fallback` when absent (undefined: required). */
export function intQuery(
  query: URLSearchParams,
  name: string,
  range: { min: number; max: number; fallback?: number },
): Bound<number> {
  const value = query.get(name);
  if (value === null || value === "")
    return range.fallback === undefined
      ? { ok: false, response: required(name) }
      : { ok: true, value: range.fallback };
  const n = Number(value);
  return Number.isInteger(n) && n >= range.min && n <= range.max
    ? { ok: true, value: n }
    : { ok: false, response: invalid(name, value, `a whole number from ${range.min} to ${range.max}`) };
}

/** A true/false query parameter; `fallback` when absent. */
export function boolQuery(query: URLSearchParams, name: string, fallback: boolean): Bound<boolean> {
  const value = query.get(name);
  if (value === null || value === "") return { ok: true, value: fallback };
  return /^(true|false)$/i.test(value)
    ? { ok: true, value: value.toLowerCase() === "true" }
    : { ok: false, response: invalid(name, value, "true or false") };
}

/** A multipart/form-data body: its text fields and its files' text, by field name. */
export async function readForm(
  request: SimRequest,
): Promise<Bound<{ fields: Map<string, string>; files: Map<string, string> }>> {
  const contentType = request.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data"))
    return {
      ok: false,
      response: problem(415, "Send the body as multipart/form-data (IFormFile), not as JSON"),
    };
  let form: FormData;
  try {
    form = await new Request("http://simulator/form", {
      method: "POST",
      headers: { "content-type": contentType },
      body: request.body,
    }).formData();
  } catch (error) {
    return {
      ok: false,
      response: problem(400, "The multipart body cannot be read", { $: [(error as Error).message] }),
    };
  }
  const fields = new Map<string, string>();
  const files = new Map<string, string>();
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") fields.set(name, value);
    else files.set(name, await value.text());
  }
  return { ok: true, value: { fields, files } };
}
