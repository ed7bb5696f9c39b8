/**
 * A document's operations in one shape, whichever version wrote them: parameters (path-level ones
 * merged in, Swagger 2.0 `body` and `formData` ones turned into a request body), the request body's
 * encodings and top-level properties, and each answer's schema. A part that cannot be read is left out
 * with a problem naming it; the rest of the operation, and of the document, is kept.
 */
import type {
  ApiOperation,
  ApiParameter,
  ApiRequestBody,
  ApiSchema,
  BodyEncoding,
  OpenApiVersion,
  ParameterLocation,
} from "./model.js";
import { followRefs, isJsonObject, type JsonObject } from "./pointer.js";
import type { SchemaReader } from "./schemas.js";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const LOCATIONS = new Set<string>(["path", "query", "header"]);

/** The encoding a media type asks for, if it is one a request can be built in. */
function encodingOf(mediaType: string): BodyEncoding | undefined {
  const type = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type === "text/json" || /^application\/[\w.-]+\+json$/.test(type))
    return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "multipart/form-data") return "multipart";
  return undefined;
}

const encodingsOf = (mediaTypes: readonly string[]): BodyEncoding[] => [
  ...new Set(mediaTypes.map(encodingOf).filter((e): e is BodyEncoding => e !== undefined)),
];

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

interface Context {
  root: JsonObject;
  version: OpenApiVersion;
  schemas: SchemaReader;
  problems: string[];
}

function bodyOf(
  ctx: Context,
  encodings: readonly BodyEncoding[],
  schema: ApiSchema | undefined,
): ApiRequestBody {
  const resolved = schema ? ctx.schemas.resolve(schema) : undefined;
  // Each property resolved one level, so what a value must be (an integer enum's names) is at hand.
  const properties = Object.fromEntries(
    Object.entries(resolved?.properties ?? {}).map(([name, property]) => [
      name,
      ctx.schemas.resolve(property),
    ]),
  );
  return {
    encodings,
    properties,
    required: resolved?.required ?? [],
    additionalProperties: resolved?.properties === undefined || resolved.additionalProperties !== false,
    ...(schema ? { schema } : {}),
  };
}

/** 3.x `requestBody`: JSON's schema when it offers JSON (what we build best), else its first encodable one. */
function requestBody3(ctx: Context, raw: unknown, where: string): ApiRequestBody | undefined {
  if (raw === undefined) return undefined;
  const body = followRefs(ctx.root, raw);
  if ("problem" in body) return void ctx.problems.push(`${where} ${body.problem}; skipped`);
  const content = isJsonObject(body.value.content) ? body.value.content : {};
  const mediaTypes = Object.keys(content);
  const encodings = encodingsOf(mediaTypes);
  const chosen =
    mediaTypes.find((m) => encodingOf(m) === "json") ?? mediaTypes.find((m) => encodingOf(m) !== undefined);
  const media = chosen === undefined ? undefined : content[chosen];
  const schema = isJsonObject(media)
    ? ctx.schemas.read(media.schema ?? {}, `${where}/content/${chosen}/schema`)
    : undefined;
  return bodyOf(ctx, encodings, schema);
}

/** Swagger 2.0: the `in: body` parameter, or the `in: formData` ones as a form's fields. */
function requestBody2(
  ctx: Context,
  operation: JsonObject,
  parameters: readonly JsonObject[],
  where: string,
): ApiRequestBody | undefined {
  const consumes = stringsOf(operation.consumes ?? ctx.root.consumes);
  const body = parameters.find((p) => p.in === "body");
  if (body) {
    const declared = encodingsOf(consumes);
    const schema = ctx.schemas.read(body.schema ?? {}, `${where}: parameters/${String(body.name)}/schema`);
    return bodyOf(ctx, declared.length > 0 ? declared : ["json"], schema);
  }
  const fields = parameters.filter((p) => p.in === "formData" && typeof p.name === "string");
  if (fields.length === 0) return undefined;
  const properties: Record<string, ApiSchema> = {};
  for (const field of fields) {
    const schema = ctx.schemas.read(field, `${where}: parameters/${String(field.name)}`);
    if (schema) properties[field.name as string] = ctx.schemas.resolve(schema);
  }
  const multipart =
    consumes.some((c) => encodingOf(c) === "multipart") || fields.some((f) => f.type === "file");
  return {
    encodings: [multipart ? "multipart" : "form"],
    properties,
    required: fields.filter((f) => f.required === true).map((f) => f.name as string),
    additionalProperties: true,
  };
}

