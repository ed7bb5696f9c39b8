/**
 * get-statistics' answer (api/ConnectionBatchesProgress): this instance's full statistics of a batch,
 * per data type and per item, with the facts file's volume cap and completion summary.
 */
import { z } from "zod";

export const DATA_TYPES = [
  "email",
  "appointment",
  "contact",
  "chatMessage",
  "group",
  "groupMember",
  "document",
  "note",
  "task",
  "other",
] as const;
export type DataType = (typeof DATA_TYPES)[number];

const isoDate = z.string();

const dataTypeCounters = z.looseObject({
  exportSuccess: z.number(),
  exportFailure: z.number(),
  importSuccess: z.number(),
  importFailure: z.number(),
  sizeExportedBytes: z.number().optional(),
  sizeImportedBytes: z.number().optional(),
});
const counterTable = z.record(z.string(), dataTypeCounters);

const itemFailure = z.looseObject({
  type: z.string(),
  code: z.string(),
  reason: z.string(),
  details: z.string().optional(),
});
export type ItemFailure = z.infer<typeof itemFailure>;

const itemStatistics = z.looseObject({
  id: z.number(),
  exportName: z.string(),
  importName: z.string(),
  state: z.string(),
  progressPercent: z.number(),
  startTime: isoDate.nullable(),
  endTime: isoDate.nullable(),
  durationSeconds: z.number(),
  server: z.string().nullable(),
  totals: counterTable,
  failures: z.array(itemFailure),
});

const itemsPerHour = z.number().describe("Items imported per hour of the run's running time");
const bytesPerHour = z.number().describe("Bytes imported per hour of the run's running time");

// one run of the batch, kept after it ends, so its measured throughput stays readable
const runRecord = z.looseObject({
  mode: z.string(),
  phase: z.string(),
  state: z.string().describe("How the run ended (Completed or Stopped), or the batch's state while it runs"),
  stopReason: z.string(),
  startTime: isoDate,
  endTime: isoDate.nullable(),
  runningTimeSeconds: z.number(),
  users: z.number().describe("Users the run selected"),
  itemsImported: z.number(),
  sizeExportedBytes: z.number(),
  sizeImportedBytes: z.number(),
  throughputItemsPerHour: itemsPerHour,
  throughputBytesPerHour: bytesPerHour,
});

const volumeCap = z.looseObject({
  capped: z.boolean(),
  isOver: z.boolean(),
  message: z.string(),
  usedPercentage: z.number(),
});

export const batchStatistics = z.looseObject({
  configurationId: z.string(),
  state: z.string(),
  stopReason: z.string(),
  phase: z.string(),
  mode: z.string().nullable(),
  progressPercent: z.number(),
  totals: counterTable,
  summary: z.looseObject({
    startTime: isoDate.nullable(),
    endTime: isoDate.nullable(),
    runningTimeSeconds: z.number(),
    throughputItemsPerHour: itemsPerHour.describe(
      "Items imported per hour by the latest run (runHistory has each run's)",
    ),
    throughputBytesPerHour: bytesPerHour.describe(
      "Bytes imported per hour by the latest run (runHistory has each run's)",
    ),
    currentUsers: z.number(),
    completedUsers: z.number(),
    failedUsers: z.number(),
    totalUsers: z.number(),
    totalItems: z.number(),
    sizeExportedBytes: z.number(),
    sizeImportedBytes: z.number(),
    successPercentage: z.number(),
    failurePercentage: z.number(),
  }),
  volumeCap,
  completionSummary: z
    .looseObject({ usersSucceeded: z.number(), usersFailed: z.number(), successPercentage: z.number() })
    .nullable(),
  runHistory: z
    .array(runRecord)
    .describe("Every run of the batch, oldest first, with its measured throughput"),
  items: z.array(itemStatistics),
});
export type BatchStatistics = z.infer<typeof batchStatistics>;
