/**
 * Pre-migration readiness checks (api/MigrationReadiness). The guide names the group; the facts file
 * gives the run statuses and the shape of each test, `{id, title, message, status}`.
 * The answer shapes are the full simulator's; the client reads answers with read-readiness.ts.
 */
import { z } from "zod";

export const READINESS_STATUSES = [
  "None",
  "Pending",
  "InProgress",
  "Completed",
  "CompletedWithWarnings",
  "Failed",
  "Cancelling",
  "Cancelled",
  "ConfigurationChanged",
] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];
export const READINESS_TEST_STATUSES = ["Info", "Success", "Warning", "Failed"] as const;
export type ReadinessTestStatus = (typeof READINESS_TEST_STATUSES)[number];

// assumed: not in the guide (body of POST api/MigrationReadiness/start: a project, or one of its batches)
export const startReadinessRequest = z.strictObject({
  projectId: z.guid(),
  configurationId: z.guid().optional(),
});
export type StartReadinessRequest = z.infer<typeof startReadinessRequest>;

export const readinessTest = z.looseObject({
  id: z.string(),
  title: z.string(),
  message: z.string(),
  status: z.string(),
});

// assumed: not in the guide (the answer of start and of GET api/MigrationReadiness/{readinessId})
export const readinessRun = z.looseObject({
  readinessId: z.string(),
  projectId: z.string(),
  configurationId: z.string().nullable().optional(),
  status: z.string(),
  startedOn: z.string().optional(),
  completedOn: z.string().nullable().optional(),
  tests: z.array(readinessTest),
});
