/** Domain replacement: the source → destination domain mapping of a project (api/DomainReplacement). */
import { z } from "zod";
import { optional } from "../api/cloudm/client.js";
import { DOMAIN_CSV_MAX_ROWS, DOMAIN_PATTERN, type DomainMapping } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted } from "../api/quoted.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { projectId } from "./projects.js";
import { noteLine, readBackLines, readBackShape, writtenFields, writtenShape } from "./written.js";

const mappingOut = z.object({ sourceDomain: z.string(), destinationDomain: z.string() });
/** Most lines of each kind a preview lists; the rest are counted. */
const PREVIEW_LINES = 50;

// Domains are checked in `checked` (naming the bad index), not with a long pattern every conversation pays for.
const mappingsInput = z
  .array(z.object({ sourceDomain: z.string(), destinationDomain: z.string() }))
  .max(DOMAIN_CSV_MAX_ROWS)
  .describe("The complete new mapping; [] clears it");

/** Lower-cased, checked mappings; a bad one is an error naming its index, before anything is sent. */
function checked(mappings: readonly DomainMapping[]): DomainMapping[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const out = mappings.map((m, i) => {
    const source = m.sourceDomain.trim().toLowerCase();
    const destination = m.destinationDomain.trim().toLowerCase();
    if (!DOMAIN_PATTERN.test(source))
      problems.push(`mappings[${i}].sourceDomain: '${m.sourceDomain}' is not a domain name`);
    if (!DOMAIN_PATTERN.test(destination))
      problems.push(`mappings[${i}].destinationDomain: '${m.destinationDomain}' is not a domain name`);
    if (source === destination) problems.push(`mappings[${i}]: '${source}' is mapped to itself`);
    const first = seen.get(source);
    if (first !== undefined)
      problems.push(`mappings[${i}].sourceDomain: '${source}' is already mapped by mappings[${first}]`);
    else seen.set(source, i);
    return { sourceDomain: source, destinationDomain: destination };
  });
  if (problems.length > 0)
    throw new ToolInputError(
      `${problems.slice(0, 10).join("; ")}. Fix these and call again; nothing was changed.`,
    );
  return out;
}

function capped(lines: string[]): string[] {
  return lines.length <= PREVIEW_LINES
    ? lines
    : [...lines.slice(0, PREVIEW_LINES), `... and ${lines.length - PREVIEW_LINES} more`];
}

/** `a.example -> b.example`: a row of a mapping, its domains as the instance holds them (plain, or quoted). */
const row = (source: string, destination: string) =>
  `${plainOrQuoted(source)} -> ${plainOrQuoted(destination)}`;

/** What replacing `before` with `after` does, keyed on the source domain. */
export function diffMappings(before: readonly DomainMapping[], after: readonly DomainMapping[]) {
  const old = new Map(before.map((m) => [m.sourceDomain.toLowerCase(), m.destinationDomain.toLowerCase()]));
  const next = new Map(after.map((m) => [m.sourceDomain, m.destinationDomain]));
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const [source, destination] of next) {
    const was = old.get(source);
    if (was === undefined) added.push(row(source, destination));
    else if (was !== destination) changed.push(`${plainOrQuoted(source)}: ${row(was, destination)}`);
    else unchanged++;
  }
  const removed = [...old].filter(([source]) => !next.has(source)).map(([s, d]) => row(s, d));
  return { added, removed, changed, unchanged };
}

export const domainTools = [
  defineTool({
    name: "get_domain_mapping",
    title: "Get domain mapping",
    description:
      "Get a project's domain replacements: how source domains in migrated addresses are rewritten to destination domains.",
    toolset: "domains",
    endpoints: ["getDomainMappings"],
    input: { projectId },
    output: { projectId: z.string(), mappings: z.array(mappingOut) },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{projectId}" },
    handler: async (args, ctx) => {
      const mappings = await ctx.cloudm.domains.getMappings(args.projectId, ctx.signal);
      const lines = mappings.map((m) => row(m.sourceDomain, m.destinationDomain));
      return {
        structured: { projectId: args.projectId, mappings },
        text:
          mappings.length === 0
            ? "No domain replacements; addresses keep their domains. Set some with replace_domain_mapping."
            : `${mappings.length} domain replacement(s):\n${capped(lines).join("\n")}`,
      };
    },
  }),
  defineTool({
    name: "replace_domain_mapping",
    title: "Replace domain mapping",
    description:
      "Replace a project's whole domain-replacement mapping (get_domain_mapping first to keep rows). Asks for confirmation showing added, removed and changed rows.",
    toolset: "domains",
    endpoints: ["getDomainMappings", "uploadDomainMappings"],
    input: { projectId, mappings: mappingsInput },
    output: {
      projectId: z.string(),
      mappingCount: z.number().optional().describe("How many the instance holds now, as read back"),
      added: z.number(),
      removed: z.number(),
      changed: z.number(),
      ...readBackShape,
      ...writtenShape,
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: {
      projectId: "{scratchProjectId}",
      mappings: [{ sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" }],
    },
    preview: async (args, ctx) => {
      const next = checked(args.mappings);
      const current = await ctx.cloudm.domains.getMappings(args.projectId, ctx.signal);
      const diff = diffMappings(current, next);
      return {
        summary: `Replace the domain mapping of project ${args.projectId}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`,
        details: {
          added: capped(diff.added),
          removed: capped(diff.removed),
          changed: capped(diff.changed),
          unchanged: diff.unchanged,
        },
        stable: { current },
      };
    },
    handler: async (args, ctx) => {
      const next = checked(args.mappings);
      const api = ctx.cloudm.domains;
      const diff = diffMappings(await api.getMappings(args.projectId, ctx.signal), next);
      const written = await api.replaceMappings(args.projectId, next, ctx.signal);
      // Saved either way; reading the mapping back shows which rows the instance actually holds.
      const back = await optional(api.getMappings(args.projectId, ctx.signal));
      const left = back.ok ? diffMappings(back.value, next) : undefined;
      const notApplied = left
        ? [
            ...left.added.map((row) => ({ setting: row, asked: "saved", instanceHas: "absent" })),
            ...left.removed.map((row) => ({ setting: row, asked: "removed", instanceHas: "present" })),
            ...left.changed.map((row) => ({
              setting: row,
              asked: "this row",
              instanceHas: "the first of its kind",
            })),
          ]
        : [];
      const mappingCount = back.ok ? back.value.length : written.value?.mappingCount;
      const saved =
        mappingCount === undefined
          ? "Saved the domain replacements"
          : `Saved ${mappingCount} domain replacement(s)`;
      const unread = back.ok
        ? ""
        : `\nNot read back (${back.reason}): the saved mapping could not be confirmed.`;
      return {
        structured: {
          projectId: args.projectId,
          ...(mappingCount === undefined ? {} : { mappingCount }),
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          ...(notApplied.length > 0 ? { notApplied: notApplied.slice(0, PREVIEW_LINES) } : {}),
          ...writtenFields(written),
        },
        text: `${saved}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.${readBackLines({ notApplied: notApplied.slice(0, PREVIEW_LINES), unverified: [] })}${unread}${noteLine(written)}`,
      };
    },
  }),
];
