/**
 * Which role a tool call needs in OAuth mode, from facts the tool already states: reading needs `read`;
 * deleting, administration (admin users, the service fleet, licences), domain mappings and raw API
 * writes need `admin`; every other change (create, import, start, stop, restart, schedule, scan) needs
 * `operate`. A call_api GET changes nothing, so it needs only `read`.
 */
import type { ScopeChallengeHandler } from "@modelcontextprotocol/server";
import type { Role } from "../config/oauth.js";
import type { ToolDefinition } from "./define.js";

const ADMIN_TOOLSETS = new Set(["admin", "domains", "api"]);

function roleOf(tool: ToolDefinition, args: Record<string, unknown> | undefined): Role {
  if (tool.annotations.readOnlyHint) return "read";
  if (tool.name === "call_api" && args?.method === "GET") return "read";
  if (ADMIN_TOOLSETS.has(tool.toolset) || tool.name.startsWith("delete_")) return "admin";
  return "operate";
}

/**
 * The SDK's per-call scope check: a caller whose token lacks the scope of the role the call needs gets
 * HTTP 403 `insufficient_scope` naming it, before anything is read upstream. Callers without a
 * verified token (stdio, loopback, the shared token) are not checked here.
 */
export function scopeChallengeOf(
  tool: ToolDefinition,
  scopes: Readonly<Record<Role, string>>,
): ScopeChallengeHandler {
  return ({ request, authInfo }) => {
    if (!authInfo) return undefined;
    const args = (request.params as { arguments?: Record<string, unknown> } | undefined)?.arguments;
    const needed = scopes[roleOf(tool, args ?? {})];
    return authInfo.scopes.includes(needed)
      ? undefined
      : { scopes: [needed], errorDescription: `${tool.name} needs the ${needed} scope` };
  };
}

/** Whether a caller holding `granted` scopes may call the tool at all (tools/list shows only those). */
export function mayCall(
  tool: ToolDefinition,
  granted: readonly string[],
  scopes: Readonly<Record<Role, string>>,
): boolean {
  // call_api's GETs need only read: a reader still sees it, and its writes are refused one by one.
  const least = roleOf(tool, tool.name === "call_api" ? { method: "GET" } : undefined);
  return granted.includes(scopes[least]);
}
