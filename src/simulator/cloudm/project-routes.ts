/** Projects (create, and the full profile's list and get) and batches. */
import type { Route, SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { advance } from "./engine.js";
import { findBatch, findConnection, findProject } from "./lookup.js";
import type { SimBatch, SimProject } from "./model.js";
import { flag, pageBody, pageRequest } from "./paging.js";
import { iso, projectView } from "./views.js";
import { PAGE_SIZE_MAX } from "./wire/paging.js";
import {
  batch,
  batchList,
  createBatchRequest,
  createProjectRequest,
  project,
  projectPage,
} from "./wire/projects.js";

export function batchView(b: SimBatch) {
  return {
    configurationId: b.configurationId,
    projectId: b.projectId,
    batchName: b.batchName,
    sourceConnectionId: b.sourceConnectionId,
    destinationConnectionId: b.destinationConnectionId,
    migrationItemsBatchType: b.migrationItemsBatchType,
    tags: b.tags,
    createdOn: iso(b.createdOn),
    itemCount: b.items.size,
    state: b.run.state,
  };
}

/** "Returns a configurationId (GUID)": as an object, as a bare JSON string, or (full) the whole batch. */
function createdBatchAnswer(ctx: CloudMContext, batch: SimBatch): SimResponse {
  switch (ctx.createBatchAnswer) {
    case "batch":
      return { status: 200, body: batchView(batch) };
    case "object":
      return { status: 200, body: { configurationId: batch.configurationId } };
    case "string":
      // The plumbing writes a string body raw, so serialise it here to send a JSON string.
      return {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(batch.configurationId),
      };
  }
}

export function projectRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      pattern: "/api/ConnectionsProject/create-project",
      authenticated: true,
      documented: true,
      doc: { summary: "Create a project", body: createProjectRequest, response: project },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], createProjectRequest);
        if (!parsed.ok) return parsed.response;
        const { name, sourceConnectionId, destinationConnectionId } = parsed.value;
        const source = findConnection(ctx, sourceConnectionId, "sourceConnectionId");
        if (!source.ok) return source.response;
        const destination = findConnection(ctx, destinationConnectionId, "destinationConnectionId");
        if (!destination.ok) return destination.response;
        if (source.value.connectionType !== "Source") {
          return problem(400, "sourceConnectionId must be a Source connection", {
            sourceConnectionId: [`Connection ${sourceConnectionId} is a Destination connection`],
          });
        }
        if (destination.value.connectionType !== "Destination") {
          return problem(400, "destinationConnectionId must be a Destination connection", {
            destinationConnectionId: [`Connection ${destinationConnectionId} is a Source connection`],
          });
        }
        const project: SimProject = {
          projectId: state.guid(),
          name,
          createdOn: ctx.clock.now(),
          isArchived: false,
          sourceConnectionId,
          destinationConnectionId,
        };
        state.projects.set(project.projectId, project);
        return { status: 200, body: projectView(project) };
      },
    },
    {
      method: "GET",
      pattern: "/api/ConnectionsProject",
      authenticated: true,
      doc: {
        summary: "List projects, paged",
        response: projectPage,
        query: {
          pageNumber: "1-based page",
          pageSize: `1..${PAGE_SIZE_MAX}`,
          includeArchived: "true to include archived",
        },
      },
      handler: (request) => {
        const paging = pageRequest(request.query);
        if (!("pageNumber" in paging)) return paging;
        const includeArchived = flag(request.query, "includeArchived", false);
        if (typeof includeArchived !== "boolean") return includeArchived;
        const all = [...state.projects.values()]
          .filter((p) => includeArchived || !p.isArchived)
          .sort((a, b) => a.createdOn - b.createdOn);
        return { status: 200, body: pageBody(all.map(projectView), paging) };
      },
    },
    {
      method: "GET",
      pattern: "/api/ConnectionsProject/{projectId}",
      authenticated: true,
      doc: { summary: "Get a project", response: project },
      handler: (request) => {
        const found = findProject(ctx, request.params.projectId ?? "");
        return found.ok ? { status: 200, body: projectView(found.value) } : found.response;
      },
    },
    {
      method: "POST",
      pattern: "/api/ConnectionBatches/create-connection-batch",
      authenticated: true,
      documented: true,
      doc: {
        summary: "Create a batch; returns its configurationId",
        body: createBatchRequest,
        response: batch,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], createBatchRequest);
        if (!parsed.ok) return parsed.response;
        const body = parsed.value;
        const project = findProject(ctx, body.projectId);
        if (!project.ok) return project.response;
        const mismatch: Record<string, string[]> = {};
        if (body.sourceConnectionId !== project.value.sourceConnectionId)
          mismatch.sourceConnectionId = [
            `The project's source connection is ${project.value.sourceConnectionId}`,
          ];
        if (body.destinationConnectionId !== project.value.destinationConnectionId) {
          mismatch.destinationConnectionId = [
            `The project's destination connection is ${project.value.destinationConnectionId}`,
          ];
        }
        if (Object.keys(mismatch).length > 0)
          return problem(400, "The batch's connections must be the project's connections", mismatch);
        const clash = [...state.batches.values()].some(
          (b) =>
            b.projectId === project.value.projectId &&
            b.batchName.toLowerCase() === body.batchName.toLowerCase(),
        );
        if (clash)
          return problem(
            409,
            `Project '${project.value.name}' already has a batch named '${body.batchName}'`,
          );
        const batch = state.addBatch({ ...body, projectId: project.value.projectId }, ctx.clock.now());
        return createdBatchAnswer(ctx, batch);
      },
    },
    {
      method: "GET",
      pattern: "/api/ConnectionBatches",
      authenticated: true,
      doc: { summary: "List a project's batches", response: batchList, query: { projectId: "the project" } },
      handler: (request) => {
        const projectId = request.query.get("projectId");
        if (!projectId)
          return problem(400, "projectId is required", {
            projectId: ["The projectId query parameter is required."],
          });
        const project = findProject(ctx, projectId);
        if (!project.ok) return project.response;
        const batches = [...state.batches.values()].filter((b) => b.projectId === project.value.projectId);
        for (const b of batches) advance(state, b, ctx.clock.now());
        return { status: 200, body: batches.map(batchView) };
      },
    },
    {
      method: "GET",
      pattern: "/api/ConnectionBatches/{configurationId}",
      authenticated: true,
      doc: { summary: "Get a batch", response: batch },
      handler: (request) => {
        const found = findBatch(ctx, request.params.configurationId ?? "");
        return found.ok ? { status: 200, body: batchView(found.value) } : found.response;
      },
    },
  ];
}
