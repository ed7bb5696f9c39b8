/**
 * tools/list as the SDK would answer it, with compact schemas: every token of it is paid in every
 * conversation. Calls still go through the SDK's own handler and input validation. A view's tools and
 * their `_meta.ui` are listed only to a caller whose host renders apps: any other host would hand the
 * model a tool meant for a view alone.
 */
import type { McpServer, RegisteredTool, Tool } from "@modelcontextprotocol/server";
import type { Role } from "../config/oauth.js";
import type { Connection } from "../live/connection.js";
import { callerOf, rendersApps } from "./caller.js";
import type { ToolDefinition } from "./define.js";
import { mayCall } from "./roles.js";
import type { ToolSchemas } from "./tool-schemas.js";

/** A tool as registered: its name, the SDK's handle (enabled, title, `_meta`), its schemas, its definition. */
export type RegisteredEntry = [string, RegisteredTool, ToolSchemas, ToolDefinition];

export function serveCompactToolList(
  server: McpServer,
  registered: RegisteredEntry[],
  {
    connection,
    oauthScopes,
  }: { connection: Connection; oauthScopes: Readonly<Record<Role, string>> | undefined },
): void {
  server.server.setRequestHandler("tools/list", (_request, extra) => {
    const apps = rendersApps(callerOf(extra, connection).capabilities);
    // In OAuth mode a caller is shown only what its token lets it call.
    const granted = extra.http?.authInfo?.scopes;
    const allowed = (definition: ToolDefinition) =>
      !oauthScopes || granted === undefined || mayCall(definition, granted, oauthScopes);
    return {
      tools: registered
        .filter(([, , , definition]) => allowed(definition))
        .flatMap(([name, tool, schemas]) => listed(name, tool, schemas, apps)),
    };
  });
}

function listed(name: string, tool: RegisteredTool, schemas: ToolSchemas, apps: boolean): Tool[] {
  const ui = tool._meta?.ui as { visibility?: string[] } | undefined;
  if (!tool.enabled || (ui && !apps && ui.visibility?.includes("model") === false)) return [];
  return [
    {
      name,
      ...(tool.title ? { title: tool.title } : {}),
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: schemas.listed.input,
      outputSchema: schemas.listed.output,
      ...(tool.annotations ? { annotations: tool.annotations } : {}),
      ...(tool._meta && apps ? { _meta: tool._meta } : {}),
    },
  ];
}
