/**
 * Where each argument of a request goes: in the path, the query or the body, under the instance's own
 * name and in its encoding of an enum, as its OpenAPI document (or the override file) says. What
 * neither names goes where the table would put it, under our name, and is reported: without a
 * document, that is every argument, as before.
 */
import { ValidationError } from "../../errors.js";
import type { HttpMethod, QueryValue } from "../../http.js";
import { type BodyFormat, CLOUDM_PROVIDER } from "../endpoints.js";
import { pagedAs } from "./paging.js";
import type { ApiSchema } from "../openapi/model.js";
import type { ResolvedEndpoint } from "./resolved.js";
import { assignNames } from "./names.js";

/** What a caller gives an operation, by our names. */
export interface OperationArguments {
  /** Values placed where the instance wants them (path, query or body), under its names. */
  args?: Record<string, unknown>;
  /** Values of the path or query under the guide's names; never put in a body. */
  params?: Record<string, QueryValue>;
  /** A body exactly as the guide gives it; arguments placed in the body are added to it. */
  json?: unknown;
  /** The body's format for this request, over the map's: for the import, which tries another when one is refused. */
  format?: BodyFormat;
}

export type PlacedBody =
  | { format: "json"; value: unknown }
  | { format: "form" | "multipart"; fields: ReadonlyArray<readonly [string, unknown]> };

/** A request's method, path and query, with the parameters filled in, and its body's fields. */
export interface EndpointCall {
  method: HttpMethod;
  path: string;
  query: Record<string, QueryValue>;
  body: PlacedBody | undefined;
  /** Arguments the instance's document names nowhere: sent under our names where the table puts them. */
  unplaced: string[];
}

type Place = "path" | "query" | "body";
interface Target {
  name: string;
  in: Place;
}

const toQuery = (value: unknown): QueryValue =>
  value === undefined || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? value
    : JSON.stringify(value);

/** Past this, a value cannot travel in a URL: servers answer 414 or 431, naming no field. */
const ADDRESS_VALUE_MAX_LENGTH = 2_000;

function refusal(
  endpoint: ResolvedEndpoint,
  argument: string,
  problem: string,
  fix: string,
): ValidationError {
  return new ValidationError(
    `${argument} ${problem}; ${fix}`,
    {
      provider: CLOUDM_PROVIDER,
      operation: `${endpoint.method} ${endpoint.path}`,
      fieldErrors: { [argument]: [problem] },
    },
    false,
  );
}

/** A value for the request's path or query. */
function addressValue(endpoint: ResolvedEndpoint, argument: string, value: unknown): QueryValue {
  const text = toQuery(value);
  // encodeURIComponent throws on it, and a URL's query would carry U+FFFD in its place.
  if (typeof text === "string" && !text.isWellFormed())
    throw refusal(
      endpoint,
      argument,
      "holds a lone UTF-16 surrogate",
      `give the ${argument} as well-formed text`,
    );
  if (typeof text === "string" && text.length > ADDRESS_VALUE_MAX_LENGTH)
    throw refusal(
      endpoint,
      argument,
      `is ${text.length} characters long, too long for the request's address (at most ${ADDRESS_VALUE_MAX_LENGTH})`,
      `give the ${argument} exactly as listed`,
    );
  return text;
}

function pathValue(endpoint: ResolvedEndpoint, argument: string, value: unknown): string {
  const text = String(addressValue(endpoint, argument, value));
  // An empty id would address the collection instead (`/api/ConnectionsProject/` is the list).
  if (text.trim() === "") throw refusal(endpoint, argument, "is empty", `give the ${argument} to use`);
  // The platform segment is ours, from the platform table; everything else is encoded.
  return argument === "platformEndpoint" ? text : encodeURIComponent(text);
}

/** Where the table sends what the document does not name: a read's and a bodiless write's in the query, else the body. */
const defaultPlace = (endpoint: ResolvedEndpoint, bodyAllowed: boolean): Place =>
  bodyAllowed && endpoint.method !== "GET" && endpoint.method !== "DELETE" && endpoint.body !== "none"
    ? "body"
    : "query";

/** The document's schema for a value placed at `target`, when the document names that place. */
function schemaAt(endpoint: ResolvedEndpoint, target: Target): ApiSchema | undefined {
  if (target.in === "body") return endpoint.api?.requestBody?.properties[target.name];
  return endpoint.api?.parameters.find((p) => p.in === target.in && p.name === target.name)?.schema;
}

