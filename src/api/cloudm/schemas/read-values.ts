/**
 * The primitives every reader of instance answers is built from: values by any of several names,
 * numbers and ids whether sent as text or numbers, result envelopes, and lists in any envelope.
 * None of them throws: what is not there is undefined.
 */
import { z } from "zod";
import type { EnumKind, Vocabulary } from "../vocabulary.js";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether an object's names are PascalCase: a serializer cases every name one way, so its first tells. */
function isPascalCase(value: Json): boolean {
  for (const key in value) return key[0] !== undefined && key[0] !== key[0].toLowerCase();
  return false;
}

/** The first of `names` that `value` has (not null), matched exactly, then in any case. */
export function field(value: unknown, names: readonly string[]): unknown {
  if (!isObject(value)) return undefined;
  for (const name of names) {
    const found = value[name];
    if (found !== undefined && found !== null) return found;
  }
  // System.Text.Json and Newtonsoft may both be configured to keep PascalCase names.
  if (!isPascalCase(value)) return undefined;
  for (const name of names) {
    const wanted = name.toLowerCase();
    for (const key in value) {
      const found = value[key];
      if (key.toLowerCase() === wanted && found !== undefined && found !== null) return found;
    }
  }
  return undefined;
}

/**
 * The last resort of a reader: the first field whose name says what it holds (`importedItemsCount`
 * for "imported") and whose value `accept`s, when none of the names it knows is there.
 */
export function fieldByMeaning(
  value: unknown,
  says: RegExp,
  accept: (found: unknown) => boolean,
  unless?: RegExp,
): unknown {
  if (!isObject(value)) return undefined;
  for (const [key, found] of Object.entries(value))
    if (says.test(key) && !unless?.test(key) && accept(found)) return found;
  return undefined;
}

const text = z.string().optional().catch(undefined);
const number = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\s*-?\d+(\.\d+)?\s*%?\s*$/)
      .transform((v) => Number(v.replace("%", ""))),
  ])
  .optional()
  .catch(undefined);
const boolean = z
  .union([
    z.boolean(),
    z.enum(["true", "false", "True", "False"]).transform((v) => v.toLowerCase() === "true"),
  ])
  .optional()
  .catch(undefined);
export const record = z.record(z.string(), z.unknown()).catch({});

export function readString(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return text.parse(value);
}
export const readNumber = (value: unknown): number | undefined => number.parse(value);
export const readBoolean = (value: unknown): boolean | undefined => boolean.parse(value);

/** An id: a string, or a number given as either. */
export function readId(value: unknown): string | undefined {
  const id = readString(value);
  return id !== undefined && id.trim() !== "" ? id : undefined;
}

