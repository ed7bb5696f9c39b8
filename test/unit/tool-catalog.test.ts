/** Rules every tool must follow, checked over the whole catalog so a new tool cannot skip them. */
import { describe, expect, it } from "vitest";
import { ALL_TOOLS, selectTools } from "../../src/tools/index.js";
import { TOOLSETS } from "../../src/tools/toolsets.js";

describe("tool catalog", () => {
  it("names tools snake_case, verb first, uniquely", () => {
    const names = ALL_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names)
      expect(name).toMatch(/^(get|list|create|update|add|import|start|stop|test|wait|whoami)(_[a-z]+)*$/);
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
    const all = new Set(TOOLSETS);
    expect(selectTools(all, true).every((t) => t.annotations.readOnlyHint)).toBe(true);
    expect(selectTools(all, false)).toHaveLength(ALL_TOOLS.length);
    expect(selectTools(new Set(["reports"] as const), false).map((t) => t.name)).toEqual(["get_report"]);
  });
});
