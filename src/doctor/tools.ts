/**
 * The tools the server would register with this configuration, by toolset, chosen by the very
 * selection the server makes (selectTools), so the doctor cannot disagree with what a client sees.
 */
import type { Config } from "../config.js";
import type { Provider } from "../tools/define.js";
import { ALL_TOOLS, selectTools } from "../tools/index.js";
import { TOOLSET_DESCRIPTIONS, TOOLSETS } from "../tools/toolsets.js";
import { type Check, fail, note, ok } from "./check.js";

const SUBJECT = "Tools";
const PROVIDER_NAMES: Record<Provider, string> = { cloudm: "CloudM", migrateclouds: "MigrateClouds" };

export function checkTools(config: Config, providers: ReadonlySet<Provider>): Check[] {
  const selected = selectTools({ ...config, providers });
  const countIn = (toolset: string) => selected.filter((t) => t.toolset === toolset).length;
  const parts = TOOLSETS.flatMap((toolset) => {
    const count = countIn(toolset);
    if (config.toolsets.has(toolset))
      return [`${toolset} ${count}${count === 0 ? emptyBecause(toolset, providers) : ""}`];
    // Tools of a toolset that is not enabled come from --tools.
    return count > 0 ? [`${toolset} ${count} (--tools)`] : [];
  });
  const checks = [
    selected.length > 0
      ? ok(SUBJECT, `${selected.length} would be registered: ${parts.join(", ")}`)
      : fail(
          SUBJECT,
          `no tool would be registered (toolsets: ${parts.join(", ")})`,
          "enable a toolset of a configured upstream with --toolsets (or MIGRATE_MCP_TOOLSETS), or remove --exclude-tools",
        ),
  ];
  const off = TOOLSETS.filter((t) => !config.toolsets.has(t));
  if (off.length > 0)
    checks.push(
      note(
        SUBJECT,
        `also available with --toolsets: ${off.map((t) => `${t} (${TOOLSET_DESCRIPTIONS[t]})`).join("; ")}`,
      ),
    );
  if (config.readOnly) {
    const writers = selectTools({ ...config, providers, readOnly: false }).length - selected.length;
    checks.push(note(SUBJECT, `read-only mode: the ${writers} tools that write are not registered`));
  }
  return checks;
}

/** Why an enabled toolset contributes nothing, when it is that its upstream is not configured. */
function emptyBecause(toolset: string, providers: ReadonlySet<Provider>): string {
  const needed = new Set(ALL_TOOLS.filter((t) => t.toolset === toolset).map((t) => t.provider ?? "cloudm"));
  const missing = [...needed].filter((p) => !providers.has(p));
  return missing.length === needed.size && missing.length > 0
    ? ` (${missing.map((p) => PROVIDER_NAMES[p]).join(", ")} not configured)`
    : "";
}
