/**
 * A route of the aspnet profile with what its OpenAPI operation says about it, kept on the route
 * itself so the document is built from the very table that is served (renames included).
 */
import type { Handler, Route } from "../../http-server.js";
import type { CloudMContext } from "../context.js";
import type { EnumName } from "./enums.js";
import type { FullRoutes } from "./full.js";
import type { AspnetStore } from "./store.js";

/** What every route builder of the profile takes. */
export interface AspnetDeps {
  ctx: CloudMContext;
  full: FullRoutes;
  store: AspnetStore;
}

export interface QueryDoc {
  name: string;
  type: "string" | "integer" | "boolean" | "uuid";
  required?: boolean;
  description: string;
  /** An integer parameter that is this enum. */
  enumName?: EnumName;
}

/** The ids most actions take in the query. */
export const PROJECT_QUERY: QueryDoc = {
  name: "projectId",
  type: "uuid",
  required: true,
  description: "the project",
};
export const BATCH_QUERY: QueryDoc = {
  name: "configurationId",
  type: "uuid",
  required: true,
  description: "the batch",
};

export interface ReplyDoc {
  status: 200 | 201 | 202 | 204;
  description: string;
  /** The answer is `ActionResult<T>` of this component (`<T>ActionResult` in the document). */
  envelope?: string;
  /** The answer is this component, bare. */
  schema?: string;
  /** A non-JSON answer (a CSV file, say). */
  contentType?: string;
  /** The answer carries a Location header. */
  location?: boolean;
}

interface OperationDoc {
  /** `Controller_Action`. */
  operationId: string;
  summary: string;
  query?: QueryDoc[];
  /** Types of the path's `{name}` segments; a segment not listed is a string. */
  path?: Record<string, "integer" | "uuid" | "string">;
  body?: { schema: string; contentType?: "application/json" | "multipart/form-data" };
  reply: ReplyDoc;
  /** Error statuses beyond the 400, 401 and 403 every authenticated operation can answer. */
  problems?: Array<404 | 409 | 415>;
}

export interface AspnetRoute extends Route {
  op: OperationDoc;
}

/** An authenticated route; the controller (the OpenAPI tag) is the path's segment after /api. */
export function action(method: string, pattern: string, op: OperationDoc, handler: Handler): AspnetRoute {
  return { method, pattern, authenticated: true, op, handler };
}

/** A route anyone may call: sign-in, and the OpenAPI document. */
export function anonymous(method: string, pattern: string, op: OperationDoc, handler: Handler): AspnetRoute {
  return { method, pattern, authenticated: false, op, handler };
}

/** The controller a route belongs to, as its OpenAPI tag names it. */
export function controllerOf(pattern: string): string {
  const [first = "", second = ""] = pattern.split("/").filter(Boolean);
  return first.toLowerCase() === "api" ? second : first;
}
