/** Domain replacement (api/DomainReplacement): each project's SourceDomain,DestinationDomain CSV, checked row by row. */
import { stringify } from "csv-stringify/sync";
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { type CsvRecord, parseCsvLines } from "./csv-lines.js";
import { findProject } from "./lookup.js";
import { iso } from "./views.js";
import {
  DOMAIN_CSV_COLUMNS,
  DOMAIN_CSV_MAX_ROWS,
  DOMAIN_PATTERN,
  type DomainMapping,
  domainCsvSaved,
  uploadDomainCsvRequest,
} from "./wire/domains.js";

export type DomainCsvOutcome =
  { ok: true; mappings: DomainMapping[] } | { ok: false; errors: Record<string, string[]> };

/** Reads an uploaded mapping strictly: exact header, two columns, valid distinct domains; errors keyed `row N` (file line). */
export function readDomainCsv(text: string): DomainCsvOutcome {
  let records: CsvRecord[];
  try {
    records = parseCsvLines(text);
  } catch (error) {
    return { ok: false, errors: { csv: [`Not valid CSV: ${(error as Error).message}`] } };
  }
  const expected = DOMAIN_CSV_COLUMNS.join(",");
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: { csv: [`The CSV is empty; its first row must be ${expected}`] } };
  if (header.cells.join(",").toLowerCase() !== expected.toLowerCase())
    return { ok: false, errors: { [`row ${header.line}`]: [`The header must be ${expected}`] } };
  if (rows.length > DOMAIN_CSV_MAX_ROWS)
    return { ok: false, errors: { csv: [`At most ${DOMAIN_CSV_MAX_ROWS} mappings, got ${rows.length}`] } };
  const errors: Record<string, string[]> = {};
  const firstRow = new Map<string, number>();
  const mappings: DomainMapping[] = [];
  for (const { cells: record, line } of rows) {
    const row = `row ${line}`;
    const problems: string[] = [];
    if (record.length !== 2) {
      errors[row] = [`Expected 2 columns (${expected}), got ${record.length}`];
      continue;
    }
    const [source = "", destination = ""] = record.map((d) => d.toLowerCase());
    for (const [column, value] of [
      ["SourceDomain", source],
      ["DestinationDomain", destination],
    ] as const) {
      if (!DOMAIN_PATTERN.test(value)) problems.push(`${column} '${value}' is not a valid domain name`);
    }
    if (source === destination) problems.push(`SourceDomain '${source}' is mapped to itself`);
    const earlier = firstRow.get(source);
    if (earlier !== undefined) problems.push(`SourceDomain '${source}' is already mapped on row ${earlier}`);
    else firstRow.set(source, line);
    if (problems.length > 0) errors[row] = problems;
    else mappings.push({ sourceDomain: source, destinationDomain: destination });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, mappings };
}

export function domainRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: "GET",
      pattern: "/api/DomainReplacement/{projectId}",
      authenticated: true,
      doc: {
        summary: "A project's domain replacements as CSV (SourceDomain,DestinationDomain)",
        produces: "text/csv",
      },
      handler: (request) => {
        const project = findProject(ctx, request.params.projectId ?? "");
        if (!project.ok) return project.response;
        const mappings = state.domainMappings.get(project.value.projectId)?.mappings ?? [];
        return {
          status: 200,
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="DomainReplacement-${project.value.projectId}.csv"`,
          },
          body: stringify(
            mappings.map((m) => [m.sourceDomain, m.destinationDomain]),
            { header: true, columns: [...DOMAIN_CSV_COLUMNS], record_delimiter: "\n" },
          ),
        };
      },
    },
    {
      method: "POST",
      pattern: "/api/DomainReplacement/upload",
      authenticated: true,
      doc: {
        summary: "Replace a project's domain replacements with a CSV",
        body: uploadDomainCsvRequest,
        response: domainCsvSaved,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], uploadDomainCsvRequest);
        if (!parsed.ok) return parsed.response;
        const project = findProject(ctx, parsed.value.projectId);
        if (!project.ok) return project.response;
        const outcome = readDomainCsv(parsed.value.csv);
        if (!outcome.ok) {
          const rows = Object.entries(outcome.errors);
          const listed = rows
            .slice(0, 5)
            .map(([where, messages]) => `${where}: ${messages.join("; ")}`)
            .join(" | ");
          return problem(
            400,
            `The domain CSV has ${rows.length} problem(s), nothing was changed: ${listed}`,
            outcome.errors,
          );
        }
        const saved = { mappings: outcome.mappings, updatedOn: ctx.clock.now() };
        state.domainMappings.set(project.value.projectId, saved);
        return {
          status: 200,
          body: {
            projectId: project.value.projectId,
            mappingCount: saved.mappings.length,
            updatedOn: iso(saved.updatedOn),
          },
        };
      },
    },
  ];
}
