/** Projects, batches, migration items and batch settings. */
import {
  addMigrationItemRequest,
  batch,
  batchList,
  batchSettings,
  createBatchRequest,
  createProjectRequest,
  IMPORT_FILE_FIELDS,
  importFromSourceRequest,
  importResult,
  migrationItem,
  PAGE_SIZE_MAX,
  project,
  projectPage,
  saveGeneralSettingsRequest,
  savePlatformSettingsRequest,
} from "../../api/cloudm/schemas/index.js";
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { flag, pageBody, pageRequest } from "./paging.js";
import { derivedRandom } from "../random.js";
import { type CloudMContext, findBatch, findConnection, findProject, iso } from "./context.js";
import { readItemsCsv } from "./csv-import.js";
import { advance, isActive } from "./engine.js";
import { directoryUsers } from "./seed.js";
import type { SimBatch, SimItem, SimProject } from "./state.js";

const DIRECTORY_SIZE = 25;

export function projectView(p: SimProject) {
  return {
    projectId: p.projectId,
    name: p.name,
    createdOn: iso(p.createdOn),
    isArchived: p.isArchived,
    isIncomplete: false,
    sourceConnectionId: p.sourceConnectionId,
    destinationConnectionId: p.destinationConnectionId,
  };
}

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

function itemView(i: SimItem) {
  return {
    id: i.id,
    configurationId: i.configurationId,
    exportName: i.exportName,
    importName: i.importName,
    exportType: i.exportType,
    importType: i.importType,
    migrate: i.migrate,
    ...i.flags,
    ...i.extra,
    state: i.state,
  };
}

function settingsView(b: SimBatch) {
  return {
    configurationId: b.configurationId,
    generalSettings: b.general,
    sourceSettings: b.sourceSettings,
    destinationSettings: b.destinationSettings,
  };
}

function hasItem(batch: SimBatch, exportName: string): boolean {
  return batch.itemNames.has(exportName.toLowerCase());
}

function domainOf(ctx: CloudMContext, connectionId: number): string {
  const settings = ctx.state.connections.get(connectionId)?.settings ?? {};
  return String(settings.domainName ?? settings.domain ?? "example.com");
}

