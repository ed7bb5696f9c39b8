/**
 * Starting, stopping and watching migration runs. What the human is shown before a start or a stop is
 * built in migration-preview.ts.
 */
import { z } from "zod";
import {
  ITEM_STATES,
  isRunning,
  isSettled,
  MIGRATION_MODES,
  type MigrationMode,
  type StatisticsRecord,
} from "../api/cloudm/schemas/index.js";
import { quoted } from "../api/quoted.js";
import { PREFLIGHT_ENDPOINTS } from "../insight/preflight.js";
import { configurationId } from "./batches.js";
import { checkAgain } from "../views/check-again.js";
import { statisticsLink } from "../views/uris.js";
import { digestStatistics, statisticsShape, statisticsText, stateText } from "../views/statistics.js";
import { defineTool, type ToolContext } from "./define.js";
import { runPreview } from "./migration-preview.js";
import { cursorInput } from "../views/paging.js";

/**
 * Follows the batch through the shared watcher (no poller of its own) until the run is no longer
 * active or the wait ends; progress only ever moves forward, and cancellation ends it at once.
 */
function waitForRun(
  ctx: ToolContext,
  configurationId: string,
  waitMs: number | undefined,
): Promise<StatisticsRecord> {
  return new Promise((resolve, reject) => {
    let latest: StatisticsRecord | undefined;
    let reported = -1;
    let done = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
      ctx.signal.removeEventListener("abort", onAbort);
      ctx.shutdown.removeEventListener("abort", onShutdown);
      if (error !== undefined) reject(error);
      else if (latest) resolve(latest);
      else ctx.cloudm.getStatistics(configurationId, ctx.signal).then(resolve, reject);
    };
    const onAbort = () => finish(ctx.signal.reason);
    // A shutting-down server answers with where the run got to, rather than leaving the call hanging.
    const onShutdown = () => finish();
    // Without a limit (a task follows the run) only the run's end, or the signal, ends the wait.
    const timer = waitMs === undefined ? undefined : setTimeout(() => finish(), waitMs);
    if (ctx.signal.aborted) return onAbort();
    if (ctx.shutdown.aborted) return onShutdown();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    ctx.shutdown.addEventListener("abort", onShutdown, { once: true });
    // The listener may run before subscribe returns (cached figures), so unsubscribe is wired after.
    const stop = ctx.watcher.subscribe(
      configurationId,
      (stats) => {
        latest = stats;
        const progress = Math.max(reported, stats.progressPercent ?? reported);
        if (progress > reported) {
          reported = progress;
          void ctx.progress(
            progress,
            100,
            `${stateText(stats)}: ${stats.summary.completedUsers ?? "unknown"}/${stats.summary.totalUsers ?? "unknown"} users done`,
          );
        }
        if (isSettled(stats)) finish();
      },
      // A batch that does not exist (or is refused) will not appear by waiting: say so now.
      (error) => finish(error),
    );
    if (done) stop();
    else unsubscribe = stop;
  });
}

/**
 * What to say when the run state is unknown: the end of a run cannot be seen, so nothing is claimed;
 * the figures may tell a person, and the override file can name the instance's value.
 */
function unknownStateHead(stats: StatisticsRecord): string {
  const s = stats.summary;
  const accounted =
    s.totalUsers !== undefined &&
    s.completedUsers !== undefined &&
    s.failedUsers !== undefined &&
    s.completedUsers + s.failedUsers >= s.totalUsers &&
    (s.currentUsers ?? 0) === 0;
  return [
    stats.stateReported === undefined
      ? "The run state is unknown: the instance's statistics do not give one, so this server cannot tell whether the run has ended."
      : `The run state is unknown: the instance sent ${quoted(stats.stateReported)}, which neither its OpenAPI document nor MIGRATE_MCP_ENDPOINTS (enums.runState) names, so this server cannot tell whether the run has ended.`,
    accounted
      ? "Its figures account for every user (done or failed, none running): the run may have ended; check in CloudM before starting another."
      : "Do not start another run until you have checked the batch in CloudM.",
  ].join(" ");
}

async function startRun(
  ctx: ToolContext,
  configurationId: string,
  mode: MigrationMode,
): Promise<{ state?: string; mode: string; phase?: string }> {
  const { value: run } = await ctx.cloudm.startMigration(configurationId, mode, ctx.signal);
  ctx.watcher.kick(configurationId);
  return {
    ...(run.state ? { state: run.state } : {}),
    mode: run.mode ?? mode,
    ...(run.phase ? { phase: run.phase } : {}),
  };
}

