/**
 * Talks plain HTTP to the CloudM simulator's aspnet profile and holds each answer against the
 * profile's own OpenAPI document: the status must be one the operation declares, and the body must
 * match the declared schema (references, 3.1 type lists, integer enums, required fields, no
 * undeclared fields), so a test that reads an answer also proves the document tells the truth.
 */
import { expect } from "vitest";
import {
  type CloudMSimulator,
  type CloudMSimulatorOptions,
  startCloudMSimulator,
} from "../../src/simulator/cloudm/server.js";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown;
}

export interface Send {
  token?: string;
  json?: unknown;
  body?: FormData;
}

export type Schema = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
}

export async function startAspnet(options: CloudMSimulatorOptions = {}): Promise<CloudMSimulator> {
  // A stopped clock: figures read over HTTP and from sim.state are taken at the same simulated instant.
  return startCloudMSimulator({ seed: 42, clockSpeed: 0, ...options, profile: "aspnet" });
}

export async function http(
  sim: CloudMSimulator,
  method: string,
  path: string,
  send: Send = {},
): Promise<Reply> {
  const res = await fetch(sim.url + path, {
    method,
    headers: {
      ...(send.token ? { authorization: `Bearer ${send.token}` } : {}),
      ...(send.json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(send.json === undefined ? {} : { body: JSON.stringify(send.json) }),
    ...(send.body === undefined ? {} : { body: send.body }),
  });
  const text = await res.text();
  const isJson = /json/.test(res.headers.get("content-type") ?? "");
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text && isJson ? JSON.parse(text) : undefined,
  };
}

export async function signIn(sim: CloudMSimulator): Promise<string> {
  const reply = await http(sim, "POST", "/api/Account/login", {
    json: { userEmail: sim.credentials.email, password: sim.credentials.password },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { accessToken: string }).accessToken;
}

export async function loadDocument(sim: CloudMSimulator): Promise<OpenApiDocument> {
  const reply = await http(sim, "GET", "/openapi/v1.json");
  expect(reply.status).toBe(200);
  return JSON.parse(reply.text) as OpenApiDocument;
}

/** An answer with no body at all. */
export function expectEmpty(reply: Reply, status: number): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.text).toBe("");
  expect(reply.headers.get("content-type")).toBeNull();
}

/** The name an integer enum value stands for, read from the document's `x-enumNames`. */
export function enumName(doc: OpenApiDocument, component: string, value: unknown): string {
  const schema = doc.components.schemas[component];
  const names = schema?.["x-enumNames"] as string[] | undefined;
  expect(names, `${component} has x-enumNames`).toBeDefined();
  expect(Number.isInteger(value), `${component} value ${String(value)} is an integer`).toBe(true);
  const name = names?.[value as number];
  expect(name, `${component} names ${String(value)}`).toBeDefined();
  return name as string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isType(type: string, value: unknown): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/** Where `value` departs from `schema`; empty when it conforms. */
export function mismatches(doc: OpenApiDocument, schema: Schema, value: unknown, at = "$"): string[] {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = doc.components.schemas[name];
    return target ? mismatches(doc, target, value, at) : [`${at}: $ref ${name} does not resolve`];
  }
  if (Array.isArray(schema.oneOf)) {
    const fits = (schema.oneOf as Schema[]).filter((s) => mismatches(doc, s, value, at).length === 0);
    return fits.length === 1 ? [] : [`${at}: ${JSON.stringify(value)} matches ${fits.length} of oneOf`];
  }
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string | string[]);
  if (types.length > 0 && !types.some((t) => isType(t, value)))
    return [`${at}: expected ${types.join("|")}, got ${JSON.stringify(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in enum`];
  if (typeof value === "string" && schema.format === "uuid" && !UUID.test(value))
    return [`${at}: '${value}' is not a uuid`];
  if (typeof value === "string" && schema.format === "date-time" && Number.isNaN(Date.parse(value)))
    return [`${at}: '${value}' is not a date-time`];
  if (Array.isArray(value) && schema.items)
    return value.flatMap((v, i) => mismatches(doc, schema.items as Schema, v, `${at}[${i}]`));
  if (!isType("object", value) || !schema.properties) return [];
  const properties = schema.properties as Record<string, Schema>;
  const object = value as Record<string, unknown>;
  const missing = ((schema.required as string[] | undefined) ?? [])
    .filter((name) => !(name in object))
    .map((name) => `${at}.${name}: required, missing`);
  const fields = Object.entries(object).flatMap(([name, v]) => {
    const property = properties[name];
    if (property) return mismatches(doc, property, v, `${at}.${name}`);
    return schema.additionalProperties ? [] : [`${at}.${name}: not in the document`];
  });
  return [...missing, ...fields];
}

/**
 * Asserts the reply is what the document says `METHOD pattern` answers with this status, and returns
 * the envelope's value (or the bare body when the answer has no envelope).
 */
export function conforms(doc: OpenApiDocument, method: string, pattern: string, reply: Reply): unknown {
  const operation = doc.paths[pattern]?.[method.toLowerCase()];
  expect(operation, `${method} ${pattern} is in the document`).toBeDefined();
  const responses = (operation?.responses ?? {}) as Record<string, Schema>;
  const response = responses[String(reply.status)];
  expect(
    response,
    `${method} ${pattern} declares ${reply.status} (${reply.text.slice(0, 200)})`,
  ).toBeDefined();
  const content = response?.content as Record<string, { schema: Schema }> | undefined;
  if (!content) {
    expect(reply.text, `${method} ${pattern} ${reply.status} has no body`).toBe("");
    return undefined;
  }
  const [type, media] = Object.entries(content)[0] ?? [];
  expect(reply.headers.get("content-type") ?? "").toContain(
    type === "application/problem+json" ? "problem+json" : type,
  );
  if (!type?.includes("json") || !media) return reply.text;
  expect(mismatches(doc, media.schema, reply.json), `${method} ${pattern}`).toEqual([]);
  if (response?.headers && (response.headers as Schema).Location)
    expect(reply.headers.get("location")).toBeTruthy();
  const body = reply.json as { value?: unknown; success?: unknown };
  return reply.status < 300 && "success" in body ? body.value : reply.json;
}