export function projectRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      pattern: "/api/ConnectionsProject/create-project",
      authenticated: true,
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
        return { status: 200, body: batchView(batch) };
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
    {
      method: "POST",
      pattern: "/api/BatchMigrationItems/add-migration-item",
      authenticated: true,
      doc: { summary: "Add one migration item", body: addMigrationItemRequest, response: migrationItem },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], addMigrationItemRequest);
        if (!parsed.ok) return parsed.response;
        const {
          configurationId,
          exportName,
          importName,
          exportType,
          importType,
          migrate,
          mail,
          calendar,
          contacts,
          drive,
          ...rest
        } = parsed.value;
        const batch = findBatch(ctx, configurationId);
        if (!batch.ok) return batch.response;
        if (hasItem(batch.value, exportName))
          return problem(409, `'${exportName}' is already in batch '${batch.value.batchName}'`);
        const { tasks, notes, sites, channels, ...extra } = rest;
        const flags = Object.fromEntries(
          Object.entries({ mail, calendar, contacts, drive, tasks, notes, sites, channels }).filter(
            ([, v]) => v !== undefined,
          ),
        ) as Record<string, boolean>;
        const item = state.addItem(batch.value, {
          exportName,
          importName,
          exportType,
          importType,
          migrate,
          flags,
          extra,
        });
        return { status: 200, body: itemView(item) };
      },
    },
    {
      method: "POST",
      pattern: "/api/BatchMigrationItems/import-users-from-file",
      authenticated: true,
      doc: { summary: "Import items from a CSV (multipart: configurationId, file)", response: importResult },
      handler: async (request) => {
        const contentType = request.headers["content-type"] ?? "";
        if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
          return problem(
            415,
            "Upload the CSV as multipart/form-data with fields 'configurationId' and 'file'",
          );
        }
        const form = await new Request("http://simulator/upload", {
          method: "POST",
          headers: { "content-type": contentType },
          body: request.body,
        }).formData();
        const configurationId = form.get(IMPORT_FILE_FIELDS.configurationId);
        const file = form.get(IMPORT_FILE_FIELDS.file);
        const missing: Record<string, string[]> = {};
        if (typeof configurationId !== "string" || !configurationId)
          missing.configurationId = ["The configurationId field is required."];
        if (!file || typeof file === "string")
          missing.file = ["Attach the CSV as a file field named 'file'."];
        if (
          Object.keys(missing).length > 0 ||
          typeof configurationId !== "string" ||
          !file ||
          typeof file === "string"
        ) {
          return problem(400, "Invalid upload", missing);
        }
        const batch = findBatch(ctx, configurationId);
        if (!batch.ok) return batch.response;
        const outcome = readItemsCsv(await file.text());
        if (!outcome.ok) return problem(400, "The CSV cannot be imported", outcome.errors);
        const errors = [...outcome.errors];
        let importedCount = 0;
        let skippedCount = 0;
        for (const { row, item } of outcome.items) {
          if (hasItem(batch.value, item.exportName)) {
            skippedCount++;
            errors.push({ row, message: `'${item.exportName}' is already in the batch` });
            continue;
          }
          state.addItem(batch.value, item);
          importedCount++;
        }
        return {
          status: 200,
          body: {
            importedCount,
            skippedCount: skippedCount + outcome.errors.length,
            errors: errors.sort((a, b) => a.row - b.row),
          },
        };
      },
    },
    {
      method: "POST",
      pattern: "/api/BatchMigrationItems/import-users-from-source",
      authenticated: true,
      doc: {
        summary: "Import the source directory's users",
        body: importFromSourceRequest,
        response: importResult,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], importFromSourceRequest);
        if (!parsed.ok) return parsed.response;
        const batch = findBatch(ctx, parsed.value.configurationId);
        if (!batch.ok) return batch.response;
        const sourceDomain = domainOf(ctx, batch.value.sourceConnectionId);
        const destinationDomain = domainOf(ctx, batch.value.destinationConnectionId);
        const users = directoryUsers(
          sourceDomain,
          DIRECTORY_SIZE,
          derivedRandom(state.seed, "directory", sourceDomain),
        );
        let importedCount = 0;
        for (const user of users) {
          if (hasItem(batch.value, user)) continue;
          const importName = user.replace(/@.*$/, `@${destinationDomain}`);
          const flags = { mail: true, calendar: true, contacts: true, drive: true };
          state.addItem(batch.value, {
            exportName: user,
            importName,
            exportType: 0,
            importType: 0,
            migrate: true,
            flags,
            extra: {},
          });
          importedCount++;
        }
        return {
          status: 200,
          body: { importedCount, skippedCount: users.length - importedCount, errors: [] },
        };
      },
    },
    {
      method: "GET",
      pattern: "/api/BatchConfigSettings/{configurationId}",
      authenticated: true,
      doc: { summary: "Get batch settings", response: batchSettings },
      handler: (request) => {
        const found = findBatch(ctx, request.params.configurationId ?? "");
        return found.ok ? { status: 200, body: settingsView(found.value) } : found.response;
      },
    },
    {
      method: "POST",
      pattern: "/api/BatchConfigSettings/save-general-settings",
      authenticated: true,
      doc: {
        summary: "Save general settings (partial)",
        body: saveGeneralSettingsRequest,
        response: batchSettings,
      },
      handler: (request) => {
        const parsed = parseJsonBody(
          request.body,
          request.headers["content-type"],
          saveGeneralSettingsRequest,
        );
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        if (isActive(found.value) && parsed.value.settings.simultaneousMigrations !== undefined) {
          return problem(
            409,
            "simultaneousMigrations cannot change while the batch is running; stop it first",
            {
              "settings.simultaneousMigrations": ["Cannot change while running"],
            },
          );
        }
        Object.assign(found.value.general, parsed.value.settings);
        return { status: 200, body: settingsView(found.value) };
      },
    },
    ...(["source", "destination"] as const).map((side): Route => ({
      method: "POST",
      pattern: `/api/BatchConfigSettings/save-${side}-settings`,
      authenticated: true,
      doc: {
        summary: `Save ${side} platform settings`,
        body: savePlatformSettingsRequest,
        response: batchSettings,
      },
      handler: (request) => {
        const parsed = parseJsonBody(
          request.body,
          request.headers["content-type"],
          savePlatformSettingsRequest,
        );
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        Object.assign(
          side === "source" ? found.value.sourceSettings : found.value.destinationSettings,
          parsed.value.settings,
        );
        return { status: 200, body: settingsView(found.value) };
      },
    })),
  ];
}
