/**
 * api/DomainReplacement: a project's domain-replacement mapping, which travels as a CSV. The CSV
 * libraries load at first use: few sessions touch domain replacement, and every start would pay.
 */
import { ApiError } from "../errors.js";
import type { HttpResponse } from "../http.js";
import { CLOUDM_PROVIDER } from "./endpoints.js";
import type { OperationSender } from "./operation.js";
import {
  DOMAIN_CSV_COLUMNS,
  type DomainCsvSaved,
  type DomainMapping,
  domainCsvSaved,
} from "./schemas/index.js";

/** Mappings → the CSV upstream takes (header row first). */
async function toDomainCsv(mappings: readonly DomainMapping[]): Promise<string> {
  const { stringify } = await import("csv-stringify/sync");
  return stringify(
    mappings.map((m) => [m.sourceDomain, m.destinationDomain]),
    { header: true, columns: [...DOMAIN_CSV_COLUMNS], record_delimiter: "\n" },
  );
}

/** The CSV upstream sends → mappings; columns found by header name, so their order may differ. */
async function fromDomainCsv(response: HttpResponse, operation: string): Promise<DomainMapping[]> {
  const { parse } = await import("csv-parse/sync");
  const unexpected = (why: string) =>
    new ApiError(
      `${CLOUDM_PROVIDER} answered ${operation} with an unexpected domain CSV (${why}); the API schema in src/api may need updating for this instance`,
      {
        provider: CLOUDM_PROVIDER,
        operation,
        requestId: response.requestId,
        status: response.status,
        code: "unexpected_response",
      },
      false,
    );
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
    throw unexpected(`header is '${header.join(",")}', expected ${DOMAIN_CSV_COLUMNS.join(",")}`);
  return data
    .map((row) => ({ sourceDomain: row[source] ?? "", destinationDomain: row[destination] ?? "" }))
    .filter((m) => m.sourceDomain !== "" && m.destinationDomain !== "");
}

export class DomainReplacementApi {
  constructor(private readonly cloudm: OperationSender) {}

  // assumed: not in the guide (GET answers text/csv)
  async getMappings(projectId: string, signal?: AbortSignal): Promise<DomainMapping[]> {
    const response = await this.cloudm.requestText({
      operation: "getDomainMappings",
      args: { projectId },
      headers: { accept: "text/csv" },
      signal,
    });
    const { method, path } = this.cloudm.endpoints.get("getDomainMappings");
    return fromDomainCsv(response, `${method} ${path}`);
  }

  /** Replaces the project's whole mapping; an empty list clears it. */
  async replaceMappings(
    projectId: string,
    mappings: readonly DomainMapping[],
    signal?: AbortSignal,
  ): Promise<DomainCsvSaved> {
    return this.uploadCsv(projectId, await toDomainCsv(mappings), signal);
  }

  // assumed: not in the guide (the CSV as a JSON string field, or a file where the instance takes multipart)
  uploadCsv(projectId: string, csv: string, signal?: AbortSignal): Promise<DomainCsvSaved> {
    // Uploading the same CSV twice leaves the same mapping: safe to resend.
    return this.cloudm.request(
      {
        operation: "uploadDomainMappings",
        args: { projectId, csv: new File([csv], "domain-replacements.csv", { type: "text/csv" }) },
        idempotent: true,
        signal,
      },
      domainCsvSaved,
    );
  }
}
