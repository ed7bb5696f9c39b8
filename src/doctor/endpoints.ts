/**
 * The doctor's Endpoints section: for every CloudM tool the server would serve, whether each endpoint
 * it calls (its `endpoints`) exists on this instance, and so whether the tool works, is degraded or
 * cannot work (verdicts.ts). A default tool that cannot work fails the doctor; a degraded one warns.
 */
import { plural } from "../views/counts.js";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { EndpointSource } from "../api/cloudm/endpoints.js";
import type { ResolvedEndpoint } from "../api/cloudm/routing/resolved.js";
import type { ToolDefinition } from "../tools/define.js";
import { DEFAULT_TOOLSETS } from "../tools/toolsets.js";
import { type Check, fail, note, ok, warn } from "./check.js";
import { type Calibration, calibrate, type Finding, findEndpoints } from "./probe.js";
import { inferAbsentGroups, type ToolVerdict, verdictOf } from "./verdicts.js";

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

function describe(f: Finding): string {
  const state = f.presence === "unknown" ? `could not be checked (${f.detail ?? "no answer"})` : f.presence;
  return `${route(f.endpoint)} ${state} (${SOURCE[f.endpoint.source]}${f.presence === "missing" && f.detail ? `; ${f.detail}` : ""})`;
}

/** A tool's line: cannot fails the doctor for a default tool; degraded warns for one. */
function toolCheck(tool: ToolDefinition, verdict: ToolVerdict): Check {
  const isDefault = DEFAULT_TOOLSETS.includes(tool.toolset);
  const missing = verdict.missing.map(describe).join("; ");
  const unchecked = verdict.unchecked.map(describe).join("; ");
  const fix = verdict.missing.some((f) => f.endpoint.documented) ? DOCUMENTED_FIX : ENDPOINTS_FIX;
  if (verdict.verdict === "cannot" && tool.fallback === undefined) {
    const message = `${tool.name}: cannot work: ${missing}`;
    return isDefault ? fail(SUBJECT, message, fix) : warn(SUBJECT, message, fix);
  }
  if (verdict.verdict !== "works") {
    const without = tool.fallback === undefined ? "it does what it can without" : `it ${tool.fallback}`;
    const message = `${tool.name}: degraded: ${missing}; ${without}${tool.fallback === undefined ? " them" : ""}${unchecked ? `; ${unchecked}` : ""}`;
    return isDefault ? warn(SUBJECT, message, fix) : note(SUBJECT, message);
  }
  return note(SUBJECT, `${tool.name}: ${unchecked}`);
}

/** One line per tool that cannot work, is degraded or could not be checked; the rest summed up. */
function toolChecks(tools: readonly ToolDefinition[], findingsOf: (t: ToolDefinition) => Finding[]): Check[] {
  const works: string[] = [];
  const unprobed: string[] = [];
  const unchecked: string[] = [];
  const lines: Check[] = [];
  const inferred = inferAbsentGroups(tools.flatMap(findingsOf));
  for (const tool of tools) {
    const findings = inferred(findingsOf(tool));
    if (findings.length === 0) {
      unchecked.push(tool.name);
      continue;
    }
    const verdict = verdictOf(findings);
    if (verdict.verdict === "works" && verdict.unchecked.length === 0) {
      (verdict.unprobed.length > 0 ? unprobed : works).push(tool.name);
      continue;
    }
    lines.push(toolCheck(tool, verdict));
  }
  const [anyPath, undeclared] = [
    unchecked.filter((n) => ANY_PATH.has(n)),
    unchecked.filter((n) => !ANY_PATH.has(n)),
  ];
  return [
    ...lines,
    ...(works.length > 0
      ? [
          ok(
            SUBJECT,
            `${works.length} of ${plural(tools.length, "tool")} work: every endpoint they use is there`,
          ),
        ]
      : []),
    ...(unprobed.length > 0
      ? [
          note(
            SUBJECT,
            `${plural(unprobed.length, "tool")} should work: nothing they use is missing, but their writes were not probed: ${unprobed.join(", ")}`,
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