/** A positive integer id (connections), from a number or a numeric string. */
export function readIntegerId(value: unknown): number | undefined {
  const id = readNumber(value);
  return id !== undefined && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** An enum value, named by the vocabulary; `reported` keeps what the instance sent when it could not be. */
export interface EnumValue {
  name: string | undefined;
  reported: string | undefined;
}

export function readEnum(vocabulary: Vocabulary, kind: EnumKind, value: unknown): EnumValue {
  const reported = isObject(value) || Array.isArray(value) ? undefined : readString(value);
  return { name: vocabulary.enumName(kind, value), reported };
}

// ---------------------------------------------------------------- result envelopes

/** The payload of a result envelope, under whichever of these names the instance uses. */
const PAYLOAD_KEYS = ["value", "data", "result", "payload"] as const;
const FLAG_KEYS = ["success", "succeeded", "isSuccess", "isSucceeded"] as const;
/** An envelope holds nothing but its payload, its flags and its messages. */
const ENVELOPE_KEYS = new Set(
  [
    ...PAYLOAD_KEYS,
    ...FLAG_KEYS,
    "status",
    "statusCode",
    "message",
    "messages",
    "errors",
    "error",
    "notification",
    "isFailure",
  ].map((key) => key.toLowerCase()),
);

export type Unwrapped = { ok: true; value: unknown } | { ok: false; message: string | undefined };

function envelopeFailed(raw: Json): boolean {
  const flag = readBoolean(field(raw, FLAG_KEYS));
  const status = field(raw, ["status"]);
  const statusFlag = isObject(status) ? readBoolean(field(status, FLAG_KEYS)) : undefined;
  return flag === false || statusFlag === false || readBoolean(field(raw, ["isFailure"])) === true;
}

function envelopeMessage(raw: Json): string | undefined {
  const status = field(raw, ["status"]);
  const error = field(raw, ["error"]);
  const errors = field(raw, ["errors", "messages"]);
  return (
    readString(isObject(status) ? field(status, ["message"]) : undefined) ??
    readString(field(raw, ["message"])) ??
    readString(isObject(error) ? field(error, ["message"]) : error) ??
    (Array.isArray(errors) ? errors.map((e) => readString(e) ?? JSON.stringify(e)).join("; ") : undefined)
  );
}

function isEnvelope(raw: Json): boolean {
  const keys = Object.keys(raw).map((key) => key.toLowerCase());
  if (keys.length === 0 || !keys.every((key) => ENVELOPE_KEYS.has(key))) return false;
  const payloads = PAYLOAD_KEYS.filter((key) => keys.includes(key.toLowerCase())).length;
  const flagged =
    FLAG_KEYS.some((key) => keys.includes(key.toLowerCase())) || isObject(field(raw, ["status"]));
  // `{ value: [...] }` alone is an OData list, `{ data }` a common wrapper: both unwrap the same way.
  return payloads === 1 || (payloads === 0 && flagged);
}

/**
 * The answer inside a result envelope (CloudM's `{ status: { success, message }, value, success }`,
 * `{ data }`, `{ result }` …), or the answer itself; an envelope saying it failed is reported as such.
 */
export function unwrapEnvelope(raw: unknown): Unwrapped {
  let current = raw;
  // CloudM nests one level at most (NotificationActionResult wraps an ActionResult's fields).
  for (let depth = 0; depth < 2 && isObject(current) && isEnvelope(current); depth++) {
    if (envelopeFailed(current)) return { ok: false, message: envelopeMessage(current) };
    const payload = field(current, PAYLOAD_KEYS);
    current = payload === undefined ? null : payload;
  }
  return { ok: true, value: current };
}

// ---------------------------------------------------------------- lists

export interface ListPage {
  items: unknown[];
  total: number | undefined;
  totalPages: number | undefined;
  nextPageToken: string | undefined;
}

/** Where lists sit in the envelopes instances use: ASP.NET pages, OData, DataTables (CloudM's web API). */
const LIST_FIELDS = ["items", "data", "results", "value", "aaData", "records", "list", "rows"] as const;
// DataTables counts the list asked for in iTotalDisplayRecords; its iTotalRecords is before any filter.
const TOTAL_FIELDS = [
  "totalCount",
  "total",
  "totalResults",
  "iTotalDisplayRecords",
  "iTotalRecords",
  "count",
  "totalItems",
  "totalRecords",
] as const;

/** A bare array, or a page in any of the common envelopes, with its total and continuation. */
export function readList(raw: unknown, listNames: readonly string[] = []): ListPage {
  const items = Array.isArray(raw) ? raw : field(raw, [...listNames, ...LIST_FIELDS]);
  return {
    items: Array.isArray(items) ? items : [],
    total: readNumber(field(raw, TOTAL_FIELDS)),
    totalPages: readNumber(field(raw, ["totalPages", "pageCount"])),
    nextPageToken: readId(field(raw, ["nextPageToken", "next_page_token", "continuationToken", "nextLink"])),
  };
}

/** Whether a list answer had a recognisable shape at all (for notes on unexpected answers). */
export function isListShaped(raw: unknown, listNames: readonly string[] = []): boolean {
  return Array.isArray(raw) || Array.isArray(field(raw, [...listNames, ...LIST_FIELDS]));
}
