/**
 * defineTool: the one way to declare a tool. A tool is data (name, schemas, annotations, handler);
 * tools/index.ts registers them all in one loop, with one error boundary and one confirmation gate.
 */
import type { ContentBlock, ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { z } from "zod";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { CloudMOperation } from "../api/cloudm/endpoints.js";
import type { MigrateCloudsClient } from "../api/migrateclouds/client.js";
import type { RecentChecks } from "../insight/preflight.js";
import type { DashboardFeed } from "../live/dashboard-feed.js";
import type { StatisticsWatcher } from "../live/watcher.js";
import type { RunningJob } from "../views/check-again.js";
import type { Caller } from "./caller.js";
import type { FileAccess } from "./files.js";
import type { Toolset } from "./toolsets.js";

export type Provider = "cloudm" | "migrateclouds";

/**
 * Clients are typed as present: a tool is registered only when its provider is configured
 * (selectTools), so a handler never meets the other provider's absent client.
 */
export interface ToolContext {
  cloudm: CloudMClient;
  migrateclouds: MigrateCloudsClient;
  /** Where our webhook receiver takes deliveries, when it runs. */
  webhookReceiver: { url: string; secret: string } | undefined;
  logger: Logger;
  files: FileAccess;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** Aborted when the server starts shutting down: a long wait returns what it has instead. */
  shutdown: AbortSignal;
  /** Sends `notifications/progress` when the caller asked for progress; a no-op otherwise. */
  progress: (progress: number, total: number | undefined, message: string) => Promise<void>;
  /** The process-wide statistics poller; `kick` it after starting or stopping a run. */
  watcher: StatisticsWatcher;
  /** Connection tests and pre-flight verdicts of the last few minutes, for the process. */
  recent: RecentChecks;
  /** Tells every session that projects, batches or connections were created or removed. */
  resourcesChanged: () => void;
  simulator: boolean;
  instanceUrl: string;
  /** Puts a form before the human through the client (2025-11-25 elicitation); the gate's only use. */
  askHuman: (form: ElicitRequestFormParams, signal: AbortSignal) => Promise<ElicitResult>;
  /** The protocol era, client capabilities and principal of this call. */
  caller: Caller;
  /** What open dashboards read their figures from (the watcher, leased per batch). */
  dashboards: DashboardFeed;
}

export interface ToolOutput<O extends z.ZodRawShape> {
  structured: z.infer<z.ZodObject<O>>;
  /** A short human-readable summary, shown to the user and the model. */
  text: string;
  /** Extra content blocks: embedded resources, resource links. */
  content?: ContentBlock[];
}

/** What a model is shown before a destructive tool acts, built from upstream facts. */
export interface Preview {
  /** One line: what will happen to what ("Stop batch 'Wave 1': 30 users, 42% done"). */
  summary: string;
  /** Facts to show the human (counts, states, the diff of an overwrite). */
  details: Record<string, unknown>;
  /**
   * Facts that must not change between the preview and the action; if they do, the action is refused.
   * Leave out what moves on its own (progress).
   */
  stable: Record<string, unknown>;
  /** When set, a human confirming by elicitation must type this name (deletions). */
  typedName?: string;
}

export interface JobStarted {
  /** The task's first status message. */
  message: string;
  /** The upstream job's id when the arguments do not name it (a new transfer). */
  jobId?: string;
}

/**
 * How a call runs as a task when the client takes the tasks extension (2026-07-28): `start` is done
 * (after any confirmation) before the call answers with the task; `finish` then follows the job to
 * its end and its output is the task's result. Every other client gets `handler`, and the status
 * tools to follow the job.
 */
export interface LongJob<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  /** Which kind of job, for the poll interval the task suggests. */
  job: RunningJob;
  start: (args: z.infer<z.ZodObject<I>>, ctx: ToolContext) => Promise<JobStarted>;
  /** Its `signal` aborts when the task is cancelled; its progress messages become the task's status. */
  finish: (args: z.infer<z.ZodObject<I>>, ctx: ToolContext, started: JobStarted) => Promise<ToolOutput<O>>;
  /** What goes on upstream once nobody follows the job, and how to check on it. */
  leftRunning: string;
}

export interface ToolAnnotationsRequired {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * An id in a tool's `example`, filled in by the test that calls it. The demo tenant's own: its project,
 * its batches (Wave 1, the pilot) and connections. Made or found by the test before a write tool's
 * example runs: a scratch project and an empty batch in it (changed, then deleted), a running batch,
 * a schedule, an admin user, a notification, a migration server, a transfer and a webhook, and a new
 * file's path in a folder the server may write. A placeholder stands for the whole value and becomes
 * the id with its own type: `"{sourceConnectionId}"` becomes a number.
 */
export type ExampleId =
  | "{projectId}"
  | "{configurationId}"
  | "{pilotConfigurationId}"
  | "{sourceConnectionId}"
  | "{destinationConnectionId}"
  | "{scratchProjectId}"
  | "{scratchConfigurationId}"
  | "{runningConfigurationId}"
  | "{scheduleId}"
  | "{adminUserId}"
  | "{notificationId}"
  | "{machineName}"
  | "{transferId}"
  | "{webhookId}"
  | "{reportPath}";

/** A value as the input schema takes it, where any value (or list element) may be an id placeholder. */
type ExampleValue<T> = T extends readonly (infer E)[] ? Array<ExampleValue<E>> : T | ExampleId;

/** The arguments of one valid call, keyed and typed by the tool's input schema. */
export type ToolExample<I extends z.ZodRawShape> = {
  [K in keyof z.input<z.ZodObject<I>>]: ExampleValue<z.input<z.ZodObject<I>>[K]>;
};

export interface ToolDefinition<
  I extends z.ZodRawShape = z.ZodRawShape,
  O extends z.ZodRawShape = z.ZodRawShape,
> {
  /** Verb-first snake_case; `npm run docs` writes it into the name list the configuration checks. */
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  /** Which upstream the tool talks to; default cloudm. */
  provider?: Provider;
  /** The CloudM operations it calls: `doctor` checks each on the instance. */
  endpoints?: readonly CloudMOperation[];
  /** What the tool still does on an instance that has none of its endpoints (`doctor` says so). */
  fallback?: string;
  input: I;
  output: O;
  annotations: ToolAnnotationsRequired;
  /**
   * The arguments of one valid call on the demo tenant, for the fault matrix and the test that calls
   * every tool once (test/e2e/endpoints-declared.test.ts), which also traces what it calls upstream.
   * A write tool's example acts on what that test made or found first, named by a placeholder.
   */
  example: ToolExample<I>;
  /** Required exactly when destructiveHint is true: the gate shows it and re-checks it before acting. */
  preview?: (args: z.infer<z.ZodObject<I>>, ctx: ToolContext) => Promise<Preview>;
  /** For a destructive tool some of whose calls change nothing (a GET through call_api): which need confirming. */
  confirmWhen?: (args: z.infer<z.ZodObject<I>>) => boolean;
  handler: (args: z.infer<z.ZodObject<I>>, ctx: ToolContext) => Promise<ToolOutput<O>>;
  task?: LongJob<I, O>;
  /**
   * The MCP Apps view (a `ui://` resource) a host that renders apps shows with the result; `app`
   * visibility hides the tool from the model: only that view calls it. The `_meta.ui`, and a tool only
   * a view calls, are listed only to callers that declare the apps extension.
   */
  ui?: { resourceUri: string; visibility?: Array<"model" | "app"> };
}

export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  definition: ToolDefinition<I, O>,
): ToolDefinition {
  return definition as unknown as ToolDefinition;
}
