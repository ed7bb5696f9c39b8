/** Migration items of a batch (api/BatchMigrationItems): one at a time, from a CSV, or from the source directory. */
import { emptyResponse, type Route, type SimRequest, type SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { readItemsCsv } from "./csv-import.js";
import { importFileJsonRequest, parseJsonOnlyBody } from "./guide-bodies.js";
import { findBatch } from "./lookup.js";
import type { SimBatch, SimItem } from "./model.js";
import { sourceDirectory } from "./seed.js";
import {
  addMigrationItemRequest,
  IMPORT_FILE_FIELDS,
  importFromSourceRequest,
  importResult,
  migrationItem,
} from "./wire/items.js";

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

function hasItem(batch: SimBatch, exportName: string): boolean {
  return batch.itemNames.has(exportName.toLowerCase());
}

function domainOf(ctx: CloudMContext, connectionId: number): string {
  const settings = ctx.state.connections.get(connectionId)?.settings ?? {};
  return String(settings.domainName ?? settings.domain ?? "example.com");
}

/** The CSV and the batch an upload names, or the refusal to send. */
type Upload = { ok: true; configurationId: string; csv: string } | { ok: false; response: SimResponse };

/** The full profile's upload: multipart/form-data with the batch id and the file as fields. */
async function multipartUpload(request: SimRequest): Promise<Upload> {
  const contentType = request.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return {
      ok: false,
      response: problem(
        415,
        "Upload the CSV as multipart/form-data with fields 'configurationId' and 'file'",
      ),
    };
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
  if (!file || typeof file === "string") missing.file = ["Attach the CSV as a file field named 'file'."];
  if (
    Object.keys(missing).length > 0 ||
    typeof configurationId !== "string" ||
    !file ||
    typeof file === "string"
  )
    return { ok: false, response: problem(400, "Invalid upload", missing) };
  return { ok: true, configurationId, csv: await file.text() };
}

/** The guide profile's upload: a JSON body whose fileContent is the CSV in base64. */
function jsonUpload(request: SimRequest): Upload {
  const parsed = parseJsonOnlyBody(request.body, request.headers["content-type"], importFileJsonRequest);
  if (!parsed.ok) return parsed;
  const csv = Buffer.from(parsed.value.fileContent, "base64").toString("utf8");
  return { ok: true, configurationId: parsed.value.configurationId, csv };
}

/** Adds the CSV's rows to the batch; rows already in it are skipped and reported by row number. */
function importCsv(ctx: CloudMContext, batch: SimBatch, csv: string): SimResponse {
  const outcome = readItemsCsv(csv);
  if (!outcome.ok) return problem(400, "The CSV cannot be imported", outcome.errors);
  const errors = [...outcome.errors];
  let importedCount = 0;
  let skippedCount = 0;
  for (const { row, item } of outcome.items) {
    if (hasItem(batch, item.exportName)) {
      skippedCount++;
      errors.push({ row, message: `'${item.exportName}' is already in the batch` });
      continue;
    }
    ctx.state.addItem(batch, item);
    importedCount++;
  }
  if (ctx.profile === "guide") return { status: 200, body: { importedCount } };
  return {
    status: 200,
    body: {
      importedCount,
      skippedCount: skippedCount + outcome.errors.length,
      errors: errors.sort((a, b) => a.row - b.row),
    },
  };
}

export function itemRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  const guide = ctx.profile === "guide";
  return [
    {
      method: "POST",
      pattern: "/api/BatchMigrationItems/add-migration-item",
      authenticated: true,
      documented: true,
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
        // The guide shows no answer; an action returning Ok() sends none.
        return guide ? emptyResponse(200) : { status: 200, body: itemView(item) };
      },
    },
    {
      method: "POST",
      pattern: "/api/BatchMigrationItems/import-users-from-file",
      authenticated: true,
      documented: true,
      doc: { summary: "Import items from a CSV (multipart: configurationId, file)", response: importResult },
      handler: async (request) => {
        const upload = guide ? jsonUpload(request) : await multipartUpload(request);
        if (!upload.ok) return upload.response;
        const batch = findBatch(ctx, upload.configurationId);
        return batch.ok ? importCsv(ctx, batch.value, upload.csv) : batch.response;
      },
    },
    {
      method: "POST",
      pattern: "/api/BatchMigrationItems/import-users-from-source",
      authenticated: true,
      documented: true,
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
        const users = sourceDirectory(state.seed, sourceDomain);
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
          body: guide
            ? { importedCount }
            : { importedCount, skippedCount: users.length - importedCount, errors: [] },
        };
      },
    },
  ];
}
