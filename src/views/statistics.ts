/** The compact view of batch statistics that tools and resources share: figures, totals, a page of users. */
import { z } from "zod";
import type { BatchStatistics, ItemState } from "../api/cloudm/schemas/index.js";
import { page } from "../tools/paging.js";

const counters = z.object({
  exportSuccess: z.number(),
  exportFailure: z.number(),
  importSuccess: z.number(),
  importFailure: z.number(),
});

export const statisticsShape = {
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
  items: z.array(
    z.object({
      id: z.number(),
      exportName: z.string(),
      importName: z.string(),
      state: z.string(),
      progressPercent: z.number(),
      failures: z.array(z.object({ type: z.string(), code: z.string(), reason: z.string() })),
    }),
  ),
  matchingItems: z.number(),
  nextCursor: z.string().optional(),
};

export type StatisticsDigest = z.infer<z.ZodObject<typeof statisticsShape>>;

export function digestStatistics(
  stats: BatchStatistics,
  options: { itemState?: ItemState; limit: number; cursor?: string },
): StatisticsDigest {
  const s = stats.summary;
  const matching = stats.items
    .filter((i) => !options.itemState || i.state === options.itemState)
    .map((i) => ({
      id: i.id,
      exportName: i.exportName,
      importName: i.importName,
      state: i.state,
      progressPercent: i.progressPercent,
      failures: i.failures.map((f) => ({ type: f.type, code: f.code, reason: f.reason })),
    }));
  const { items, nextCursor } = page(matching, options.cursor, options.limit);
  const totals = Object.fromEntries(
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
  return {
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
    totals,
    volumeCap: stats.volumeCap,
    items,
    matchingItems: matching.length,
    ...(nextCursor ? { nextCursor } : {}),
  };
}

export function statisticsText(d: StatisticsDigest): string {
  const s = d.summary;
  const failed = d.items
    .filter((i) => i.failures.length > 0)
    .map((i) => `- ${i.exportName} (${i.state}): ${i.failures.map((f) => f.reason).join("; ")}`);
  return [
    `${d.state} (${d.phase}${d.mode ? `, ${d.mode}` : ""}): ${d.progressPercent}% — ${s.completedUsers} done, ${s.failedUsers} failed, ${s.currentUsers} running of ${s.totalUsers} users; ${s.totalItems} items, ${(s.sizeImportedBytes / 1e9).toFixed(2)} GB.`,
    d.volumeCap.capped ? `Volume cap: ${d.volumeCap.message}.` : "",
    ...failed,
    d.nextCursor ? `${d.matchingItems} matching users; more: pass nextCursor.` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
