/**
 * Every tool, and the one loop that registers them: toolset and read-only filtering, every call through
 * the confirmation gate (confirm.ts: confirmation, re-check, audit), one error boundary, the simulator label.
 * Each tool's schemas are built in tool-schemas.ts; tool-list.ts answers tools/list with them, compact.
 */
import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
} from "@modelcontextprotocol/server";
import { registerAppTool } from "@modelcontextprotocol/ext-apps/server";
import { callerOf } from "./caller.js";
import type { Role } from "../config/oauth.js";
import { scopeChallengeOf } from "./roles.js";
import type { Logger } from "pino";
import { z } from "zod";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { MigrateCloudsClient } from "../api/migrateclouds/client.js";
import { accountTools } from "./account.js";
import { adminTools } from "./admin.js";
import { adminServiceTools } from "./admin-service.js";
import { apiTools } from "./api.js";
import { batchTools } from "./batches.js";
import { cloudFileTools } from "./cloud-files.js";
import type { ConfirmationGate } from "./confirm.js";
import { connectionTools } from "./connections.js";
import type { JobStarted, Provider, ToolContext, ToolDefinition, ToolOutput } from "./define.js";
import { dashboardTools } from "./dashboard.js";
import { domainTools } from "./domains.js";
import { toolErrorResult } from "./errors.js";
import type { FileAccess } from "./files.js";
import type { Connection } from "../live/connection.js";
import type { DashboardFeed } from "../live/dashboard-feed.js";
import type { StatisticsWatcher } from "../live/watcher.js";
import type { TaskRegistry } from "../live/tasks.js";
import type { RecentChecks } from "../insight/preflight.js";
import { insightTools } from "./insight.js";
import { itemTools } from "./items.js";
import { migrationTools } from "./migration.js";
import { preflightTools } from "./preflight.js";
import { projectAdminTools } from "./project-admin.js";
import { projectTools } from "./projects.js";
import { reportTools } from "./reports.js";
import { readinessTools } from "./readiness.js";
import { scanTools } from "./scan.js";
import { scheduleTools } from "./schedule.js";
import { type RegisteredEntry, serveCompactToolList } from "./tool-list.js";
import { argumentsOf, schemasOf } from "./tool-schemas.js";
import type { Toolset } from "./toolsets.js";
import { marked, markedForm, toResult } from "./result.js";
import { answerWithTask, takesTasks } from "./tasks.js";
import { webhookTools } from "./webhooks.js";

export const ALL_TOOLS: readonly ToolDefinition[] = [
  ...accountTools,
  ...connectionTools,
  ...apiTools,
  ...projectTools,
  ...projectAdminTools,
  ...itemTools,
  ...batchTools,
  ...migrationTools,
  ...preflightTools,
  ...insightTools,
  ...dashboardTools,
  ...reportTools,
  ...scheduleTools,
  ...scanTools,
  ...readinessTools,
  ...domainTools,
  ...adminTools,
  ...adminServiceTools,
  ...cloudFileTools,
  ...webhookTools,
];

export interface ToolSelection {
  toolsets: ReadonlySet<Toolset>;
  includeTools: ReadonlySet<string>;
  excludeTools: ReadonlySet<string>;
  readOnly: boolean;
  /** The upstreams configured; other providers' tools are left out. */
  providers: ReadonlySet<Provider>;
}

/** The providers whose tools can be served: those with a client. */
export function configuredProviders(clients: { cloudm: unknown; migrateclouds: unknown }): Set<Provider> {
  return new Set<Provider>([
    ...(clients.cloudm ? ["cloudm" as const] : []),
    ...(clients.migrateclouds ? ["migrateclouds" as const] : []),
  ]);
}

/** Precedence: read-only removes every writer, then exclusions, then toolsets plus single inclusions. */
export function selectTools({
  toolsets,
  includeTools,
  excludeTools,
  readOnly,
  providers,
}: ToolSelection): ToolDefinition[] {
  return ALL_TOOLS.filter(
    (t) =>
      providers.has(t.provider ?? "cloudm") &&
      (!readOnly || t.annotations.readOnlyHint) &&
      !excludeTools.has(t.name) &&
      (toolsets.has(t.toolset) || includeTools.has(t.name)),
  );
}

