/**
 * Pre-migration readiness checks (api/MigrationReadiness), with the facts file's run statuses and test
 * shape `{id, title, message, status}`: the body that starts a run (for a project, or one of its
 * batches) and the run this instance answers with, from start and from every poll.
 */
import { z } from "zod";

export type ReadinessStatus =
  | "None"
  | "Pending"
  | "InProgress"
  | "Completed"
  | "CompletedWithWarnings"
  | "Failed"
  | "Cancelling"
  | "Cancelled"
  | "ConfigurationChanged";
export type ReadinessTestStatus = "Info" | "Success" | "Warning" | "Failed";

export const startReadinessRequest = z.strictObject({
  projectId: z.guid(),
  configurationId: z.guid().optional(),
});

export const readinessRun = z.looseObject({
  readinessId: z.string(),
  projectId: z.string(),
  configurationId: z.string().nullable().optional(),
  status: z.string(),
  startedOn: z.string().optional(),
  completedOn: z.string().nullable().optional(),
  tests: z.array(
    z.looseObject({ id: z.string(), title: z.string(), message: z.string(), status: z.string() }),
  ),
});
