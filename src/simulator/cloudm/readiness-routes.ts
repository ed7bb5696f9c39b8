/**
 * Pre-migration readiness checks (api/MigrationReadiness) for a project or one of its batches: starts a
 * run and reads it back. What the checks find is readiness-checks.ts's; how a run moves on the clock,
 * readiness.ts's.
 */
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { findProject } from "./lookup.js";
import type { SimReadiness } from "./model.js";
import { readinessProgress, startReadiness } from "./readiness.js";
import { iso } from "./views.js";
import { readinessRun, startReadinessRequest } from "./wire/readiness.js";

function readinessView(ctx: CloudMContext, run: SimReadiness) {
  const { status, tests, completedAt } = readinessProgress(ctx, run);
  return {
    readinessId: run.readinessId,
    projectId: run.projectId,
    configurationId: run.configurationId,
    status,
    startedOn: iso(run.startedAt),
    completedOn: iso(completedAt),
    tests,
  };
}

export function readinessRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      pattern: "/api/MigrationReadiness/start",
      authenticated: true,
      doc: {
        summary: "Run the pre-migration readiness checks for a project or one of its batches",
        body: startReadinessRequest,
        response: readinessRun,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], startReadinessRequest);
        if (!parsed.ok) return parsed.response;
        const project = findProject(ctx, parsed.value.projectId);
        if (!project.ok) return project.response;
        let configurationId: string | null = null;
        if (parsed.value.configurationId !== undefined) {
          const batch = state.batches.get(parsed.value.configurationId.toLowerCase());
          if (!batch || batch.projectId !== project.value.projectId) {
            const message = `No batch with configurationId '${parsed.value.configurationId}' in project '${project.value.name}'`;
            return problem(400, message, { configurationId: [message] });
          }
          configurationId = batch.configurationId;
        }
        const run = startReadiness(ctx, project.value, configurationId);
        return { status: 200, body: readinessView(ctx, run) };
      },
    },
    {
      method: "GET",
      pattern: "/api/MigrationReadiness/{readinessId}",
      authenticated: true,
      doc: { summary: "A readiness run: status and the tests finished so far", response: readinessRun },
      handler: (request) => {
        const run = state.readinessRuns.get((request.params.readinessId ?? "").toLowerCase());
        return run
          ? { status: 200, body: readinessView(ctx, run) }
          : problem(404, `No readiness run with readinessId '${request.params.readinessId}'`);
      },
    },
  ];
}