export const migrationTools = [
  defineTool({
    name: "start_migration",
    title: "Start migration",
    description: "Start a run (CheckUsersOnly is the dry run: do it first). Asks for confirmation.",
    toolset: "migration",
    endpoints: [...PREFLIGHT_ENDPOINTS, "startMigration"],
    input: { configurationId, mode: z.enum(MIGRATION_MODES) },
    output: { state: z.string().optional(), mode: z.string().optional(), phase: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    example: { configurationId: "{configurationId}", mode: "CheckUsersOnly" },
    preview: (args, ctx) => runPreview(ctx, args.configurationId, `Start ${args.mode} on`, args.mode),
    handler: async (args, ctx) => {
      const run = await startRun(ctx, args.configurationId, args.mode);
      return {
        content: [statisticsLink(args.configurationId)],
        structured: run,
        text: `Started ${args.mode}${run.state ? ` (${run.state})` : ""}. Follow it with wait_for_migration.`,
      };
    },
    task: {
      job: "run",
      start: async (args, ctx) => {
        const run = await startRun(ctx, args.configurationId, args.mode);
        return { message: `Started ${args.mode}${run.state ? ` (${run.state})` : ""}.` };
      },
      finish: async (args, ctx) => {
        const last = await waitForRun(ctx, args.configurationId, undefined);
        const digest = digestStatistics(last, { itemState: "Failed", limit: 20 });
        return {
          structured: { ...(last.state ? { state: last.state } : {}), mode: args.mode },
          text: `The ${args.mode} run has ended${last.state ? ` (${last.state})` : ""}.\n${statisticsText(digest)}`,
          content: [statisticsLink(args.configurationId)],
        };
      },
      leftRunning:
        "The run itself goes on upstream: follow it with get_batch_statistics or wait_for_migration; stop it with stop_migration.",
    },
  }),
  defineTool({
    name: "stop_migration",
    title: "Stop migration",
    description: "Stop a running batch; it resumes on the next StartMigration. Asks for confirmation.",
    toolset: "migration",
    endpoints: ["getBatch", "getStatistics", "stopMigration"],
    input: { configurationId },
    output: { state: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{runningConfigurationId}" },
    preview: (args, ctx) => runPreview(ctx, args.configurationId, "Stop"),
    handler: async (args, ctx) => {
      const { value: run } = await ctx.cloudm.stopMigration(args.configurationId, ctx.signal);
      ctx.watcher.kick(args.configurationId);
      return {
        structured: run.state ? { state: run.state } : {},
        text: `Stop requested${run.state ? `; the batch is ${run.state}` : ""}. Follow it with wait_for_migration.`,
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
  defineTool({
    name: "get_batch_statistics",
    title: "Get batch statistics",
    description: "Batch progress: state, percent, users, totals, volume cap, a page of users.",
    toolset: "migration",
    endpoints: ["getStatistics"],
    input: {
      configurationId,
      itemState: z.enum(ITEM_STATES).optional(),
      itemLimit: z.number().int().min(0).max(200).optional().describe("Users per page, default 20"),
      cursor: cursorInput,
    },
    output: statisticsShape,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{configurationId}", itemLimit: 5 },
    handler: async (args, ctx) => {
      const stats = await ctx.cloudm.getStatistics(args.configurationId, ctx.signal);
      const digest = digestStatistics(stats, {
        itemState: args.itemState,
        limit: args.itemLimit ?? 20,
        cursor: args.cursor,
      });
      return {
        structured: digest,
        // wait_for_migration waits server-side, so an agent that wants the end need not poll at all.
        text: `${statisticsText(digest)}${isRunning(stats) ? `\n${checkAgain("run", "get_batch_statistics, or call wait_for_migration, which waits for you").trim()}` : ""}`,
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
  defineTool({
    name: "wait_for_migration",
    title: "Wait for migration",
    description: "Wait until the run finishes (or waitSeconds), with progress. Use instead of polling.",
    toolset: "migration",
    endpoints: ["getStatistics"],
    input: {
      configurationId,
      waitSeconds: z.number().int().min(1).max(50).optional().describe("Default 45"),
    },
    output: { ...statisticsShape, finished: z.boolean() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{configurationId}", waitSeconds: 1 },
    handler: async (args, ctx) => {
      const last = await waitForRun(ctx, args.configurationId, (args.waitSeconds ?? 45) * 1000);
      // "None" is a batch that was never started: there is no run to have finished.
      const finished = isSettled(last) && last.state !== "None";
      const digest = digestStatistics(last, { itemState: finished ? "Failed" : undefined, limit: 20 });
      const head = finished
        ? "The run has finished."
        : last.state === "None"
          ? "The batch has not been started (state None), so there is nothing to wait for: start it with start_migration (if you just did, call wait_for_migration again in a few seconds)."
          : last.state === undefined
            ? `${unknownStateHead(last)} Waited without seeing an end; here is where it got to.`
            : ctx.shutdown.aborted
              ? `Still ${last.state}; the server is shutting down, so call wait_for_migration again once it is back.`
              : `Still ${last.state} when the wait ended; call wait_for_migration again.`;
      return {
        structured: { ...digest, finished },
        text: `${head}\n${statisticsText(digest)}`,
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
];
