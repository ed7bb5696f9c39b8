/**
 * Every tool, and the one loop that registers them: toolset and read-only filtering, every call through
 * the confirmation gate (confirm.ts: confirmation, re-check, audit), one error boundary, the simulator label.
 */
import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  RegisteredTool,
  ServerContext,
  Tool,
} from "@modelcontextprotocol/server";
import { registerAppTool } from "@modelcontextprotocol/ext-apps/server";
import { callerOf, rendersApps } from "./caller.js";
import type { Role } from "../config/oauth.js";
import { mayCall, scopeChallengeOf } from "./roles.js";
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
import { compactSchema, type Json } from "./compact-schema.js";
import type { ConfirmationGate } from "./confirm.js";
import { confirmationOutput, confirmationTokenInput } from "./confirm-form.js";
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
import type { Toolset } from "./toolsets.js";
import { marked, markedForm, toResult } from "./result.js";
import { answerWithTask, takesTasks } from "./tasks.js";
import { webhookTools } from "./webhooks.js";
import { ToolInputError } from "../views/input-error.js";

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

function optionalShape(shape: z.ZodRawShape): z.ZodRawShape {
  return z.object(shape).partial().shape;
}

export function registerTools(server: McpServer, tools: readonly ToolDefinition[], deps: ToolDeps): void {
  const registered: Array<[string, RegisteredTool, ToolSchemas, ToolDefinition]> = [];
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

/** The arguments as the tool's input schema reads them; a refusal names each field and what it expected. */
function argumentsOf(
  tool: string,
  input: z.ZodObject,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const parsed = input.safeParse(given);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) =>
    i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message,
  );
  throw new ToolInputError(
    `Input validation error: Invalid arguments for tool ${tool}: ${issues.join(", ")}`,
  );
}

/** The zod objects a tool is registered with, and their compact JSON Schemas for tools/list. */
interface ToolSchemas {
  input: z.ZodObject;
  output: z.ZodObject;
  listed: { input: Tool["inputSchema"]; output: Tool["inputSchema"] };
}

const compact = (schema: z.ZodObject, io: "input" | "output") =>
  compactSchema(z.toJSONSchema(schema, { target: "draft-7", io }) as Json) as Tool["inputSchema"];

/**
 * Built once per tool for the process, not per server: a 2026-07-28 HTTP request gets a server of its
 * own, and a task's follower should keep nothing of it.
 */
const schemaCache = new WeakMap<ToolDefinition, ToolSchemas>();

function schemasOf(tool: ToolDefinition): ToolSchemas {
  const cached = schemaCache.get(tool);
  if (cached) return cached;
  const destructive = tool.annotations.destructiveHint;
  const input = z.object(
    destructive ? { ...tool.input, confirmationToken: confirmationTokenInput } : tool.input,
  );
  const output = z.object(
    destructive ? { ...optionalShape(tool.output), ...confirmationOutput } : tool.output,
  );
  const schemas = {
    input,
    output,
    listed: { input: compact(input, "input"), output: compact(output, "output") },
  };
  schemaCache.set(tool, schemas);
  return schemas;
}

/**
 * tools/list as the SDK would answer it, with compact schemas: every token of it is paid in every
 * conversation. Calls still go through the SDK's own handler and input validation. A view's tools and
 * their `_meta.ui` are listed only to a caller whose host renders apps: any other host would hand the
 * model a tool meant for a view alone.
 */
function serveCompactToolList(
  server: McpServer,
  registered: Array<[string, RegisteredTool, ToolSchemas, ToolDefinition]>,
  { connection, oauthScopes }: Pick<ToolDeps, "connection" | "oauthScopes">,
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
