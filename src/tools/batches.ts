/** Batch settings and the users (migration items) in a batch. */
import { z } from "zod";
import { CSV_REQUIRED_COLUMNS, FOLDER_SELECTIONS } from "../api/cloudm/schemas/index.js";
import { ApiError } from "../api/errors.js";
import { settingsLink, statisticsLink } from "../views/uris.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { noteLine, writtenShape } from "./written.js";

export const configurationId = z.string().describe("Batch id, from get_project");

const MAX_ITEMS_PER_CALL = 500;
/** Parallel add-migration-item calls: enough to be quick, few enough to be gentle upstream. */
const ADD_CONCURRENCY = 4;

const generalSettingsInput = z
  .object({
    emailDateFrom: z.string().nullable(),
    emailDateTo: z.string().nullable(),
    documentDateFrom: z.string().nullable(),
    documentDateTo: z.string().nullable(),
    folderSelection: z.enum(FOLDER_SELECTIONS),
    excludedFolders: z.array(z.string()),
    simultaneousMigrations: z.number().int().min(1).max(100),
    retryFailedItems: z.boolean(),
  })
  .partial()
  .strict()
  .describe("ISO dates; null clears");

const settingsOut = {
  generalSettings: z.record(z.string(), z.unknown()),
  sourceSettings: z.record(z.string(), z.unknown()),
  destinationSettings: z.record(z.string(), z.unknown()),
};

const itemInput = z.object({
  exportName: z.string().min(1).describe("Source user email"),
  importName: z.string().min(1).optional().describe("Default: exportName"),
  mail: z.boolean().optional(),
  calendar: z.boolean().optional(),
  contacts: z.boolean().optional(),
  drive: z.boolean().optional(),
});

function changedFields(
  current: Record<string, unknown>,
  wanted: Record<string, unknown> | undefined,
  prefix: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted ?? {})) {
    if (JSON.stringify(current[key] ?? null) !== JSON.stringify(value))
      out[`${prefix}.${key}`] = `${JSON.stringify(current[key] ?? null)} -> ${JSON.stringify(value)}`;
  }
  return out;
}

