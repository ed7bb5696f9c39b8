/**
 * Pre-migration readiness checks (api/MigrationReadiness). The guide names the group; the facts file
 * gives the shape of each test, `{id, title, message, status}`.
 */
import { z } from "zod";

// assumed: not in the guide (body of POST api/MigrationReadiness/start: a project, or one of its batches)
export interface StartReadinessRequest {
  projectId: string;
  configurationId?: string;
}

export const readinessTest = z.looseObject({
  id: z.string(),
  title: z.string(),
  message: z.string(),
  status: z.string(),
});
export type ReadinessTest = z.infer<typeof readinessTest>;

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
export type ReadinessRun = z.infer<typeof readinessRun>;