/**
 * A value as the instance's document types it: one of CloudM's names ("AllItems") as the integer it
 * names for it (ASP.NET binds enums as integers unless told otherwise), and an id we hold as text
 * ("42") as the number a field typed integer and not text takes (a JSON binder refuses "42" there).
 */
function inItsEncoding(schema: ApiSchema | undefined, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const wanted = value.toLowerCase();
  const named = [...(schema?.enumNames ?? [])].find(([, name]) => name.toLowerCase() === wanted)?.[0];
  if (named !== undefined) return named;
  const types = schema?.types ?? [];
  const numeric = types.includes("integer") || types.includes("number");
  const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  return numeric && !types.includes("string") && Number.isSafeInteger(number) ? number : value;
}

const entriesOf = (json: unknown): Array<[string, unknown]> | undefined =>
  json === undefined
    ? []
    : typeof json === "object" && json !== null && !Array.isArray(json)
      ? Object.entries(json)
      : undefined;

function bodyOf(
  format: Exclude<BodyFormat, "none">,
  json: unknown,
  fields: Array<[string, unknown]>,
): PlacedBody | undefined {
  const literal = entriesOf(json);
  if (literal === undefined) {
    if (fields.length > 0) throw new Error("a body that is not an object cannot take arguments too");
    return { format: "json", value: json };
  }
  const all = [...literal, ...fields];
  if (all.length === 0 && json === undefined) return undefined;
  return format === "json" ? { format, value: Object.fromEntries(all) } : { format, fields: all };
}

export function place(resolved: ResolvedEndpoint, request: OperationArguments): EndpointCall {
  const endpoint = request.format === undefined ? resolved : { ...resolved, body: request.format };
  const { api } = endpoint;
  const pathNames = [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  const targets: Target[] = [
    ...pathNames.map((name): Target => ({ name, in: "path" })),
    ...(api?.parameters ?? [])
      .filter((p) => p.in === "query")
      .map((p): Target => ({ name: p.name, in: "query" })),
    ...Object.keys(api?.requestBody?.properties ?? {}).map((name): Target => ({ name, in: "body" })),
  ];
  const given = [
    ...Object.entries(request.params ?? {}).map(([name, value]) => ({ name, value, bodyAllowed: false })),
    ...Object.entries(pagedAs(api, request.args) ?? {}).map(([name, value]) => ({
      name,
      value,
      bodyAllowed: true,
    })),
  ].filter((g) => g.value !== undefined);

  const placed = new Map<string, Target>();
  const free = (t: Target) => ![...placed.values()].some((p) => p.name === t.name && p.in === t.in);
  for (const g of given) {
    const forced = endpoint.params[g.name];
    if (forced) placed.set(g.name, { name: forced.name ?? g.name, in: forced.in });
  }
  for (const bodyAllowed of [false, true]) {
    const names = given
      .filter((g) => g.bodyAllowed === bodyAllowed && !placed.has(g.name))
      .map((g) => g.name);
    const open = targets.filter((t) => free(t) && (bodyAllowed || t.in !== "body"));
    for (const [name, target] of assignNames(names, open)) placed.set(name, target);
  }

  const bodiless = endpoint.method === "GET" || endpoint.body === "none";
  const query: Record<string, QueryValue> = {};
  const fields: Array<[string, unknown]> = [];
  const filled = new Map<string, string>();
  const unplaced: string[] = [];
  for (const g of given) {
    let target = placed.get(g.name);
    if (!target) {
      if (api) unplaced.push(g.name);
      target = { name: g.name, in: defaultPlace(endpoint, g.bodyAllowed) };
    }
    const value = inItsEncoding(schemaAt(endpoint, target), g.value);
    if (target.in === "path") filled.set(target.name, pathValue(endpoint, g.name, value));
    else if (target.in === "query" || bodiless) query[target.name] = addressValue(endpoint, g.name, value);
    else fields.push([target.name, value]);
  }
  // A bodiless request (a read, or `body: none` in the override file) takes even the guide's body in its query.
  if (bodiless)
    for (const [name, value] of entriesOf(request.json) ?? [])
      query[name] = addressValue(endpoint, name, value);
  const path = endpoint.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = filled.get(name);
    if (value === undefined) throw new Error(`${endpoint.operation}: no value for {${name}}`);
    return value;
  });
  const body =
    endpoint.method === "GET" || endpoint.body === "none"
      ? undefined
      : bodyOf(endpoint.body, request.json, fields);
  return { method: endpoint.method, path, query, body, unplaced };
}
