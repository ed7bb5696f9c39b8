/**
 * The doctor's Endpoints section: for every CloudM tool the server would serve, whether each endpoint
 * it calls (its `endpoints`) exists on this instance. A missing guessed endpoint degrades its tool: a
 * warning for the core lifecycle's tools, a note for the others. A missing documented one fails.
 */
import type { CloudMClient } from "../api/cloudm/client.js";
import type { EndpointSource } from "../api/cloudm/endpoints.js";
import type { ResolvedEndpoint } from "../api/cloudm/routing/resolved.js";
import type { ToolDefinition } from "../tools/define.js";
import { DEFAULT_TOOLSETS } from "../tools/toolsets.js";
import { type Check, fail, note, ok, warn } from "./check.js";
import { type Calibration, calibrate, type Finding, findEndpoints } from "./probe.js";

const SUBJECT = "Endpoints";
const ENDPOINTS_FIX =
  "set MIGRATE_MCP_ENDPOINTS to a JSON file mapping the operation to this instance's path (see README, Connecting to your instance)";
const DOCUMENTED_FIX =
  "the guide documents this endpoint, so the instance should serve it: check that CLOUDM_URL is its base address with no extra path; if it serves the endpoint elsewhere, map it with MIGRATE_MCP_ENDPOINTS (see README, Connecting to your instance)";
/** Tools that call whatever path they are given: nothing to check ahead. */
const ANY_PATH = new Set(["call_api"]);

const SOURCE: Record<EndpointSource, string> = {
  guide: "documented in the guide",
  guess: "guessed",
  openapi: "remapped by /openapi/v1.json",
  override: "from MIGRATE_MCP_ENDPOINTS",
};

const route = (e: ResolvedEndpoint) => `${e.method} ${e.path}`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export async function checkEndpoints(
  client: CloudMClient,
  served: readonly ToolDefinition[],
): Promise<Check[]> {
  const tools = served.filter((t) => (t.provider ?? "cloudm") === "cloudm");
  const calibration = await calibrate(client);
  const findings = await findEndpoints(
    client,
    tools.flatMap((t) => t.endpoints ?? []),
    calibration,
  );
  return [
    calibrationCheck(calibration),
    ...documentProblems(calibration),
    ...remapChecks(client.endpoints.all()),
    ...toolChecks(tools, (t) => (t.endpoints ?? []).flatMap((op) => findings.get(op) ?? [])),
  ];
}

function calibrationCheck(calibration: Calibration): Check {
  if (calibration.document) return ok(SUBJECT, "checked against the instance's /openapi/v1.json");
  const probed =
    "reads (GET) probed with ids that match nothing; writes not probed, as a write is not harmless";
  if (calibration.error !== undefined) {
    const why = calibration.error instanceof Error ? calibration.error.message : String(calibration.error);
    return note(SUBJECT, `could not read /openapi/v1.json (${why}): ${probed}`);
  }
  return note(
    SUBJECT,
    `the instance serves no /openapi/v1.json, so tools use the built-in paths and settings tables: ${probed}`,
  );
}

/** Most of a document's problems a reader needs to see; the rest counted. */
const PROBLEMS_SHOWN = 5;

/** What of the instance's document could not be read: skipped, the rest still used. */
function documentProblems(calibration: Calibration): Check[] {
  const { problems } = calibration;
  if (problems.length === 0) return [];
  const shown = problems.slice(0, PROBLEMS_SHOWN).join("; ");
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : "";
  return [
    note(
      SUBJECT,
      `${plural(problems.length, "part")} of /openapi/v1.json could not be read and ${problems.length === 1 ? "was" : "were"} skipped (the rest is used): ${shown}${more}`,
    ),
  ];
}

/** Operations whose path is not the table's own, with the path now used. */
function remapChecks(endpoints: readonly ResolvedEndpoint[]): Check[] {
  const moved = (source: EndpointSource) =>
    endpoints
      .filter((e) => e.source === source)
      .map((e) => `${e.operation} → ${route(e)}`)
      .join("; ");
  const remapped = moved("openapi");
  const overridden = moved("override");
  return [
    ...(remapped ? [ok(SUBJECT, `remapped by the instance's /openapi/v1.json: ${remapped}`)] : []),
    ...(overridden ? [ok(SUBJECT, `overridden by MIGRATE_MCP_ENDPOINTS: ${overridden}`)] : []),
  ];
}

/** A missing /openapi/v1.json is said once above: the tools that read it fall back, it is no problem of theirs. */
const isProblem = (f: Finding) =>
  f.presence === "unknown" || (f.presence === "missing" && f.endpoint.operation !== "openApi");
const isRequired = (f: Finding) => f.presence === "missing" && f.endpoint.documented;

function describe(f: Finding): string {
  const state = f.presence === "unknown" ? `could not be checked (${f.detail ?? "no answer"})` : f.presence;
  return `${route(f.endpoint)} ${state} (${SOURCE[f.endpoint.source]})`;
}

function toolCheck(tool: ToolDefinition, problems: readonly Finding[]): Check {
  const message = `${tool.name}: ${problems.map(describe).join("; ")}`;
  if (problems.some(isRequired)) return fail(SUBJECT, message, DOCUMENTED_FIX);
  if (problems.some((f) => f.presence === "missing") && DEFAULT_TOOLSETS.includes(tool.toolset))
    return warn(SUBJECT, `${message}; the tool does what it can without it`, ENDPOINTS_FIX);
  return note(SUBJECT, message);
}

/** One line per tool with a missing or unchecked endpoint; the rest summed up. */
function toolChecks(tools: readonly ToolDefinition[], findingsOf: (t: ToolDefinition) => Finding[]): Check[] {
  const found: string[] = [];
  const unprobed: string[] = [];
  const unchecked: string[] = [];
  const lines: Check[] = [];
  let firstDegraded: number | undefined;
  for (const tool of tools) {
    const findings = findingsOf(tool);
    if (findings.length === 0) {
      unchecked.push(tool.name);
      continue;
    }
    const problems = findings.filter(isProblem);
    if (problems.length === 0) {
      (findings.some((f) => f.presence === "unprobed") ? unprobed : found).push(tool.name);
      continue;
    }
    if (problems.some((f) => f.presence === "missing")) firstDegraded ??= lines.length;
    lines.push(toolCheck(tool, problems));
  }
  // The fix is the same for every degraded tool: under each warning, else under the first degraded note.
  const first = firstDegraded === undefined ? undefined : lines[firstDegraded];
  if (first?.status === "note" && !lines.some((c) => c.status === "warn"))
    lines[firstDegraded ?? 0] = { ...first, fix: ENDPOINTS_FIX };
  const [anyPath, undeclared] = [
    unchecked.filter((n) => ANY_PATH.has(n)),
    unchecked.filter((n) => !ANY_PATH.has(n)),
  ];
  return [
    ...lines,
    ...(found.length > 0
      ? [ok(SUBJECT, `${found.length} of ${plural(tools.length, "tool")}: every endpoint they use is there`)]
      : []),
    ...(unprobed.length > 0
      ? [
          note(
            SUBJECT,
            `${plural(unprobed.length, "tool")}: nothing found missing, but their writes were not probed: ${unprobed.join(", ")}`,
          ),
        ]
      : []),
    ...anyPath.map((name) =>
      note(
        SUBJECT,
        `${name}: calls whatever path under /api/ it is given, so there is nothing to check ahead`,
      ),
    ),
    ...(undeclared.length > 0
      ? [note(SUBJECT, `not checked, as they declare no endpoints: ${undeclared.join(", ")}`)]
      : []),
  ];
}
