/**
 * The override file (MIGRATE_MCP_ENDPOINTS): an admin's corrections of whatever discovery gets wrong
 * on one instance, without a release. Per operation its method, path, body format and where each
 * argument goes; and, top level, the names of answer fields (`fields`) and enum values (`enums`).
 * Read strictly: every malformed entry is reported, naming it, and the server does not start.
 */
import { z } from "zod";
import type { HttpMethod } from "../http.js";
import { type BodyFormat, CLOUDM_ENDPOINTS, CLOUDM_OPERATIONS, type CloudMOperation } from "./endpoints.js";
import { assignNames } from "./routing/names.js";
import { ENUM_KINDS, ENUM_NAMES, type EnumKind } from "./vocabulary.js";

/** Where one argument goes, under the instance's name for it (ours when left out). */
export interface ArgumentPlacement {
  in: "path" | "query" | "body";
  name?: string;
}

export interface OperationOverride {
  method?: HttpMethod;
  path?: string;
  body?: BodyFormat;
  params?: Readonly<Record<string, ArgumentPlacement>>;
}

export interface EndpointOverrides {
  operations: Partial<Record<CloudMOperation, OperationOverride>>;
  /** `answer.field` → the instance's name for it (`statistics.failedUsers` → `failedUserCount`). */
  fields: Readonly<Record<string, string>>;
  /** Enum kind → the instance's value (as text) → CloudM's name for it. */
  enums: Partial<Record<EnumKind, Readonly<Record<string, string>>>>;
}

export const NO_OVERRIDES: EndpointOverrides = { operations: {}, fields: {}, enums: {} };

const SECTIONS = ["fields", "enums"] as const;

const operationEntry = z.strictObject({
  method: z.enum(["GET", "POST", "PUT", "DELETE"]).optional(),
  path: z
    .string()
    .regex(
      /^\/\S*$/,
      "a path starting with /, parameters in braces: /api/ConnectionBatches/{configurationId}",
    )
    .optional(),
  body: z.enum(["json", "form", "multipart", "none"]).optional(),
  params: z
    .record(
      z.string(),
      z.strictObject({
        // A form field is a field of the body: the body format says how the body is sent.
        in: z
          .enum(["path", "query", "body", "form"])
          .transform((place) => (place === "form" ? "body" : place)),
        name: z.string().min(1).optional(),
      }),
    )
    .optional(),
});

const describe = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join(".") || "(entry)"} ${i.message}`).join("; ");

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** What is wrong with one operation's entry beyond its shape: arguments it does not have, path parameters nothing fills. */
function entryProblems(operation: CloudMOperation, entry: OperationOverride): string[] {
  const spec = CLOUDM_ENDPOINTS[operation];
  const args: readonly string[] = spec.args;
  const params = entry.params ?? {};
  const problems = Object.keys(params)
    .filter((name) => !args.includes(name))
    .map(
      (name) =>
        `${operation}: params.${name} is not one of its arguments; they are ${args.join(", ") || "(none)"}`,
    );
  const inPath = new Set(
    Object.entries(params).flatMap(([name, p]) => (p.in === "path" ? [p.name ?? name] : [])),
  );
  const path = entry.path ?? spec.path;
  for (const [, name = ""] of path.matchAll(/\{([^}]+)\}/g))
    if (!inPath.has(name) && assignNames(args, [{ name }]).size === 0)
      problems.push(
        `${operation}: the path names {${name}}, which none of its arguments (${args.join(", ")}) fills; add "params": {"<argument>": {"in": "path", "name": "${name}"}}`,
      );
  for (const [name, p] of Object.entries(params))
    if (p.in === "path" && !path.includes(`{${p.name ?? name}}`))
      problems.push(`${operation}: params.${name} goes in the path, but ${path} has no {${p.name ?? name}}`);
  return problems;
}

const FIELDS_EXAMPLE = '{"statistics.failedUsers": "failedUserCount"}';

function readFields(json: unknown): { fields: EndpointOverrides["fields"]; problems: string[] } {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return {
      fields: {},
      problems: [`fields: must map answer fields to the instance's names, e.g. ${FIELDS_EXAMPLE}`],
    };
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, name] of Object.entries(json)) {
    if (!/^[A-Za-z]\w*\.[A-Za-z][\w.]*$/.test(key))
      problems.push(`fields.${key}: a key is an answer and its field, e.g. ${FIELDS_EXAMPLE}`);
    else if (typeof name !== "string" || name.trim() === "")
      problems.push(`fields.${key}: must be the instance's name for the field, a non-empty string`);
    else fields[key] = name;
  }
  return { fields, problems };
}

function readEnums(json: unknown): { enums: EndpointOverrides["enums"]; problems: string[] } {
  const problems: string[] = [];
  const enums: EndpointOverrides["enums"] = {};
  const parsed = z.record(z.string(), z.record(z.string(), z.string())).safeParse(json);
  if (!parsed.success)
    return { enums, problems: [`enums: must map an enum to { "value": "Name" }: ${describe(parsed.error)}`] };
  for (const [kind, values] of Object.entries(parsed.data)) {
    if (!(ENUM_KINDS as readonly string[]).includes(kind)) {
      problems.push(`enums.${kind} is not an enum this server reads; they are ${ENUM_KINDS.join(", ")}`);
      continue;
    }
    const names: readonly string[] = ENUM_NAMES[kind as EnumKind];
    for (const [value, name] of Object.entries(values))
      if (!names.some((n) => n.toLowerCase() === name.toLowerCase()))
        problems.push(`enums.${kind}.${value}: '${name}' is not one of ${names.join(", ")}`);
    enums[kind as EnumKind] = values;
  }
  return { enums, problems };
}

/**
 * Reads an override file's JSON (`{"getBatch": {"path": "/api/…/{configurationId}"}, "fields": {…},
 * "enums": {…}}`): the overrides, or every problem, each naming the entry and what was expected.
 */
export function parseEndpointOverrides(
  json: unknown,
): { overrides: EndpointOverrides } | { problems: string[] } {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return {
      problems: [
        "must be a JSON object mapping operation names to { method, path, body, params }, with optional fields and enums sections",
      ],
    };
  const problems: string[] = [];
  const operations: EndpointOverrides["operations"] = {};
  let fields: EndpointOverrides["fields"] = {};
  let enums: EndpointOverrides["enums"] = {};
  for (const [name, value] of Object.entries(json)) {
    if (name === "fields") {
      const read = readFields(value);
      problems.push(...read.problems);
      fields = read.fields;
      continue;
    }
    if (name === "enums") {
      const read = readEnums(value);
      problems.push(...read.problems);
      enums = read.enums;
      continue;
    }
    if (!(CLOUDM_OPERATIONS as readonly string[]).includes(name)) {
      problems.push(
        `'${name}' is not an operation or a section (${SECTIONS.join(", ")}); the operations are ${CLOUDM_OPERATIONS.join(", ")}`,
      );
      continue;
    }
    const parsed = operationEntry.safeParse(value);
    if (!parsed.success) {
      problems.push(`${name}: ${describe(parsed.error)}`);
      continue;
    }
    const entry: OperationOverride = withoutUndefined(parsed.data);
    const wrong = entryProblems(name as CloudMOperation, entry);
    if (wrong.length > 0) problems.push(...wrong);
    else operations[name as CloudMOperation] = entry;
  }
  return problems.length > 0 ? { problems } : { overrides: { operations, fields, enums } };
}
