/** Builds the MCP server from its dependencies: registers tools; does no I/O of its own. */
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Logger } from "pino";
import type { CloudMClient } from "./api/cloudm/client.js";
import type { Config } from "./config.js";
import { ConfirmationGate } from "./tools/confirm.js";
import { FileAccess } from "./tools/files.js";
import { registerTools, selectTools } from "./tools/index.js";

export const SERVER_NAME = "migrate-mcp";
export const SERVER_VERSION = "0.1.0";

export interface ServerDeps {
  config: Config;
  cloudm: CloudMClient;
  instanceUrl: string;
  logger: Logger;
}

export function createServer({ config, cloudm, instanceUrl, logger }: ServerDeps): McpServer {
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
        "Workflow: whoami, connections (create_connection, test_connection), create_project, create_batch, add users, start_migration CheckUsersOnly, then StartMigration; follow with get_batch_statistics; get_report at the end.",
        "Destructive tools (start/stop/overwrite) ask for confirmation: show the preview to the user and only proceed on their explicit yes.",
      ].join("\n"),
    },
  );
  registerTools(server, selectTools(config.toolsets, config.readOnly), {
    cloudm,
    logger,
    files: new FileAccess(config.allowedDirs),
    gate: new ConfirmationGate(config.confirm, config.confirmTtlSeconds, logger),
    simulator,
    instanceUrl,
    connectionKey: randomUUID(),
  });
  return server;
}