/** Parameters by place and name: the operation's own replace the path's (3.x and 2.0 alike). */
function mergedParameters(ctx: Context, levels: readonly unknown[], where: string): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  for (const level of levels) {
    if (level === undefined) continue;
    if (!Array.isArray(level)) {
      ctx.problems.push(`${where}: parameters is not a list; ignored`);
      continue;
    }
    level.forEach((raw, i) => {
      const parameter = followRefs(ctx.root, raw);
      if ("problem" in parameter)
        return void ctx.problems.push(`${where}: parameters/${i} ${parameter.problem}; skipped`);
      const { name, in: location } = parameter.value;
      if (typeof name !== "string" || typeof location !== "string")
        return void ctx.problems.push(`${where}: parameters/${i} has no name or place; skipped`);
      byKey.set(`${location}:${name}`, parameter.value);
    });
  }
  return [...byKey.values()];
}

function parameterOf(ctx: Context, raw: JsonObject, where: string): ApiParameter | undefined {
  if (!LOCATIONS.has(raw.in as string)) return undefined;
  const name = raw.name as string;
  const at = `${where}: parameters/${name}`;
  // 2.0 describes a parameter's type on the parameter itself.
  const schema =
    ctx.version === "2.0" ? ctx.schemas.read(raw, at) : ctx.schemas.read(raw.schema ?? {}, `${at}/schema`);
  return {
    name,
    in: raw.in as ParameterLocation,
    required: raw.required === true || raw.in === "path",
    ...(schema ? { schema: ctx.schemas.resolve(schema) } : {}),
  };
}

/** Each answer's schema: 2.0 `schema`, 3.x the JSON content's (else the first content's). */
function responsesOf(ctx: Context, raw: unknown, where: string): Record<string, ApiSchema | undefined> {
  const out: Record<string, ApiSchema | undefined> = {};
  if (!isJsonObject(raw)) return out;
  for (const [status, value] of Object.entries(raw)) {
    const response = followRefs(ctx.root, value);
    const at = `${where}: responses/${status}`;
    if ("problem" in response) {
      ctx.problems.push(`${at} ${response.problem}; skipped`);
      continue;
    }
    let schema: unknown = response.value.schema;
    let schemaAt = `${at}/schema`;
    const content = response.value.content;
    if (isJsonObject(content)) {
      const types = Object.keys(content);
      const chosen = types.find((m) => encodingOf(m) === "json") ?? types[0];
      const media = chosen === undefined ? undefined : content[chosen];
      schema = isJsonObject(media) ? media.schema : undefined;
      schemaAt = `${at}/content/${chosen}/schema`;
    }
    out[status] = schema === undefined ? undefined : ctx.schemas.read(schema, schemaAt);
  }
  return out;
}

function operationOf(
  ctx: Context,
  method: string,
  path: string,
  raw: JsonObject,
  pathParameters: unknown,
  where: string,
): ApiOperation {
  const merged = mergedParameters(ctx, [pathParameters, raw.parameters], where);
  const requestBody =
    ctx.version === "2.0"
      ? requestBody2(ctx, raw, merged, where)
      : requestBody3(ctx, raw.requestBody, `${where}: requestBody`);
  return {
    method: method.toUpperCase(),
    path,
    ...(typeof raw.operationId === "string" ? { operationId: raw.operationId } : {}),
    tags: stringsOf(raw.tags),
    ...(typeof raw.summary === "string" ? { summary: raw.summary } : {}),
    parameters: merged.flatMap((p) => parameterOf(ctx, p, where) ?? []),
    ...(requestBody ? { requestBody } : {}),
    responses: responsesOf(ctx, raw.responses, where),
  };
}

/**
 * The prefix every path takes on the instance: Swagger 2.0's `basePath`, or a 3.x server given as a
 * path ("/api"). A server given as a full URL names a host and is left out: CLOUDM_URL says where the
 * instance is, and its path would count twice.
 */
function basePathOf(ctx: Context): string {
  const server = Array.isArray(ctx.root.servers) ? ctx.root.servers[0] : undefined;
  const base = ctx.version === "2.0" ? ctx.root.basePath : isJsonObject(server) ? server.url : undefined;
  return typeof base === "string" && base.startsWith("/") ? base.replace(/\/+$/, "") : "";
}

export function readOperations(
  root: JsonObject,
  version: OpenApiVersion,
  schemas: SchemaReader,
  problems: string[],
): ApiOperation[] {
  const ctx: Context = { root, version, schemas, problems };
  const base = basePathOf(ctx);
  const out: ApiOperation[] = [];
  for (const [path, rawItem] of Object.entries(isJsonObject(root.paths) ? root.paths : {})) {
    const item = followRefs(root, rawItem);
    if ("problem" in item) {
      problems.push(`path ${path} ${item.problem}; skipped`);
      continue;
    }
    for (const method of METHODS) {
      const raw = item.value[method];
      if (raw === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!isJsonObject(raw)) {
        problems.push(`${where} is not an operation object; skipped`);
        continue;
      }
      out.push(operationOf(ctx, method, `${base}${path}`, raw, item.value.parameters, where));
    }
  }
  return out;
}
