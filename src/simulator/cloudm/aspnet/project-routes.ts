/**
 * Projects and batches beyond the guide's create steps, as kebab-case actions of the guide's
 * controllers with ids in the query (GET) or the body (POST): a DataTables page of projects, one
 * project, rename/archive/restore/delete (204), an `{ items, totalCount }` page of a project's batches
 * and one batch.
 */
import { z } from "zod";
import type { Handler } from "../../http-server.js";
import { parseJsonBody } from "../../problems.js";
import { advance } from "../engine.js";
import { findBatch } from "../lookup.js";
import type { SimBatch } from "../model.js";
import { iso, projectView } from "../views.js";
import { noContent, ok, translatedProblem } from "./answers.js";
import { boolQuery, guid, guidQuery, projectFromQuery } from "./bodies.js";
import { enumValue } from "./enums.js";
import { forward, writeFull } from "./full.js";
import { type AspnetDeps, type AspnetRoute, action, PROJECT_QUERY, BATCH_QUERY } from "./operation.js";
import {
  DATATABLES_QUERY,
  dataTablesPage,
  dataTablesWindow,
  ITEMS_QUERY,
  itemsPage,
  itemsWindow,
} from "./paging.js";

const PROJECTS = "/api/ConnectionsProject";
const BATCHES = "/api/ConnectionBatches";

function batchModel(b: SimBatch) {
  return {
    configurationId: b.configurationId,
    projectId: b.projectId,
    batchName: b.batchName,
    sourceConnectionId: b.sourceConnectionId,
    destinationConnectionId: b.destinationConnectionId,
    migrationItemsBatchType: b.migrationItemsBatchType,
    tags: b.tags,
    createdOn: iso(b.createdOn),
    migrationItemsCount: b.items.size,
    migrationProcessState: enumValue("MigrationProcessState", b.run.state),
  };
}

const projectIdBody = z.object({ projectId: guid });
const renameBody = z.object({ projectId: guid, newName: z.string().min(1).max(200) });

/** A POST action whose body names the project and whose full-profile handler takes it in the path. */
function projectWrite(
  handler: Handler,
  name: string,
  operationId: string,
  summary: string,
  problems: Array<404 | 409>,
): AspnetRoute {
  return action(
    "POST",
    `${PROJECTS}/${name}`,
    {
      operationId,
      summary,
      body: { schema: "ProjectIdParameters" },
      reply: { status: 204, description: "Done" },
      problems,
    },
    async (request) => {
      const parsed = parseJsonBody(request.body, request.headers["content-type"], projectIdBody);
      if (!parsed.ok) return parsed.response;
      const done = await writeFull(
        handler,
        forward(request, { params: { projectId: parsed.value.projectId } }),
      );
      return done.ok ? noContent() : done.response;
    },
  );
}

function projectRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const rename = full.handler("PUT", `${PROJECTS}/{projectId}/rename`);
  return [
    action(
      "GET",
      `${PROJECTS}/get-projects`,
      {
        operationId: "ConnectionsProject_GetProjects",
        summary: "Projects, oldest first, as a DataTables page (iTotalRecords counts archived ones too)",
        query: [
          {
            name: "includeArchived",
            type: "boolean",
            description: "true to include archived projects (default false)",
          },
          ...DATATABLES_QUERY,
        ],
        reply: { status: 200, description: "A page of projects", envelope: "ProjectModelDataTablesResult" },
      },
      (request) => {
        const window = dataTablesWindow(request);
        if (!window.ok) return window.response;
        const includeArchived = boolQuery(request.query, "includeArchived", false);
        if (!includeArchived.ok) return includeArchived.response;
        const all = [...ctx.state.projects.values()].sort((a, b) => a.createdOn - b.createdOn);
        const shown = all.filter((p) => includeArchived.value || !p.isArchived).map(projectView);
        return ok(dataTablesPage(shown, all.length, window.value));
      },
    ),
    action(
      "GET",
      `${PROJECTS}/get-project`,
      {
        operationId: "ConnectionsProject_GetProject",
        summary: "One project",
        query: [PROJECT_QUERY],
        reply: { status: 200, description: "The project", envelope: "ProjectModel" },
        problems: [404],
      },
      (request) => {
        const found = projectFromQuery(ctx, request.query);
        return found.ok ? ok(projectView(found.value)) : found.response;
      },
    ),
    action(
      "POST",
      `${PROJECTS}/rename-project`,
      {
        operationId: "ConnectionsProject_RenameProject",
        summary: "Rename a project",
        body: { schema: "RenameProjectParameters" },
        reply: { status: 204, description: "Renamed" },
        problems: [404],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], renameBody);
        if (!parsed.ok) return parsed.response;
        const { projectId, newName } = parsed.value;
        const done = await writeFull(
          rename,
          forward(request, { params: { projectId }, json: { name: newName } }),
        );
        return done.ok ? noContent() : translatedProblem(done.response, { name: "newName" });
      },
    ),
    projectWrite(
      full.handler("POST", `${PROJECTS}/{projectId}/archive`),
      "archive-project",
      "ConnectionsProject_ArchiveProject",
      "Archive a project (hidden from get-projects unless includeArchived); 409 while a batch runs",
      [404, 409],
    ),
    projectWrite(
      full.handler("POST", `${PROJECTS}/{projectId}/restore`),
      "restore-project",
      "ConnectionsProject_RestoreProject",
      "Restore an archived project",
      [404],
    ),
    projectWrite(
      full.handler("DELETE", `${PROJECTS}/{projectId}`),
      "delete-project",
      "ConnectionsProject_DeleteProject",
      "Delete a project and its batches; 409 while a batch runs",
      [404, 409],
    ),
  ];
}

function batchRoutes({ ctx }: AspnetDeps): AspnetRoute[] {
  return [
    action(
      "GET",
      `${BATCHES}/get-connection-batches`,
      {
        operationId: "ConnectionBatches_GetConnectionBatches",
        summary: "A project's batches, oldest first",
        query: [PROJECT_QUERY, ...ITEMS_QUERY],
        reply: { status: 200, description: "A page of batches", envelope: "ConnectionBatchModelPagedResult" },
        problems: [404],
      },
      (request) => {
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        const project = projectFromQuery(ctx, request.query);
        if (!project.ok) return project.response;
        const now = ctx.clock.now();
        const batches = [...ctx.state.batches.values()]
          .filter((b) => b.projectId === project.value.projectId)
          .sort((a, b) => a.createdOn - b.createdOn);
        for (const b of batches) advance(ctx.state, b, now);
        return ok(itemsPage(batches.map(batchModel), window.value));
      },
    ),
    action(
      "GET",
      `${BATCHES}/get-connection-batch`,
      {
        operationId: "ConnectionBatches_GetConnectionBatch",
        summary: "One batch",
        query: [BATCH_QUERY],
        reply: { status: 200, description: "The batch", envelope: "ConnectionBatchModel" },
        problems: [404],
      },
      (request) => {
        const configurationId = guidQuery(request.query, "configurationId");
        if (!configurationId.ok) return configurationId.response;
        const found = findBatch(ctx, configurationId.value);
        return found.ok ? ok(batchModel(found.value)) : found.response;
      },
    ),
  ];
}

export function projectAndBatchRoutes(deps: AspnetDeps): AspnetRoute[] {
  return [...projectRoutes(deps), ...batchRoutes(deps)];
}
