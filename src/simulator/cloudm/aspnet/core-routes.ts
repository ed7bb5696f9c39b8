/**
 * The guide's create steps at the guide's paths and with its bodies: project (201, the project),
 * batch (201, its configurationId), one migration item (201, no body) and the two bulk imports (the
 * counts, in the envelope).
 */
import type { Handler, SimRequest } from "../../http-server.js";
import { created, createdEmpty, ok } from "./answers.js";
import { callFull, writeFull } from "./full.js";
import { fullBatchCreated, fullImportResult, fullProject } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action } from "./operation.js";

const importAnswer = async (handler: Handler, request: SimRequest) => {
  const answer = await callFull(handler, request, fullImportResult);
  if (!answer.ok) return answer.response;
  const { importedCount, skippedCount, errors } = answer.value;
  return ok({
    importedItemsCount: importedCount,
    skippedItemsCount: skippedCount,
    errors: errors.map((e) => ({ lineNumber: e.row, message: e.message })),
  });
};

export function coreRoutes({ full }: AspnetDeps): AspnetRoute[] {
  const createProject = full.handler("POST", "/api/ConnectionsProject/create-project");
  const createBatch = full.handler("POST", "/api/ConnectionBatches/create-connection-batch");
  const addItem = full.handler("POST", "/api/BatchMigrationItems/add-migration-item");
  const fromFile = full.handler("POST", "/api/BatchMigrationItems/import-users-from-file");
  const fromSource = full.handler("POST", "/api/BatchMigrationItems/import-users-from-source");
  return [
    action(
      "POST",
      "/api/ConnectionsProject/create-project",
      {
        operationId: "ConnectionsProject_CreateProject",
        summary: "Create a project from a Source and a Destination connection",
        body: { schema: "CreateProjectRequest" },
        reply: { status: 201, description: "Created", envelope: "ProjectModel", location: true },
        problems: [404],
      },
      async (request) => {
        const answer = await callFull(createProject, request, fullProject);
        return answer.ok
          ? created(answer.value, `/api/ConnectionsProject/get-project?projectId=${answer.value.projectId}`)
          : answer.response;
      },
    ),
    action(
      "POST",
      "/api/ConnectionBatches/create-connection-batch",
      {
        operationId: "ConnectionBatches_CreateConnectionBatch",
        summary: "Create a batch in a project; the value is its configurationId",
        body: { schema: "CreateConnectionBatchRequest" },
        reply: { status: 201, description: "Created", envelope: "Guid", location: true },
        problems: [404, 409],
      },
      async (request) => {
        const answer = await callFull(createBatch, request, fullBatchCreated);
        if (!answer.ok) return answer.response;
        const { configurationId } = answer.value;
        return created(
          configurationId,
          `/api/ConnectionBatches/get-connection-batch?configurationId=${configurationId}`,
        );
      },
    ),
    action(
      "POST",
      "/api/BatchMigrationItems/add-migration-item",
      {
        operationId: "BatchMigrationItems_AddMigrationItem",
        summary: "Add one migration item to a batch",
        body: { schema: "AddMigrationItemRequest" },
        reply: { status: 201, description: "Added (no body)" },
        problems: [404, 409],
      },
      async (request) => {
        const answer = await writeFull(addItem, request);
        return answer.ok ? createdEmpty() : answer.response;
      },
    ),
    action(
      "POST",
      "/api/BatchMigrationItems/import-users-from-file",
      {
        operationId: "BatchMigrationItems_ImportUsersFromFile",
        summary: "Import migration items from a CSV file (multipart: configurationId, file)",
        body: { schema: "ImportUsersFromFileForm", contentType: "multipart/form-data" },
        reply: { status: 200, description: "What was imported", envelope: "BulkImportResultModel" },
        problems: [404, 415],
      },
      (request) => importAnswer(fromFile, request),
    ),
    action(
      "POST",
      "/api/BatchMigrationItems/import-users-from-source",
      {
        operationId: "BatchMigrationItems_ImportUsersFromSource",
        summary: "Import the source directory's users into a batch",
        body: { schema: "ConfigurationIdParameters" },
        reply: { status: 200, description: "What was imported", envelope: "BulkImportResultModel" },
        problems: [404],
      },
      (request) => importAnswer(fromSource, request),
    ),
  ];
}
