/**
 * Whether this instance serves each CloudM operation: from its OpenAPI document when it serves one,
 * else by asking. Only GETs are asked, with ids that match nothing: a write is never harmless, so a
 * write the document cannot vouch for is left unprobed (or, when the guide documents it, taken as given).
 */
import type { CloudMClient } from "../api/cloudm/client.js";
import type { CloudMOperation } from "../api/cloudm/endpoints.js";
import type { ResolvedEndpoint } from "../api/cloudm/routing/resolved.js";
import { platformInfo } from "../api/cloudm/platforms.js";
import { ApiError, RouteMissingError } from "../api/errors.js";
import type { QueryValue } from "../api/http.js";

/** `documented`: a write the guide documents, not probed and taken as present. */
export type Presence = "exists" | "missing" | "unknown" | "unprobed" | "documented";

export interface Finding {
  endpoint: ResolvedEndpoint;
  presence: Presence;
  /** Why an `unknown` could not be told ("HTTP 503", a lost connection). */
  detail?: string;
}

/**
 * Whether the instance served its OpenAPI document, and what of it could not be read; `error` when
 * reading it failed for a passing reason.
 */
export type Calibration = { document: boolean; problems: readonly string[]; error?: unknown };

/** Reads the instance's OpenAPI document and calibrates the endpoint map with it, as the client does on first use. */
export async function calibrate(client: CloudMClient): Promise<Calibration> {
  try {
    const document = await client.calibrateFromDocument();
    return { document: document !== undefined, problems: document?.problems ?? [] };
  } catch (error) {
    return { document: false, problems: [], error };
  }
}

const ZERO_GUID = "00000000-0000-0000-0000-000000000000";
const SAMPLE_PLATFORM = platformInfo("Microsoft365").endpoint;
/** Probes at once: enough to be quick, few enough not to look like a flood to the instance. */
const PROBES_AT_ONCE = 4;

/** Path parameters that match nothing (connection ids are integers, the other ids GUIDs). */
function dummyParams(path: string): Record<string, QueryValue> {
  // Ids in the query too: a list then answers small, and a read that needs one is not refused for its absence.
  const params: Record<string, QueryValue> = { configurationId: ZERO_GUID, projectId: ZERO_GUID };
  for (const [, name = ""] of path.matchAll(/\{([^}]+)\}/g))
    params[name] = name === "platformEndpoint" ? SAMPLE_PLATFORM : name === "connectionId" ? 0 : ZERO_GUID;
  return params;
}

/**
 * Any answer from the route itself means it exists: a 2xx, a 404 with a problem body (no such id), a
 * 400. A 404 with no body, 405 or 501 is routing's own answer (RouteMissingError); 5xx, 408, 429 and a
 * lost connection tell nothing.
 */
async function probe(
  client: CloudMClient,
  endpoint: ResolvedEndpoint,
  signal?: AbortSignal,
): Promise<Finding> {
  const { operation, path } = endpoint;
  try {
    await client.requestText({ operation, params: dummyParams(path), signal });
    return { endpoint, presence: "exists" };
  } catch (error) {
    if (error instanceof RouteMissingError) return { endpoint, presence: "missing" };
    const status = error instanceof ApiError ? error.status : undefined;
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
      return { endpoint, presence: "exists" };
    return {
      endpoint,
      presence: "unknown",
      detail: status === undefined ? errorText(error) : `HTTP ${status}`,
    };
  }
}

function fromDocument(endpoint: ResolvedEndpoint, calibration: Calibration): Finding | undefined {
  // The document itself: the guide names it, and the client works without it.
  if (endpoint.operation === "openApi")
    return calibration.document || calibration.error === undefined
      ? { endpoint, presence: calibration.document ? "exists" : "missing" }
      : { endpoint, presence: "unknown", detail: errorText(calibration.error) };
  if (endpoint.listed === undefined) return undefined;
  return { endpoint, presence: endpoint.listed ? "exists" : "missing" };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the instance has of each operation; call `calibrate` first. */
export async function findEndpoints(
  client: CloudMClient,
  operations: readonly CloudMOperation[],
  calibration: Calibration,
  signal?: AbortSignal,
): Promise<Map<CloudMOperation, Finding>> {
  const found = new Map<CloudMOperation, Finding>();
  const toProbe: ResolvedEndpoint[] = [];
  for (const operation of new Set(operations)) {
    const endpoint = client.endpoints.get(operation);
    const known = fromDocument(endpoint, calibration);
    if (known) found.set(operation, known);
    else if (endpoint.method === "GET") toProbe.push(endpoint);
    else found.set(operation, { endpoint, presence: endpoint.documented ? "documented" : "unprobed" });
  }
  for (let i = 0; i < toProbe.length; i += PROBES_AT_ONCE) {
    const batch = toProbe.slice(i, i + PROBES_AT_ONCE);
    for (const finding of await Promise.all(batch.map((e) => probe(client, e, signal))))
      found.set(finding.endpoint.operation, finding);
  }
  return found;
}