export const batchTools = [
  defineTool({
    name: "get_batch_settings",
    title: "Get batch settings",
    description: "A batch's general, source and destination settings.",
    toolset: "batches",
    endpoints: ["getBatchSettings"],
    input: { configurationId },
    output: settingsOut,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const s = await ctx.cloudm.getBatchSettings(args.configurationId, ctx.signal);
      const g = s.generalSettings;
      return {
        structured: {
          generalSettings: g,
          sourceSettings: s.sourceSettings,
          destinationSettings: s.destinationSettings,
        },
        text:
          Object.keys(g).length +
            Object.keys(s.sourceSettings).length +
            Object.keys(s.destinationSettings).length ===
          0
            ? "The instance returned no settings for this batch (its defaults apply)."
            : `Folders: ${String(g.folderSelection ?? "?")}, email from ${String(g.emailDateFrom ?? "any date")}, ${String(g.simultaneousMigrations ?? "?")} users at a time.`,
      };
    },
  }),
  defineTool({
    name: "update_batch_settings",
    title: "Update batch settings",
    description: "Change batch settings (only fields given). Asks for confirmation.",
    toolset: "batches",
    endpoints: [
      "getBatch",
      "getBatchSettings",
      "saveGeneralSettings",
      "saveSourceSettings",
      "saveDestinationSettings",
    ],
    input: {
      configurationId,
      general: generalSettingsInput.optional(),
      source: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      destination: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    },
    output: {
      ...settingsOut,
      generalSettings: settingsOut.generalSettings.optional(),
      sourceSettings: settingsOut.sourceSettings.optional(),
      destinationSettings: settingsOut.destinationSettings.optional(),
      ...writtenShape,
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: async (args, ctx) => {
      if (!args.general && !args.source && !args.destination)
        throw new ToolInputError("Give at least one of general, source, destination");
      const [batch, current] = await Promise.all([
        ctx.cloudm.batchFacts(args.configurationId, ctx.signal),
        ctx.cloudm.getBatchSettings(args.configurationId, ctx.signal),
      ]);
      const name = batch.ok ? batch.value.batchName : undefined;
      const diff = {
        ...changedFields(current.generalSettings, args.general, "general"),
        ...changedFields(current.sourceSettings, args.source, "source"),
        ...changedFields(current.destinationSettings, args.destination, "destination"),
      };
      return {
        summary: `Overwrite ${Object.keys(diff).length} setting(s) of batch ${name ? `'${name}'` : args.configurationId}`,
        details: {
          ...(Object.keys(diff).length > 0 ? diff : { note: "no values differ from the current ones" }),
          ...(name === undefined
            ? { couldNotRead: [`the batch's name (${batch.ok ? "not in its record" : batch.reason})`] }
            : {}),
        },
        stable: { ...current },
      };
    },
    handler: async (args, ctx) => {
      const id = args.configurationId;
      const { general, source, destination } = args;
      const saves = [
        general && (["general", () => ctx.cloudm.saveGeneralSettings(id, general, ctx.signal)] as const),
        source && (["source", () => ctx.cloudm.saveSourceSettings(id, source, ctx.signal)] as const),
        destination &&
          (["destination", () => ctx.cloudm.saveDestinationSettings(id, destination, ctx.signal)] as const),
      ].filter((save) => save !== undefined);
      const written = [];
      const notes: string[] = [];
      // One after another, as a user would save each section. Once one is saved, a later refusal must
      // not read as "nothing happened": the result says what was saved and what was not.
      for (const [section, save] of saves) {
        try {
          written.push(await save());
        } catch (error) {
          if (written.length === 0 || !(error instanceof ApiError)) throw error;
          notes.push(
            `Saved ${saves
              .slice(0, written.length)
              .map(([name]) => name)
              .join(", ")}; ${section} was not saved: ${error.message}`,
          );
          break;
        }
      }
      notes.push(...written.flatMap((w) => (w.note ? [w.note] : [])));
      // The last answer carries the saved settings when the instance sends them; else they are read
      // back, and a failure to read them does not undo the save.
      const s =
        written.at(-1)?.value ??
        (await ctx.cloudm.getBatchSettings(id, ctx.signal).catch((error: unknown) => {
          if (error instanceof ApiError) return undefined;
          throw error;
        }));
      if (!s) notes.push("The settings were saved but could not be read back.");
      return {
        structured: {
          ...(s
            ? {
                generalSettings: s.generalSettings,
                sourceSettings: s.sourceSettings,
                destinationSettings: s.destinationSettings,
              }
            : {}),
          ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
        },
        text: notes.length > 0 ? `Batch settings saved. Note: ${notes.join(" ")}` : "Batch settings saved.",
        content: [settingsLink(id)],
      };
    },
  }),
  defineTool({
    name: "add_migration_items",
    title: "Add users to a batch",
    description: `Add 1-${MAX_ITEMS_PER_CALL} users (data flags default true); says how each went.`,
    toolset: "batches",
    endpoints: ["getBatch", "addMigrationItem"],
    input: {
      configurationId,
      items: z.array(itemInput).min(1).max(MAX_ITEMS_PER_CALL),
    },
    output: {
      added: z.number(),
      failed: z.number(),
      results: z.array(
        z.object({
          exportName: z.string(),
          ok: z.boolean(),
          itemId: z.string().optional(),
          error: z.string().optional(),
        }),
      ),
      note: z.string().optional(),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      // Items take the batch's own object type (User, TeamDrive, ...), set when it was created; an
      // instance that cannot say gets User, the guide's example and the default of create_batch.
      const batch = await ctx.cloudm.batchFacts(args.configurationId, ctx.signal);
      const knownType = batch.ok ? batch.value.migrationItemsBatchType : undefined;
      const type = knownType ?? 0;
      const results: Array<{ exportName: string; ok: boolean; itemId?: string; error?: string }> = new Array(
        args.items.length,
      );
      let next = 0;
      const worker = async () => {
        while (next < args.items.length) {
          const index = next++;
          const item = args.items[index];
          if (!item) continue;
          try {
            const written = await ctx.cloudm.addMigrationItem(
              {
                configurationId: args.configurationId,
                exportName: item.exportName,
                importName: item.importName ?? item.exportName,
                exportType: type,
                importType: type,
                mail: item.mail ?? true,
                calendar: item.calendar ?? true,
                contacts: item.contacts ?? true,
                drive: item.drive ?? true,
                migrate: true,
              },
              ctx.signal,
            );
            // A 2xx stored the item, whatever the answer looked like.
            results[index] = {
              exportName: item.exportName,
              ok: true,
              ...(written.value ? { itemId: written.value } : {}),
            };
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            results[index] = { exportName: item.exportName, ok: false, error: error.message };
          }
          await ctx.progress(results.filter(Boolean).length, args.items.length, `Added ${item.exportName}`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(ADD_CONCURRENCY, args.items.length) }, worker));
      const failed = results.filter((r) => !r.ok);
      const note =
        knownType === undefined
          ? `Added as User items: the batch's item type could not be read (${batch.ok ? "not in its record" : batch.reason}).`
          : undefined;
      const text = [
        `Added ${results.length - failed.length} of ${results.length} user(s).`,
        ...failed.slice(0, 20).map((f) => `- ${f.exportName}: ${f.error}`),
        ...(note ? [note] : []),
      ];
      return {
        structured: {
          added: results.length - failed.length,
          failed: failed.length,
          results,
          ...(note ? { note } : {}),
        },
        text: text.join("\n"),
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
  defineTool({
    name: "import_migration_items",
    title: "Import users from CSV",
    description: `Add users from CSV text or a file in an allowed folder. Columns: ${CSV_REQUIRED_COLUMNS.join(", ")}.`,
    toolset: "batches",
    endpoints: ["importUsersFromFile"],
    input: {
      configurationId,
      csv: z.string().min(1).optional().describe("CSV text"),
      filePath: z.string().min(1).optional().describe("Absolute path, instead of csv"),
    },
    output: {
      importedCount: z.number().optional().describe("Absent when the instance did not say"),
      skippedCount: z.number().optional(),
      errors: z.array(z.object({ row: z.number().optional(), message: z.string() })),
      ...writtenShape,
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      if ((args.csv === undefined) === (args.filePath === undefined))
        throw new ToolInputError("Give exactly one of csv (the text) or filePath");
      const text = args.csv ?? (await ctx.files.readText(args.filePath ?? "", "filePath"));
      const fileName = args.filePath?.split(/[\\/]/).pop() ?? "users.csv";
      const written = await ctx.cloudm.importUsersFromFile(args.configurationId, text, fileName, ctx.signal);
      const result = written.value;
      const errors = result.errors.map((e) => ({
        ...(e.row === undefined ? {} : { row: e.row }),
        message: e.message,
      }));
      const counted = result.importedCount !== undefined;
      const lines = [
        counted
          ? `Imported ${result.importedCount} user(s)${result.skippedCount === undefined ? "" : `, skipped ${result.skippedCount}`}.`
          : "The instance accepted the file but did not say how many users it imported: check with get_batch_statistics before importing again.",
        ...errors.slice(0, 20).map((e) => `- ${e.row === undefined ? "" : `row ${e.row}: `}${e.message}`),
      ];
      return {
        structured: {
          ...(counted ? { importedCount: result.importedCount } : {}),
          ...(result.skippedCount === undefined ? {} : { skippedCount: result.skippedCount }),
          errors,
          ...(counted ? {} : { answer: written.raw }),
        },
        text: `${lines.join("\n")}${noteLine(written)}`,
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
];
