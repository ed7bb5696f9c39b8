/** One operation of the endpoint map as this instance serves it: what placement and `doctor` read. */
import type { CloudMOperation, Endpoint, EndpointSource } from "../endpoints.js";
import type { ApiOperation } from "../openapi/model.js";
import type { ArgumentPlacement } from "../overrides.js";

export interface ResolvedEndpoint extends Endpoint {
  operation: CloudMOperation;
  documented: boolean;
  source: EndpointSource;
  /** Whether the instance's OpenAPI document lists it; undefined when there is no document to ask. */
  listed: boolean | undefined;
  /** The document's operation at this method and path, which says where each argument goes. */
  api: ApiOperation | undefined;
  /** Whether the body format was said (by the override file or the document) rather than guessed. */
  bodyDeclared: boolean;
  /** The override file's placements, by our argument name. */
  params: Readonly<Record<string, ArgumentPlacement>>;
}
