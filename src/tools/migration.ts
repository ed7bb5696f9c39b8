/** Starting, stopping and watching migration runs. */
import { z } from "zod";
import type { BatchStatistics } from "../api/cloudm/schemas/index.js";
import { ITEM_STATES, MIGRATION_MODES, type MigrationMode } from "../api/cloudm/schemas/index.js";
import { configurationId } from "./batches.js";
import { ACTIVE_RUN_STATES } from "../resources/watcher.js";
import { statisticsLink } from "../resources/uris.js";
import { digestStatistics, statisticsShape, statisticsText } from "../views/statistics.js";
import { defineTool, type Preview, type ToolContext } from "./define.js";
import { cursorInput } from "./paging.js";

const MODE_EFFECT: Record<MigrationMode, string> = {
  StartMigration:
    "migrates every user marked migrate (a completed batch re-runs as a delta); consumes one licence per new destination user",
  CheckUsersOnly: "checks that each destination user exists; moves no data and uses no licence",
  RestartFailedUsers: "re-runs the users whose state is Failed",
  RestartFailedItems: "retries the recorded item failures of finished users",
};

async function runPreview(
  ctx: ToolContext,
  id: string,
  action: string,
  mode?: MigrationMode,
): Promise<Preview> {
  const [batch, stats] = await Promise.all([
    ctx.cloudm.getBatch(id, ctx.signal),
    ctx.cloudm.getStatistics(id, ctx.signal),
  ]);
  const s = stats.summary;
  const active = ACTIVE_RUN_STATES.has(stats.state);
  return {
    summary: `${action} batch '${batch.batchName}': ${s.totalUsers} users, ${stats.state}${active ? `, ${stats.progressPercent}% done` : ""}`,
    details: {
      ...(mode ? { mode, effect: MODE_EFFECT[mode] } : {}),
      users: s.totalUsers,
      completedUsers: s.completedUsers,
      failedUsers: s.failedUsers,
      state: stats.state,
      progressPercent: stats.progressPercent,
    },
    // Progress moves on its own; whether it is running, and who is in it, must not.
    stable: {
      batchName: batch.batchName,
      users: s.totalUsers,
      active,
      failedUsers: active ? undefined : s.failedUsers,
    },
  };
}

/**
 * Follows the batch through the shared watcher (no poller of its own) until the run is no longer
 * active or the wait ends; progress only ever moves forward, and cancellation ends it at once.
 */
function waitForRun(ctx: ToolContext, configurationId: string, waitMs: number): Promise<BatchStatistics> {
  return new Promise((resolve, reject) => {
    let latest: BatchStatistics | undefined;
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
    const timer = setTimeout(() => finish(), waitMs);
    if (ctx.signal.aborted) return onAbort();
    if (ctx.shutdown.aborted) return onShutdown();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    ctx.shutdown.addEventListener("abort", onShutdown, { once: true });
    // The listener may run before subscribe returns (cached figures), so unsubscribe is wired after.
    const stop = ctx.watcher.subscribe(
      configurationId,
      (stats) => {
        latest = stats;
        const progress = Math.max(reported, stats.progressPercent);
        if (progress > reported) {
          reported = progress;
          void ctx.progress(
            progress,
            100,
            `${stats.state}: ${stats.summary.completedUsers}/${stats.summary.totalUsers} users done`,
          );
        }
        if (!ACTIVE_RUN_STATES.has(stats.state)) finish();
      },
      // A batch that does not exist (or is refused) will not appear by waiting: say so now.
      (error) => finish(error),
    );
    if (done) stop();
    else unsubscribe = stop;
  });
}

export const migrationTools = [
  defineTool({
    name: "start_migration",
    title: "Start migration",
    description:
      "Start a run: CheckUsersOnly (dry run, first), StartMigration, RestartFailedUsers, RestartFailedItems. Asks for confirmation.",
    toolset: "migration",
    input: { configurationId, mode: z.enum(MIGRATION_MODES) },
    output: { state: z.string().optional(), mode: z.string().optional(), phase: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    preview: (args, ctx) => runPreview(ctx, args.configurationId, `Start ${args.mode} on`, args.mode),
    handler: async (args, ctx) => {
      const run = await ctx.cloudm.startMigration(args.configurationId, args.mode, ctx.signal);
      ctx.watcher.kick(args.configurationId);
      return {
        content: [statisticsLink(args.configurationId)],
        structured: {
          state: run.state,
          mode: run.mode ?? args.mode,
          ...(run.phase ? { phase: run.phase } : {}),
        },
        text: `Started ${args.mode} (${run.state}). Follow it with wait_for_migration.`,
      };
    },
  }),
  defineTool({
    name: "stop_migration",
    title: "Stop migration",
    description: "Stop a running batch; it resumes on the next StartMigration. Asks for confirmation.",
    toolset: "migration",
    input: { configurationId },
    output: { state: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: (args, ctx) => runPreview(ctx, args.configurationId, "Stop"),
    handler: async (args, ctx) => {
      const run = await ctx.cloudm.stopMigration(args.configurationId, ctx.signal);
      ctx.watcher.kick(args.configurationId);
      return {
        structured: { state: run.state },
        text: `Stop requested; the batch is ${run.state}.`,
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
  defineTool({
    name: "get_batch_statistics",
    title: "Get batch statistics",
    description: "Batch progress: state, percent, users, totals, volume cap, a page of users.",
    toolset: "migration",
    input: {
      configurationId,
      itemState: z.enum(ITEM_STATES).optional(),
      itemLimit: z.number().int().min(0).max(200).optional().describe("Users per page, default 20"),
      cursor: cursorInput,
    },
    output: statisticsShape,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const stats = await ctx.cloudm.getStatistics(args.configurationId, ctx.signal);
      const digest = digestStatistics(stats, {
        itemState: args.itemState,
        limit: args.itemLimit ?? 20,
        cursor: args.cursor,
      });
      return {
        structured: digest,
        text: statisticsText(digest),
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
  defineTool({
    name: "wait_for_migration",
    title: "Wait for migration",
    description: "Wait until the run finishes (or waitSeconds), with progress. Use instead of polling.",
    toolset: "migration",
    input: {
      configurationId,
      waitSeconds: z.number().int().min(1).max(50).optional().describe("Default 45"),
    },
    output: { ...statisticsShape, finished: z.boolean() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const last = await waitForRun(ctx, args.configurationId, (args.waitSeconds ?? 45) * 1000);
      const finished = !ACTIVE_RUN_STATES.has(last.state);
      const digest = digestStatistics(last, { itemState: finished ? "Failed" : undefined, limit: 20 });
      const head = finished
        ? "The run has finished."
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
