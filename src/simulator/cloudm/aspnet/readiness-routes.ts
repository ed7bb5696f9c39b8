/**
 * Readiness checks (api/MigrationReadiness) as kebab-case actions: run-readiness-checks answers 202
 * with the run's id; get-readiness-state answers CloudM's `MigrationReadinessScanState` (integer status,
 * the tests finished so far) for a run, or for the latest run of a batch or of a project.
 */
import { z } from "zod";
import type { SimRequest } from "../../http-server.js";
import { parseJsonBody, problem } from "../../problems.js";
import type { CloudMContext } from "../context.js";
import { findBatch, findProject } from "../lookup.js";
import { accepted, ok } from "./answers.js";
import { guid, optionalGuidQuery } from "./bodies.js";
import { enumValue } from "./enums.js";
import { callFull, forward } from "./full.js";
import { type FullReadiness, fullReadiness } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action } from "./operation.js";

const BASE = "/api/MigrationReadiness";

const runBody = z.object({ projectId: guid, configurationId: guid.nullish() });

const stateModel = (r: FullReadiness) => ({
  readinessId: r.readinessId,
  projectId: r.projectId,
  configurationId: r.configurationId,
  status: enumValue("MigrationReadinessStatus", r.status),
  lastRunDate: r.startedOn,
  completedDate: r.completedOn,
  tests: r.tests.map((t) => ({
    id: t.id,
    title: t.title,
    message: t.message,
    status: enumValue("MigrationReadinessTestStatus", t.status),
  })),
  hasResults: r.tests.length > 0,
});

/** The latest run for a batch, or (configurationId null) the latest project-wide run of a project. */
function latestRun(
  ctx: CloudMContext,
  by: { configurationId?: string; projectId?: string },
): string | undefined {
  const runs = [...ctx.state.readinessRuns.values()]
    .filter((r) =>
      by.configurationId !== undefined
        ? r.configurationId === by.configurationId.toLowerCase()
        : r.projectId === by.projectId?.toLowerCase() && r.configurationId === null,
    )
    .sort((a, b) => b.startedAt - a.startedAt);
  return runs[0]?.readinessId;
}

/** The state of a batch or project never checked; 404 when it does not exist. */
function noRun(ctx: CloudMContext, configurationId: string | undefined, projectId: string | undefined) {
  const owner = configurationId ? findBatch(ctx, configurationId) : findProject(ctx, projectId ?? "");
  if (!owner.ok) return owner.response;
  return ok({
    readinessId: null,
    projectId: owner.value.projectId,
    configurationId: configurationId?.toLowerCase() ?? null,
    status: enumValue("MigrationReadinessStatus", "None"),
    lastRunDate: null,
    completedDate: null,
    tests: [],
    hasResults: false,
  });
}

export function readinessRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const start = full.handler("POST", `${BASE}/start`);
  const get = full.handler("GET", `${BASE}/{readinessId}`);
  const read = (request: SimRequest, readinessId: string) =>
    callFull(get, forward(request, { params: { readinessId } }), fullReadiness);
  return [
    action(
      "POST",
      `${BASE}/run-readiness-checks`,
      {
        operationId: "MigrationReadiness_RunReadinessChecks",
        summary: "Run the readiness checks for a project, or for one of its batches",
        body: { schema: "RunReadinessChecksParameters" },
        reply: { status: 202, description: "Started", envelope: "ReadinessRunStartedModel", location: true },
        problems: [404],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], runBody);
        if (!parsed.ok) return parsed.response;
        const { projectId, configurationId } = parsed.value;
        const json = configurationId == null ? { projectId } : { projectId, configurationId };
        const answer = await callFull(start, forward(request, { json }), fullReadiness);
        if (!answer.ok) return answer.response;
        const { readinessId } = answer.value;
        return accepted({ readinessId }, `${BASE}/get-readiness-state?readinessId=${readinessId}`);
      },
    ),
    action(
      "GET",
      `${BASE}/get-readiness-state`,
      {
        operationId: "MigrationReadiness_GetReadinessState",
        summary:
          "A readiness run by readinessId, or the latest for a batch (configurationId) or a whole project (projectId); status None when there is none",
        query: [
          { name: "readinessId", type: "uuid", description: "a run" },
          { name: "configurationId", type: "uuid", description: "the latest run for this batch" },
          { name: "projectId", type: "uuid", description: "the latest project-wide run" },
        ],
        reply: { status: 200, description: "The run", envelope: "MigrationReadinessScanState" },
        problems: [404],
      },
      async (request) => {
        const ids: Record<string, string | undefined> = {};
        for (const name of ["readinessId", "configurationId", "projectId"]) {
          const value = optionalGuidQuery(request.query, name);
          if (!value.ok) return value.response;
          ids[name] = value.value;
        }
        const { readinessId, configurationId, projectId } = ids;
        if (!readinessId && !configurationId && !projectId) {
          const message = "Send one of readinessId, configurationId or projectId";
          return problem(400, message, { readinessId: [message] });
        }
        const runId = readinessId ?? latestRun(ctx, { configurationId, projectId });
        if (runId === undefined) return noRun(ctx, configurationId, projectId);
        const answer = await read(request, runId);
        return answer.ok ? ok(stateModel(answer.value)) : answer.response;
      },
    ),
  ];
}
