/** Builds one MCP session's server from the process's shared parts; registers tools, resources, prompts. */
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Logger } from "pino";
import type { CloudMClient } from "./api/cloudm/client.js";
import type { Config } from "./config.js";
import type { ServerHub } from "./hub.js";
import { registerPrompts } from "./prompts/index.js";
import { registerResources } from "./resources/index.js";
import type { StatisticsWatcher } from "./resources/watcher.js";
import { ConfirmationGate } from "./tools/confirm.js";
import { FileAccess } from "./tools/files.js";
import { registerTools, selectTools } from "./tools/index.js";

export const SERVER_NAME = "migrate-mcp";
export const SERVER_VERSION = "0.1.0";

/** What every session of the process shares: one client, one watcher, one hub, one gate. */
export interface SharedDeps {
  config: Config;
  cloudm: CloudMClient;
  instanceUrl: string;
  logger: Logger;
  watcher: StatisticsWatcher;
  hub: ServerHub;
  gate: ConfirmationGate;
}

export function createShared(deps: Omit<SharedDeps, "gate">): SharedDeps {
  return {
    ...deps,
    gate: new ConfirmationGate(deps.config.confirm, deps.config.confirmTtlSeconds, deps.logger),
  };
}

export function createServer({
  config,
  cloudm,
  instanceUrl,
  logger,
  watcher,
  hub,
  gate,
}: SharedDeps): McpServer {
  const simulator = config.mode === "demo";
  const server = new McpServer(
    {
      name: SERVER_NAME,
      version: SERVER_VERSION,
      title: simulator ? "CloudM Migrate (SIMULATOR)" : "CloudM Migrate",
    },
    {
      capabilities: { logging: {} },
      instructions: [
        simulator
          ? "This server is connected to the CloudM Migrate SIMULATOR: demo data, nothing real is migrated."
          : `CloudM Migrate at ${instanceUrl}.`,
        "Workflow: whoami, connections (create_connection, test_connection), create_project, create_batch, add users, start_migration CheckUsersOnly, then StartMigration; follow with wait_for_migration; get_report at the end.",
        "Destructive tools (start/stop/overwrite) ask for confirmation: show the preview to the user and only proceed on their explicit yes.",
      ].join("\n"),
    },
  );
  registerTools(server, selectTools(config), {
    cloudm,
    logger,
    files: new FileAccess(config.allowedDirs),
    gate,
    watcher,
    resourcesChanged: () => hub.resourceListChanged(),
    simulator,
    instanceUrl,
    connectionKey: randomUUID(),
  });
  registerResources(server, { cloudm, watcher });
  registerPrompts(server, cloudm);
  hub.add(server);
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    hub.remove(server);
    previousOnClose?.();
  };
  return server;
}
