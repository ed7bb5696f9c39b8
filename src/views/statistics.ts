/**
 * The compact view of batch statistics that tools and resources share: figures, totals, a page of users.
 * Every figure is optional: an instance's statistics may carry fewer than ours, and what it left out is
 * shown as unknown, never invented.
 */
import { dataSize } from "./sizes.js";
import { z } from "zod";
import type { ItemFailureRecord, ItemState, StatisticsRecord } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { page } from "./paging.js";

const counters = z.object({
  exportSuccess: z.number(),
  exportFailure: z.number(),
  importSuccess: z.number(),
  importFailure: z.number(),
});

const figure = z.number().optional();

/**
 * An item failure as the server read it (ItemFailureRecord), what it could not read left out. Keyed by the
 * record's own fields so that one added to either and not the other fails typecheck.
 */
const itemFailure = z.object({
  type: z.string().optional(),
  code: z.string().optional(),
  reason: z.string(),
  details: z.string().optional().describe("What failed (a message's subject, a file's name)"),
} satisfies { [K in keyof ItemFailureRecord]: z.ZodType<ItemFailureRecord[K]> });

export const statisticsShape = {
  state: z
    .string()
    .optional()
    .describe(
      "One of CloudM's run states; absent when the instance did not give one this server understands",
    ),
  stateReported: z
    .string()
    .optional()
    .describe("What the instance sent for the state when it could not be named"),
  stopReason: z.string().optional(),
  phase: z.string().optional(),
  mode: z.string().optional(),
  progressPercent: figure,
  summary: z.object({
    totalUsers: figure,
    currentUsers: figure,
    completedUsers: figure,
    failedUsers: figure,
    totalItems: figure,
    sizeImportedBytes: figure,
    startTime: z.string().optional(),
    endTime: z.string().optional(),
    itemsPerHour: figure.describe("The run's average rate, as the instance measured it"),
  }),
  totals: z.record(z.string(), counters),
  volumeCap: z
    .object({
      capped: z.boolean().optional(),
      isOver: z.boolean().optional(),
      message: z.string().optional(),
      usedPercentage: figure,
    })
    .optional(),
  items: z.array(
    z.object({
      id: z.string().optional(),
      exportName: z.string(),
      importName: z.string().optional(),
      state: z.string().optional(),
      stateReported: z.string().optional(),
      progressPercent: figure,
      failures: z.array(itemFailure),
    }),
  ),
  matchingItems: z.number(),
  nextCursor: z.string().optional(),
  notReported: z
    .array(z.string())
    .optional()
    .describe("Facts the instance's statistics did not give (or gave in a form not understood)"),
};

export type StatisticsDigest = z.infer<z.ZodObject<typeof statisticsShape>>;

/** Drops undefined fields: structured content is JSON, and an absent figure should read as absent. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function digestStatistics(
  stats: StatisticsRecord,
  options: { itemState?: ItemState; limit: number; cursor?: string },
): StatisticsDigest {
  const matching = stats.items.filter((i) => !options.itemState || i.state === options.itemState);
  // Only the page is shaped: a batch may hold thousands of users.
  const { items: shown, nextCursor } = page(matching, options.cursor, options.limit);
  const items = shown.map((i) =>
    defined({
      id: i.id,
      exportName: i.exportName,
      importName: i.importName,
      state: i.state,
      stateReported: i.stateReported,
      progressPercent: i.progressPercent,
      failures: i.failures.map((f) => defined({ ...f })),
    }),
  );
  const totals = Object.fromEntries(
    Object.entries(stats.totals).filter(
      ([, c]) => c.exportSuccess + c.exportFailure + c.importSuccess + c.importFailure > 0,
    ),
  );
  return defined({
    state: stats.state,
    stateReported: stats.stateReported,
    stopReason: stats.stopReason,
    phase: stats.phase,
    mode: stats.mode,
    progressPercent: stats.progressPercent,
    summary: defined(stats.summary),
    totals,
    volumeCap: stats.volumeCap ? defined(stats.volumeCap) : undefined,
    items,
    matchingItems: matching.length,
    nextCursor,
    notReported: stats.missing.length > 0 ? stats.missing : undefined,
  });
}

/** A figure, or words saying it is unknown: "?" alone would read as a value. */
const known = (value: number | undefined, unknown = "unknown") =>
  value === undefined ? unknown : String(value);

/** The run state as a person reads it: a name, or why there is none. */
export function stateText(d: Pick<StatisticsDigest, "state" | "stateReported">): string {
  if (d.state !== undefined) return d.state;
  return d.stateReported === undefined
    ? "State not reported"
    : `State not understood (the instance sent ${quoted(d.stateReported)})`;
}

export function statisticsText(d: StatisticsDigest): string {
  const s = d.summary;
  const failed = d.items
    .filter((i) => i.failures.length > 0)
    .map(
      (i) =>
        `- ${plainOrQuoted(i.exportName)} (${i.state ?? (i.stateReported ? `state ${quoted(i.stateReported)} not understood` : "state unknown")}): ${i.failures.map((f) => quoted(f.reason)).join("; ")}`,
    );
  const context = [d.phase ? plainOrQuoted(d.phase) : "", d.mode].filter(Boolean).join(", ");
  const size = s.sizeImportedBytes === undefined ? "" : `, ${dataSize(s.sizeImportedBytes)}`;
  const progress = d.progressPercent === undefined ? "progress unknown" : `${d.progressPercent}%`;
  return [
    `${stateText(d)}${context ? ` (${context})` : ""}: ${progress} — ${known(s.completedUsers)} done, ${known(s.failedUsers)} failed, ${known(s.currentUsers)} running of ${known(s.totalUsers)} users; ${known(s.totalItems)} items${size}.`,
    d.notReported ? `Not in the instance's statistics: ${d.notReported.join("; ")}.` : "",
    d.volumeCap?.capped
      ? `Volume cap: ${d.volumeCap.message === undefined ? `${known(d.volumeCap.usedPercentage)}% used` : quoted(d.volumeCap.message)}.`
      : "",
    ...failed,
    d.nextCursor ? `${d.matchingItems} matching users; more: pass nextCursor.` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
