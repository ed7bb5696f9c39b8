/** Builds one MCP session's server from the process's shared parts; registers tools, resources, prompts. */
import { EXTENSION_ID as UI_EXTENSION } from "@modelcontextprotocol/ext-apps/server";
import { McpServer } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { CloudMClient } from "./api/cloudm/client.js";
import type { MigrateCloudsClient } from "./api/migrateclouds/client.js";
import type { Config } from "./config.js";
import type { ServerHub } from "./hub.js";
import { registerPrompts } from "./prompts/index.js";
import { newConnection } from "./live/connection.js";
import type { ResourceEvents } from "./live/events.js";
import { registerDashboardView } from "./resources/dashboard-view.js";
import { registerCloudMResources } from "./resources/index.js";
import { registerMigrateCloudsResources } from "./resources/migrateclouds.js";
import { FollowBudget } from "./resources/budget.js";
import { type FollowDeps, installSubscriptions } from "./resources/subscriptions.js";
import type { DashboardFeed } from "./live/dashboard-feed.js";
import type { StatisticsWatcher } from "./live/watcher.js";
import type { FleetStore } from "./fleet/store.js";
import { TASKS_EXTENSION, TaskRegistry } from "./live/tasks.js";
import { RecentChecks } from "./insight/preflight.js";
import { ConfirmationGate } from "./tools/confirm.js";
import { FileAccess } from "./tools/files.js";
import { configuredProviders, registerTools, selectTools } from "./tools/index.js";
import { installTaskMethods } from "./tools/tasks.js";

export const SERVER_NAME = "migrate-mcp";
export const SERVER_VERSION = "0.1.0";
const TOOL_LIST_TTL_MS = 60 * 60_000;

/** What every session of the process shares: one client per provider, one watcher, one hub, one gate. */
export interface SharedDeps {
  config: Config;
  /** With the instance URL it talks to; undefined when CloudM is not configured. */
  cloudm:
    { client: CloudMClient; url: string; watcher: StatisticsWatcher; dashboards: DashboardFeed } | undefined;
  migrateclouds: { client: MigrateCloudsClient; url: string } | undefined;
  webhookReceiver: { url: string; secret: string } | undefined;
  events: ResourceEvents;
  /** Aborted when the process starts shutting down: long waits return what they have. */
  shutdown: AbortSignal;
  logger: Logger;
  hub: ServerHub;
  /** What replicas share (single use, rate windows, audit trail): this process's own without Redis. */
  fleet: FleetStore;
  gate: ConfirmationGate;
  /** Tool calls answered as tasks (2026-07-28 tasks extension), readable on any replica. */
  tasks: TaskRegistry;
  /** Connection tests and pre-flight verdicts of the last few minutes: reused, not asked again. */
  recent: RecentChecks;
  /** What resource subscriptions and listens of both eras follow with, and count against. */
  follow: FollowDeps;
}

export function createShared(
  deps: Omit<SharedDeps, "gate" | "tasks" | "recent" | "follow">,
  options: { preflightWaitMs?: number } = {},
): SharedDeps {
  const { confirm, confirmTtlSeconds, confirmSecret } = deps.config;
  return {
    ...deps,
    gate: new ConfirmationGate(confirm, confirmTtlSeconds, deps.logger, deps.fleet, confirmSecret),
    tasks: new TaskRegistry(deps.fleet, deps.shutdown, deps.logger),
    recent: new RecentChecks(options.preflightWaitMs),
    follow: { watcher: deps.cloudm?.watcher, events: deps.events, budget: new FollowBudget() },
  };
}

function instructions(deps: SharedDeps, simulator: boolean): string {
  const where = [
    deps.cloudm ? `CloudM Migrate at ${deps.cloudm.url}` : "",
    deps.migrateclouds ? `MigrateClouds at ${deps.migrateclouds.url}` : "",
  ].filter(Boolean);
  return [
    simulator
      ? "This server is connected to the embedded SIMULATORS of CloudM Migrate and MigrateClouds: demo data, nothing real is migrated."
      : `Connected to ${where.join(" and ")}.`,
    deps.cloudm
      ? "CloudM workflow: whoami, connections (create_connection, test_connection), create_project, create_batch, add users, start_migration CheckUsersOnly, then StartMigration; follow with wait_for_migration; get_report at the end."
      : "",
    deps.migrateclouds ? "MigrateClouds: list_cloud_files, then start_transfer and get_transfer." : "",
    "Destructive tools (start/stop/overwrite/delete) ask for confirmation: show the preview to the user and only proceed on their explicit yes.",
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * `perRequest`: the server answers one 2026-07-28 HTTP request and is dropped; it has no session to
 * send logs or list changes to (those reach 2026 clients through their listen streams).
 */
export function createServer(deps: SharedDeps, options: { perRequest?: boolean } = {}): McpServer {
  const { config, cloudm, migrateclouds, logger, hub } = deps;
  const simulator = config.mode === "demo";
  const connection = newConnection();
  const server = new McpServer(
    {
      name: SERVER_NAME,
      version: SERVER_VERSION,
      title: simulator ? "CloudM Migrate (SIMULATOR)" : "CloudM Migrate",
    },
    {
      // Tasks are offered per request, to 2026-07-28 callers that declare the extension on it.
      // Apps views are offered to callers whose host declares the extension (tools/tool-list.ts).
      capabilities: { logging: {}, extensions: { [TASKS_EXTENSION]: {}, [UI_EXTENSION]: {} } },
      instructions: instructions(deps, simulator),
      // The tool list is fixed for the life of the process; it differs by whether the caller's host
      // renders apps, so a client may cache it but no cache may share it between clients. In OAuth
      // mode it also differs by the scopes of the caller's token, which a step-up widens: not cached.
      cacheHints: {
        "tools/list": { ttlMs: config.http?.oauth ? 0 : TOOL_LIST_TTL_MS, cacheScope: "private" },
      },
    },
  );
  // A 2025-11-25 client declares its capabilities once, at initialize: recorded for every handler.
  server.server.oninitialized = () => {
    connection.declared = server.server.getClientCapabilities();
  };
  registerTools(server, selectTools({ ...config, providers: configuredProviders(deps) }), {
    cloudm: cloudm?.client,
    migrateclouds: migrateclouds?.client,
    webhookReceiver: deps.webhookReceiver,
    watcher: cloudm?.watcher,
    dashboards: cloudm?.dashboards,
    recent: deps.recent,
    logger,
    files: new FileAccess(config.allowedDirs),
    gate: deps.gate,
    resourcesChanged: () => hub.resourceListChanged(),
    simulator,
    instanceUrl: cloudm?.url ?? migrateclouds?.url ?? "",
    shutdown: deps.shutdown,
    connection,
    tasks: deps.tasks,
    clockSpeed: simulator ? config.simulatorSpeed : 1,
    oauthScopes: config.http?.oauth?.scopes,
  });
  installTaskMethods(server, deps.tasks, connection);
  if (cloudm) {
    registerCloudMResources(server, { cloudm: cloudm.client, logger, watcher: cloudm.watcher });
    registerDashboardView(server);
    registerPrompts(server, cloudm.client);
  }
  if (migrateclouds) registerMigrateCloudsResources(server, migrateclouds.client);
  installSubscriptions(server, deps.follow, connection.key);
  if (options.perRequest) return server;
  hub.add(server);
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    hub.remove(server);
    previousOnClose?.();
  };
  return server;
}
