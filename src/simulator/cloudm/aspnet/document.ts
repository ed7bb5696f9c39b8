/**
 * /openapi/v1.json for the aspnet profile: an OpenAPI 3.1.0 document built from the served route table
 * (renames included) and the hand-written components, as .NET 10 would emit it: controllers as tags,
 * integer enums named with `x-enumNames`, nullable as a type list, and every answer in CloudM's
 * envelope given as its own `<T>ActionResult` component.
 */
import type { Route } from "../../http-server.js";
import { CORE_COMPONENTS } from "./components-core.js";
import { GROUP_COMPONENTS } from "./components-groups.js";
import { ENUMS } from "./enums.js";
import { type AspnetRoute, anonymous, controllerOf, type QueryDoc, type ReplyDoc } from "./operation.js";
import { bool, int, type JsonSchema, obj, ref, str, uuid } from "./schema.js";

function enumComponents(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(ENUMS).map(([name, values]) => [
      name,
      {
        type: "integer",
        format: "int32",
        enum: values.map((_, i) => i),
        "x-enumNames": [...values],
        description: values.map((v, i) => `${i} = ${v}`).join(", "),
      },
    ]),
  );
}

const PARAMETER_TYPES: Record<QueryDoc["type"], JsonSchema> = {
  string: str,
  integer: int,
  boolean: bool,
  uuid,
};

function parameters(route: AspnetRoute): JsonSchema[] {
  const path = [...route.pattern.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    schema: PARAMETER_TYPES[route.op.path?.[name] ?? "string"],
  }));
  const query = (route.op.query ?? []).map((q) => ({
    name: q.name,
    in: "query",
    required: q.required === true,
    description: q.description,
    schema: q.enumName ? ref(q.enumName) : PARAMETER_TYPES[q.type],
  }));
  return [...path, ...query];
}

const problemContent = { "application/problem+json": { schema: ref("ProblemDetails") } };

function success(reply: ReplyDoc, schemas: Record<string, JsonSchema>): JsonSchema {
  let content: JsonSchema | undefined;
  if (reply.envelope) {
    const name = `${reply.envelope}ActionResult`;
    schemas[name] ??= obj({ status: ref("ActionStatus"), value: ref(reply.envelope), success: bool });
    content = { "application/json": { schema: ref(name) } };
  } else if (reply.schema)
    content = { [reply.contentType ?? "application/json"]: { schema: ref(reply.schema) } };
  else if (reply.contentType)
    content = {
      [reply.contentType]: { schema: reply.contentType.includes("json") ? { type: "object" } : str },
    };
  return {
    description: reply.description,
    ...(reply.location ? { headers: { Location: { description: "Where to read it", schema: str } } } : {}),
    ...(content ? { content } : {}),
  };
}

function operation(route: AspnetRoute, schemas: Record<string, JsonSchema>): JsonSchema {
  const { op } = route;
  const params = parameters(route);
  const problems: Record<string, JsonSchema> = {};
  const add = (status: number, description: string) => {
    problems[String(status)] = { description, content: problemContent };
  };
  if (op.body || params.length > 0) add(400, "Validation problem: errors names each field");
  if (route.authenticated) {
    add(401, "Missing, malformed, expired or revoked token");
    add(403, "The account must reset its password first");
  } else if (op.body) add(401, "Wrong email or password");
  for (const status of op.problems ?? [])
    add(status, { 404: "Not found", 409: "Conflict", 415: "Unsupported body format" }[status]);
  if (op.body) add(415, `Send the body as ${op.body.contentType ?? "application/json"}`);
  return {
    tags: [controllerOf(route.pattern)],
    operationId: op.operationId,
    summary: op.summary,
    ...(route.authenticated ? { security: [{ Bearer: [] }] } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { [op.body.contentType ?? "application/json"]: { schema: ref(op.body.schema) } },
          },
        }
      : {}),
    responses: { [String(op.reply.status)]: success(op.reply, schemas), ...problems },
  };
}

function buildAspnetOpenApi(routes: readonly AspnetRoute[]): JsonSchema {
  const schemas: Record<string, JsonSchema> = {
    ...enumComponents(),
    ...CORE_COMPONENTS,
    ...GROUP_COMPONENTS,
  };
  const paths: Record<string, JsonSchema> = {};
  for (const route of routes)
    paths[route.pattern] = {
      ...paths[route.pattern],
      [route.method.toLowerCase()]: operation(route, schemas),
    };
  const tags = [...new Set(routes.map((r) => controllerOf(r.pattern)))].map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info: {
      title: "CloudM Migrate API (SIMULATOR, aspnet profile)",
      version: "v1",
      description: "Served by the migrate-mcp simulator; not a real CloudM instance.",
    },
    paths,
    tags,
    components: {
      securitySchemes: { Bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

/** The route serving the document of `routes` and of itself, built on first request. */
export function aspnetOpenApiRoute(routes: readonly AspnetRoute[]): Route {
  let document: JsonSchema | undefined;
  const route: AspnetRoute = anonymous(
    "GET",
    "/openapi/v1.json",
    {
      operationId: "OpenApi_GetDocument",
      summary: "This OpenAPI document",
      reply: { status: 200, description: "The document", contentType: "application/json" },
    },
    () => {
      document ??= buildAspnetOpenApi([...routes, route]);
      return { status: 200, body: document };
    },
  );
  return route;
}
