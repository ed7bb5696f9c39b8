/**
 * Which tools the server offers: the toolsets (`--toolsets`, or all of them), and single tools added
 * (`--tools`) and removed (`--exclude-tools`), each name checked against the catalog's.
 */
import { TOOL_NAMES } from "../tools/names.js";
import { DEFAULT_TOOLSETS, TOOLSETS, type Toolset } from "../tools/toolsets.js";
import { commaList, type Env } from "./env.js";

export interface ToolSelection {
  toolsets: ReadonlySet<Toolset>;
  includeTools: ReadonlySet<string>;
  excludeTools: ReadonlySet<string>;
}

export function toolSelectionFrom(
  flags: { toolsets?: string; tools?: string; "exclude-tools"?: string },
  env: Env,
  problems: string[],
): ToolSelection {
  const toolsetText = flags.toolsets ?? env.MIGRATE_MCP_TOOLSETS;
  const requested = !toolsetText
    ? [...DEFAULT_TOOLSETS]
    : toolsetText.trim() === "all"
      ? [...TOOLSETS]
      : commaList(toolsetText);
  const unknown = requested.filter((t) => !TOOLSETS.includes(t as Toolset));
  if (unknown.length > 0)
    problems.push(
      `Unknown toolset(s) ${unknown.join(", ")}; choose from ${TOOLSETS.join(", ")} (--toolsets / MIGRATE_MCP_TOOLSETS)`,
    );

  const toolNames: ReadonlySet<string> = new Set(TOOL_NAMES);
  const includeTools = commaList(flags.tools ?? env.MIGRATE_MCP_TOOLS);
  const excludeTools = commaList(flags["exclude-tools"] ?? env.MIGRATE_MCP_EXCLUDE_TOOLS);
  const unknownTools = [...includeTools, ...excludeTools].filter((t) => !toolNames.has(t));
  if (unknownTools.length > 0)
    problems.push(
      `Unknown tool(s) ${unknownTools.join(", ")} in --tools/--exclude-tools; see the README's tool table`,
    );
  return {
    toolsets: new Set(requested as Toolset[]),
    includeTools: new Set(includeTools),
    excludeTools: new Set(excludeTools),
  };
}
