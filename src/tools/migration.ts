/** Starting, stopping and watching migration runs. */
import { z } from "zod";
import type { BatchStatistics } from "../api/cloudm/schemas.js";
import { ITEM_STATES, MIGRATION_MODES, type MigrationMode } from "../api/cloudm/schemas.js";
import { configurationId } from "./batches.js";
import { defineTool, type Preview, type ToolContext } from "./define.js";
import { cursorInput, page } from "./paging.js";

const ACTIVE_STATES = new Set(["PreparingData", "Queueing", "Running", "Stopping"]);

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
  const active = ACTIVE_STATES.has(stats.state);
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

const counters = z.object({
  exportSuccess: z.number(),
  exportFailure: z.number(),
  importSuccess: z.number(),
  importFailure: z.number(),
});
const itemOut = z.object({
  id: z.number(),
  exportName: z.string(),
  importName: z.string(),
  state: z.string(),
  progressPercent: z.number(),
  failures: z.array(z.object({ type: z.string(), code: z.string(), reason: z.string() })),
});

function nonZeroTotals(stats: BatchStatistics) {
  return Object.fromEntries(
    Object.entries(stats.totals)
      .filter(([, c]) => c.exportSuccess + c.exportFailure + c.importSuccess + c.importFailure > 0)
      .map(([type, c]) => [
        type,
        {
          exportSuccess: c.exportSuccess,
          exportFailure: c.exportFailure,
          importSuccess: c.importSuccess,
          importFailure: c.importFailure,
        },
      ]),
  );
}

export const migrationTools = [
  defineTool({
    name: "start_migration",
    title: "Start migration",
    description:
      "Start a batch run: StartMigration (migrate/resume), CheckUsersOnly (dry run, do first), RestartFailedUsers, RestartFailedItems. Asks for confirmation.",
    toolset: "migration",
    input: { configurationId, mode: z.enum(MIGRATION_MODES) },
    output: { state: z.string().optional(), mode: z.string().optional(), phase: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    preview: (args, ctx) => runPreview(ctx, args.configurationId, `Start ${args.mode} on`, args.mode),
    handler: async (args, ctx) => {
      const run = await ctx.cloudm.startMigration(args.configurationId, args.mode, ctx.signal);
      return {
        structured: {
          state: run.state,
          mode: run.mode ?? args.mode,
          ...(run.phase ? { phase: run.phase } : {}),
        },
        text: `Started ${args.mode} (${run.state}). Follow it with get_batch_statistics.`,
      };
    },
  }),
  defineTool({
    name: "stop_migration",
    title: "Stop migration",
    description:
      "Stop a running batch; users in flight keep what moved and resume on the next StartMigration. Asks for confirmation.",
    toolset: "migration",
    input: { configurationId },
    output: { state: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: (args, ctx) => runPreview(ctx, args.configurationId, "Stop"),
    handler: async (args, ctx) => {
      const run = await ctx.cloudm.stopMigration(args.configurationId, ctx.signal);
      return { structured: { state: run.state }, text: `Stop requested; the batch is ${run.state}.` };
    },
  }),
  defineTool({
    name: "get_batch_statistics",
    title: "Get batch statistics",
    description:
      "Progress of a batch: state, percent, user counts, data totals, volume cap, and a page of users (filter by itemState, e.g. Failed).",
    toolset: "migration",
    input: {
      configurationId,
      itemState: z.enum(ITEM_STATES).optional().describe("Only users in this state"),
      itemLimit: z.number().int().min(0).max(200).optional().describe("Users per page, default 20"),
      cursor: cursorInput,
    },
    output: {
      state: z.string(),
      stopReason: z.string(),
      phase: z.string(),
      mode: z.string().nullable(),
      progressPercent: z.number(),
      summary: z.object({
        totalUsers: z.number(),
        currentUsers: z.number(),
        completedUsers: z.number(),
        failedUsers: z.number(),
        totalItems: z.number(),
        sizeImportedBytes: z.number(),
        startTime: z.string().nullable(),
        endTime: z.string().nullable(),
      }),
      totals: z.record(z.string(), counters),
      volumeCap: z.object({
        capped: z.boolean(),
        isOver: z.boolean(),
        message: z.string(),
        usedPercentage: z.number(),
      }),
      items: z.array(itemOut),
      matchingItems: z.number(),
      nextCursor: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const stats = await ctx.cloudm.getStatistics(args.configurationId, ctx.signal);
      const s = stats.summary;
      const matching = stats.items
        .filter((i) => !args.itemState || i.state === args.itemState)
        .map((i) => ({
          id: i.id,
          exportName: i.exportName,
          importName: i.importName,
          state: i.state,
          progressPercent: i.progressPercent,
          failures: i.failures.map((f) => ({ type: f.type, code: f.code, reason: f.reason })),
        }));
      const { items, nextCursor } = page(matching, args.cursor, args.itemLimit ?? 20);
      const failedLines = items
        .filter((i) => i.failures.length > 0)
        .map((i) => `- ${i.exportName} (${i.state}): ${i.failures.map((f) => f.reason).join("; ")}`);
      const text = [
        `${stats.state} (${stats.phase}${stats.mode ? `, ${stats.mode}` : ""}): ${stats.progressPercent}% — ${s.completedUsers} done, ${s.failedUsers} failed, ${s.currentUsers} running of ${s.totalUsers} users; ${s.totalItems} items, ${(s.sizeImportedBytes / 1e9).toFixed(2)} GB.`,
        stats.volumeCap.capped ? `Volume cap: ${stats.volumeCap.message}.` : "",
        ...failedLines,
        nextCursor ? `${matching.length} matching users; more: pass nextCursor.` : "",
      ].filter(Boolean);
      return {
        structured: {
          state: stats.state,
          stopReason: stats.stopReason,
          phase: stats.phase,
          mode: stats.mode,
          progressPercent: stats.progressPercent,
          summary: {
            totalUsers: s.totalUsers,
            currentUsers: s.currentUsers,
            completedUsers: s.completedUsers,
            failedUsers: s.failedUsers,
            totalItems: s.totalItems,
            sizeImportedBytes: s.sizeImportedBytes,
            startTime: s.startTime,
            endTime: s.endTime,
          },
          totals: nonZeroTotals(stats),
          volumeCap: stats.volumeCap,
          items,
          matchingItems: matching.length,
          ...(nextCursor ? { nextCursor } : {}),
        },
        text: text.join("\n"),
      };
    },
  }),
];
