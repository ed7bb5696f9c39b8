/**
 * The endpoint map as this instance needs it. Per operation: the override file's entry first; else,
 * when the instance serves an OpenAPI document, the operation found in it by what it does
 * (discovery.ts); else the table's own method and path. A documented operation keeps the guide's path
 * while the document lists it, and moves only to one unambiguous match when it does not.
 */
import {
  type BodyFormat,
  CLOUDM_ENDPOINTS,
  CLOUDM_OPERATIONS,
  type CloudMOperation,
  type Endpoint,
  type EndpointSpec,
} from "../endpoints.js";
import type { ApiDocument, ApiOperation } from "../openapi/model.js";
import type { OperationOverride } from "../overrides.js";
import { fillable, listedOperation, rankOperations, shapeOf, templated } from "./discovery.js";
import { type EndpointCall, type OperationArguments, place } from "./placement.js";
import type { ResolvedEndpoint } from "./resolved.js";

/** The encoding a document's request body asks for: JSON when it takes JSON, else its first. */
function declaredBody(api: ApiOperation | undefined): BodyFormat | undefined {
  const encodings = api?.requestBody?.encodings ?? [];
  return encodings.includes("json") ? "json" : encodings[0];
}

/** The method and path the document gives `operation`, when it is to move there. */
function discovered(
  operation: CloudMOperation,
  spec: EndpointSpec,
  document: ApiDocument,
): Pick<Endpoint, "method" | "path"> | undefined {
  const candidates = [spec.path, ...(spec.alternatives ?? [])];
  const listed = (path: string) => listedOperation(document, spec.method, path);
  // The guide's paths are exact: kept while the document lists them.
  const kept = spec.documented ? candidates.find(listed) : undefined;
  if (kept !== undefined) return { method: spec.method, path: kept };
  const [best, next] = rankOperations(operation, document);
  if (best && !(spec.documented && next !== undefined && next.score === best.score))
    return {
      method: best.operation.method as Endpoint["method"],
      path: templated(spec, best.operation.path),
    };
  // Nothing scored: one of our paths, if the document lists it and we can fill what it requires.
  const fallback = candidates.find((path) => {
    const op = listed(path);
    return op !== undefined && fillable(spec, op) !== undefined;
  });
  return fallback === undefined ? undefined : { method: spec.method, path: fallback };
}

export class EndpointMap {
  private resolved: Map<CloudMOperation, ResolvedEndpoint>;

  constructor(private readonly overrides: Partial<Record<CloudMOperation, OperationOverride>> = {}) {
    this.resolved = this.resolveAll(undefined);
  }

  /** Re-resolves every operation against the instance's OpenAPI document (undefined: it has none). */
  calibrate(document: ApiDocument | undefined): void {
    this.resolved = this.resolveAll(document);
  }

  get(operation: CloudMOperation): ResolvedEndpoint {
    const found = this.resolved.get(operation);
    if (!found) throw new Error(`no endpoint for ${operation}`);
    return found;
  }

  all(): ResolvedEndpoint[] {
    return CLOUDM_OPERATIONS.map((operation) => this.get(operation));
  }

  /** The request for `operation`: each argument where the instance wants it (placement.ts). */
  call(operation: CloudMOperation, request: OperationArguments = {}): EndpointCall {
    return place(this.get(operation), request);
  }

  private resolveAll(document: ApiDocument | undefined): Map<CloudMOperation, ResolvedEndpoint> {
    const out = new Map<CloudMOperation, ResolvedEndpoint>();
    for (const operation of CLOUDM_OPERATIONS) out.set(operation, this.resolve(operation, document));
    return out;
  }

  private resolve(operation: CloudMOperation, document: ApiDocument | undefined): ResolvedEndpoint {
    const spec: EndpointSpec = CLOUDM_ENDPOINTS[operation];
    const override = this.overrides[operation];
    const found =
      override?.method !== undefined || override?.path !== undefined || !document || operation === "openApi"
        ? undefined
        : discovered(operation, spec, document);
    const method = override?.method ?? found?.method ?? spec.method;
    const path = override?.path ?? found?.path ?? spec.path;
    const api = document ? listedOperation(document, method, path) : undefined;
    const declared = override?.body ?? (method === "GET" ? undefined : declaredBody(api));
    const moved = method !== spec.method || shapeOf(path) !== shapeOf(spec.path);
    return {
      operation,
      documented: spec.documented,
      method,
      path,
      body: declared ?? spec.body,
      bodyDeclared: declared !== undefined,
      source: override ? "override" : moved ? "openapi" : spec.documented ? "guide" : "guess",
      listed: document ? api !== undefined : undefined,
      api,
      params: override?.params ?? {},
    };
  }
}
