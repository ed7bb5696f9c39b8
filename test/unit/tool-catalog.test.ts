/** Rules every tool must follow, checked over the whole catalog so a new tool cannot skip them. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLOUDM_ENDPOINTS } from "../../src/api/cloudm/endpoints.js";
import { ALL_TOOLS, selectTools } from "../../src/tools/index.js";
import { TOOLSETS } from "../../src/tools/toolsets.js";

describe("tool catalog", () => {
  it("names tools snake_case, verb first, uniquely", () => {
    const names = ALL_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names)
      expect(name).toMatch(
        /^(get|list|create|update|add|import|start|stop|test|wait|whoami|query|replace|delete|mark|change|schedule|cancel|run|describe|call|rename|archive|restore|preflight|triage|summarize|export|show|refresh)(_[a-z]+)*$/,
      );
  });

  it("has a behaviour test file for every tool group, naming each of the group's tools", () => {
    const groups = readdirSync("src/tools").filter((f) =>
      readFileSync(`src/tools/${f}`, "utf8").includes("defineTool({"),
    );
    expect(groups.length).toBeGreaterThan(10);
    for (const file of groups) {
      const source = readFileSync(`src/tools/${file}`, "utf8");
      const test = readFileSync(`test/tools/${file.replace(/\.ts$/, ".test.ts")}`, "utf8");
      for (const [, name] of source.matchAll(/name: "([a-z_]+)",\n\s+title:/g))
        expect(test, `test/tools/${file} exercises ${name}`).toContain(`"${name}"`);
    }
  });

  it("declares every annotation, never read-only and destructive at once", () => {
    for (const tool of ALL_TOOLS) {
      const a = tool.annotations;
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const)
        expect(typeof a[hint], `${tool.name}.${hint}`).toBe("boolean");
      expect(a.readOnlyHint && a.destructiveHint, tool.name).toBe(false);
    }
  });

  it("gates exactly the destructive tools behind a preview", () => {
    for (const tool of ALL_TOOLS)
      expect(tool.preview !== undefined, tool.name).toBe(tool.annotations.destructiveHint);
  });

  it("keeps descriptions short enough to be cheap in every conversation", () => {
    for (const tool of ALL_TOOLS) expect(tool.description.length, tool.name).toBeLessThanOrEqual(200);
  });

  it("registers only read-only tools in read-only mode, and filters by toolset", () => {
    const none = new Set<string>();
    const providers = new Set(["cloudm", "migrateclouds"] as const);
    const all = { toolsets: new Set(TOOLSETS), includeTools: none, excludeTools: none, providers };
    expect(selectTools({ ...all, readOnly: true }).every((t) => t.annotations.readOnlyHint)).toBe(true);
    expect(selectTools({ ...all, readOnly: false })).toHaveLength(ALL_TOOLS.length);
    const reports = { toolsets: new Set(["reports"] as const), readOnly: false, providers };
    expect(selectTools({ ...reports, includeTools: none, excludeTools: none }).map((t) => t.name)).toEqual([
      "get_report",
    ]);
    // Precedence: read-only, then exclude, then include.
    const picked = selectTools({
      ...reports,
      includeTools: new Set(["whoami", "stop_migration"]),
      excludeTools: none,
    });
    expect(picked.map((t) => t.name).sort()).toEqual(["get_report", "stop_migration", "whoami"]);
    const excluded = selectTools({
      ...reports,
      includeTools: new Set(["whoami"]),
      excludeTools: new Set(["whoami", "get_report"]),
    });
    expect(excluded).toEqual([]);
    const readOnly = selectTools({
      ...reports,
      readOnly: true,
      includeTools: new Set(["stop_migration", "whoami"]),
      excludeTools: none,
    });
    expect(readOnly.map((t) => t.name)).toEqual(["whoami"]);
  });

  it("declares the CloudM operations of every CloudM tool, each one in the endpoint map", () => {
    // call_api reaches whatever path it is given: there is nothing to declare, and doctor says so.
    const cloudm = ALL_TOOLS.filter((t) => (t.provider ?? "cloudm") === "cloudm" && t.name !== "call_api");
    const undeclared = cloudm.filter((t) => (t.endpoints ?? []).length === 0).map((t) => t.name);
    expect(undeclared, "CloudM tools without endpoints").toEqual([]);
    const unknown = cloudm.flatMap((t) =>
      (t.endpoints ?? [])
        .filter((op) => !Object.hasOwn(CLOUDM_ENDPOINTS, op))
        .map((op) => `${t.name}: ${op}`),
    );
    expect(unknown, "operations not in CLOUDM_ENDPOINTS").toEqual([]);
    const others = ALL_TOOLS.filter((t) => t.provider !== undefined && t.provider !== "cloudm");
    for (const tool of others) expect(tool.endpoints ?? [], tool.name).toEqual([]);
  });
});
