/**
 * Pre-migration readiness checks (api/MigrationReadiness). The guide names the group; the facts file
 * gives the run statuses and the shape of each test, `{id, title, message, status}`.
 * The answer shapes are the full simulator's; the client reads answers with read-readiness.ts.
 */

// assumed: not in the guide (body of POST api/MigrationReadiness/start: a project, or one of its batches)
export interface StartReadinessRequest {
  projectId: string;
  configurationId?: string;
}