export interface ToolDeps {
  cloudm: CloudMClient | undefined;
  migrateclouds: MigrateCloudsClient | undefined;
  webhookReceiver: { url: string; secret: string } | undefined;
  logger: Logger;
  files: FileAccess;
  gate: ConfirmationGate;
  /** Exist exactly when cloudm does. */
  watcher: StatisticsWatcher | undefined;
  dashboards: DashboardFeed | undefined;
  recent: RecentChecks;
  resourcesChanged: () => void;
  simulator: boolean;
  instanceUrl: string;
  shutdown: AbortSignal;
  /** Binds confirmation tokens to this connection when the transport has no session id (stdio). */
  connection: Connection;
  tasks: TaskRegistry;
  /** How many times faster than real time upstream jobs move: the simulator's speed in demo mode, else 1. */
  clockSpeed: number;
  /** OAuth mode's scope for each role: calls and tools/list follow the caller's token. */
  oauthScopes: Readonly<Record<Role, string>> | undefined;
}

export function registerTools(server: McpServer, tools: readonly ToolDefinition[], deps: ToolDeps): void {
  const registered: RegisteredEntry[] = [];
  for (const tool of tools) {
    const destructive = tool.annotations.destructiveHint;
    const preview = tool.preview;
    if (destructive !== (preview !== undefined))
      throw new Error(`${tool.name}: a destructive tool needs a preview, and only a destructive one`);
    const schemas = schemasOf(tool);
    const result = (output: ToolOutput<z.ZodRawShape>) => toResult(output, schemas.output);
    const answer = async (
      given: Record<string, unknown>,
      extra: ServerContext,
    ): Promise<CallToolResult | InputRequiredResult> => {
      const progressToken = extra.mcpReq._meta?.progressToken;
      const ctx: ToolContext = {
        ...deps,
        // Only the tools of configured providers are registered (selectTools), so these are set.
        cloudm: deps.cloudm as CloudMClient,
        migrateclouds: deps.migrateclouds as MigrateCloudsClient,
        watcher: deps.watcher as StatisticsWatcher,
        dashboards: deps.dashboards as DashboardFeed,
        signal: extra.mcpReq.signal,
        askHuman: (form, signal) =>
          extra.mcpReq.elicitInput(markedForm(form, deps.simulator), { signal, timeout: 10 * 60_000 }),
        caller: callerOf(extra, deps.connection),
        progress: async (progress, total, message) => {
          if (progressToken === undefined) return;
          await extra.mcpReq.notify({
            method: "notifications/progress",
            params: { progressToken, progress, ...(total === undefined ? {} : { total }), message },
          });
        },
      };
      const task = tool.task && takesTasks(ctx.caller) && deps.tasks.hasRoom() ? tool.task : undefined;
      try {
        const args = argumentsOf(tool.name, schemas.input, given);
        let started: JobStarted = { message: "" };
        const performed = await deps.gate.perform(
          tool,
          args,
          ctx,
          task
            ? async (rest) => {
                started = await task.start(rest, ctx);
                return { structured: {}, text: started.message };
              }
            : undefined,
        );
        if ("refused" in performed) return performed.refused;
        if (!task) return result(performed.output);
        const { confirmationToken: _, ...rest } = args;
        return await answerWithTask(task, rest, ctx, started, {
          tool: tool.name,
          outputSchema: schemas.output,
          destructive,
          tasks: deps.tasks,
          clockSpeed: deps.clockSpeed,
          statusMessage: performed.output.text,
        });
      } catch (error) {
        return toolErrorResult(error, tool.name, deps.logger);
      }
    };
    const config = {
      title: tool.title,
      description: tool.description,
      // Checked in `answer` instead, so that a refusal is answered (and marked) like any other.
      inputSchema: ANY_ARGUMENTS,
      annotations: { title: tool.title, ...tool.annotations },
      ...(deps.oauthScopes ? { scopeChallenge: scopeChallengeOf(tool, deps.oauthScopes) } : {}),
    };
    const callback = async (given: Record<string, unknown>, extra: ServerContext) =>
      marked(await answer(given, extra), deps.simulator);
    const handle = tool.ui
      ? registerAppTool(server, tool.name, { ...config, _meta: { ui: tool.ui } }, callback)
      : server.registerTool(tool.name, config, callback);
    registered.push([tool.name, handle, schemas, tool]);
  }
  serveCompactToolList(server, registered, deps);
}

const ANY_ARGUMENTS = z.looseObject({});
