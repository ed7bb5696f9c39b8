/**
 * How the endpoint groups' modules reach the instance: by operation of the endpoint map, through the
 * client's auth and HTTP layer. A narrow interface, so those modules and the client that holds them
 * import each other in one direction only.
 */
import type { z } from "zod";
import type { HttpRequest, HttpResponse } from "../http.js";
import type { CloudMOperation } from "./endpoints.js";
import type { EndpointMap } from "./routing/map.js";
import type { OperationArguments } from "./routing/placement.js";

/**
 * A request addressed by operation: the endpoint map supplies method and path, and puts each of its
 * `args` where the instance wants it (routing/placement.ts); `params` and `json` are the guide's
 * exact path, query and body.
 */
export interface OperationRequest
  extends Omit<HttpRequest, "method" | "path" | "query" | "json" | "form">, OperationArguments {
  operation: CloudMOperation;
}

export interface OperationSender {
  /** Where each operation is on this instance (for messages that name it). */
  readonly endpoints: EndpointMap;
  /** An authorised operation whose JSON answer is parsed with `schema`. */
  request<T extends z.ZodType>(request: OperationRequest, schema: T): Promise<z.infer<T>>;
  /** An authorised operation whose answer is taken as text (CSV). */
  requestText(request: OperationRequest): Promise<HttpResponse>;
}
