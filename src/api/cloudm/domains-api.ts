/**
 * api/DomainReplacement: a project's domain-replacement mapping, which travels as a CSV, or as JSON
 * (CloudM's `ReplacementValuesModel`, read by schemas/read-domains.ts). The CSV libraries load at first
 * use: few sessions touch domain replacement, and every start would pay.
 */
import { ApiError } from "../errors.js";
import type { HttpResponse } from "../http.js";
import { quoted } from "../quoted.js";
import { CLOUDM_PROVIDER } from "./endpoints.js";
import type { OperationSender, Written } from "./operation.js";
import {
  DOMAIN_CSV_COLUMNS,
  type DomainMapping,
  type DomainsSavedRecord,
  readDomainMappings,
  readDomainsSaved,
  unwrapEnvelope,
} from "./schemas/index.js";

/** Mappings → the CSV upstream takes (header row first). */
async function toDomainCsv(mappings: readonly DomainMapping[]): Promise<string> {
  const { stringify } = await import("csv-stringify/sync");
  return stringify(
    mappings.map((m) => [m.sourceDomain, m.destinationDomain]),
    { header: true, columns: [...DOMAIN_CSV_COLUMNS], record_delimiter: "\n" },
  );
}

function unexpectedMappings(response: HttpResponse, operation: string, what: string): ApiError {
  return new ApiError(
    `${CLOUDM_PROVIDER} answered ${operation} with ${what}; the reader in src/api/cloudm/domains-api.ts or schemas/read-domains.ts may need updating for this instance`,
    {
      provider: CLOUDM_PROVIDER,
      operation,
      requestId: response.requestId,
      status: response.status,
      code: "unexpected_response",
    },
    false,
  );
}

/** A JSON answer (CloudM's `{ values: [{ name, value }] }`, in its result envelope or not) → mappings. */
function fromDomainJson(response: HttpResponse, operation: string): DomainMapping[] {
  let raw: unknown;
  try {
    raw = JSON.parse(response.text) as unknown;
  } catch (error) {
    throw unexpectedMappings(response, operation, `JSON it could not parse (${(error as Error).message})`);
  }
  const unwrapped = unwrapEnvelope(raw);
  const mappings = unwrapped.ok ? readDomainMappings(unwrapped.value) : undefined;
  if (!mappings) throw unexpectedMappings(response, operation, "JSON holding no list of domain replacements");
  return mappings;
}

/** The CSV upstream sends → mappings; columns found by header name, so their order may differ. */
async function fromDomainCsv(response: HttpResponse, operation: string): Promise<DomainMapping[]> {
  const { parse } = await import("csv-parse/sync");
  const unexpected = (why: string) =>
    unexpectedMappings(response, operation, `an unexpected domain CSV (${why})`);
  let rows: string[][];
  try {
    rows = parse(response.text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw unexpected((error as Error).message);
  }
  const [header, ...data] = rows;
  if (!header) return [];
  const index = DOMAIN_CSV_COLUMNS.map((name) =>
    header.findIndex((h) => h.toLowerCase() === name.toLowerCase()),
  );
  const [source, destination] = index;
  if (source === undefined || destination === undefined || source < 0 || destination < 0)
    throw unexpected(`header is ${quoted(header.join(","))}, expected ${DOMAIN_CSV_COLUMNS.join(",")}`);
  return data
    .map((row) => ({ sourceDomain: row[source] ?? "", destinationDomain: row[destination] ?? "" }))
    .filter((m) => m.sourceDomain !== "" && m.destinationDomain !== "");
}

export class DomainReplacementApi {
  constructor(private readonly cloudm: OperationSender) {}

  // assumed: not in the guide (GET answers text/csv; JSON is read too)
  async getMappings(projectId: string, signal?: AbortSignal): Promise<DomainMapping[]> {
    const response = await this.cloudm.requestText({
      operation: "getDomainMappings",
      args: { projectId },
      headers: { accept: "text/csv, application/json;q=0.9" },
      signal,
    });
    const { method, path } = this.cloudm.endpoints.get("getDomainMappings");
    const json = /json/i.test(response.headers["content-type"] ?? "") || /^\s*[[{]/.test(response.text);
    return json
      ? fromDomainJson(response, `${method} ${path}`)
      : fromDomainCsv(response, `${method} ${path}`);
  }

  /** Replaces the project's whole mapping; an empty list clears it. */
  async replaceMappings(
    projectId: string,
    mappings: readonly DomainMapping[],
    signal?: AbortSignal,
  ): Promise<Written<DomainsSavedRecord | undefined>> {
    return this.uploadCsv(projectId, await toDomainCsv(mappings), signal);
  }

  // assumed: not in the guide (the CSV as a JSON string field)
  uploadCsv(
    projectId: string,
    csv: string,
    signal?: AbortSignal,
  ): Promise<Written<DomainsSavedRecord | undefined>> {
    // Uploading the same CSV twice leaves the same mapping: safe to resend. Done once answered 2xx.
    return this.cloudm.write(
      {
        operation: "uploadDomainMappings",
        args: { projectId, csv: new File([csv], "domain-replacements.csv", { type: "text/csv" }) },
        idempotent: true,
        signal,
      },
      readDomainsSaved,
      undefined,
    );
  }
}
