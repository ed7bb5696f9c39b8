/**
 * Batch settings and the users (migration items) in a batch. How settings are planned, shown and
 * checked after a save is in batches-settings.ts.
 */
import { z } from "zod";
import { CSV_REQUIRED_COLUMNS } from "../api/cloudm/schemas/index.js";
import type { SettingsPlan } from "../api/cloudm/settings-plan.js";
import { ApiError } from "../api/errors.js";
import { nameOrId, plainOrQuoted, quoted, quotedJson } from "../api/quoted.js";
import { settingsLink, statisticsLink } from "../views/uris.js";
import { plans, savedOutcome, type Section, settingName, settingsLine } from "./batches-settings.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { readBackShape, noteLine, writtenShape } from "./written.js";
import { idArgument } from "./ids.js";

export const configurationId = idArgument("Batch id, from get_project");

const MAX_ITEMS_PER_CALL = 500;
/** Parallel add-migration-item calls: enough to be quick, few enough to be gentle upstream. */
const ADD_CONCURRENCY = 4;

const settingValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const settingsInput = z.record(z.string(), settingValue);

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
    example: { configurationId: "{configurationId}" },
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
            : `As this instance names them (use these names in update_batch_settings): ${settingsLine(s)}`,
      };
    },
  }),
  defineTool({
    name: "update_batch_settings",
    title: "Update batch settings",
    description:
      "Change batch settings, named as get_batch_settings shows them; reports any value not applied. Asks for confirmation.",
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
      general: settingsInput
        .optional()
        .describe(
          "Also emailDateFrom, documentDateFrom, simultaneousMigrations, folderSelection; null clears",
        ),
      source: settingsInput.optional(),
      destination: settingsInput.optional(),
    },
    output: {
      ...settingsOut,
      generalSettings: settingsOut.generalSettings.optional(),
      sourceSettings: settingsOut.sourceSettings.optional(),
      destinationSettings: settingsOut.destinationSettings.optional(),
      applied: z.array(z.string()).optional().describe("Settings the read-back shows as asked"),
      ...readBackShape,
      ...writtenShape,
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{scratchConfigurationId}", general: { folderSelection: "NoDeleted" } },
    preview: async (args, ctx) => {
      // An empty section changes nothing: a human must never be asked to confirm nothing.
      if ([args.general, args.source, args.destination].every((s) => !s || Object.keys(s).length === 0))
        throw new ToolInputError("Give at least one setting to change, in general, source or destination");
      const [batch, current] = await Promise.all([
        ctx.cloudm.batchFacts(args.configurationId, ctx.signal),
        ctx.cloudm.getBatchSettings(args.configurationId, ctx.signal),
      ]);
      const name = batch.ok ? batch.value.batchName : undefined;
      const diff = Object.fromEntries(
        plans(current, args, ctx.cloudm.vocabulary).flatMap(([section, plan]) =>
          plan.changes.map((c) => [
            settingName(section, c),
            `${quotedJson(c.from ?? null)} -> ${quotedJson(c.to)}`,
          ]),
        ),
      );
      return {
        summary: `Overwrite ${Object.keys(diff).length} setting(s) of batch ${nameOrId(name, args.configurationId)}`,
        details: {
          ...diff,
          ...(name === undefined
            ? { couldNotRead: [`the batch's name (${batch.ok ? "not in its record" : batch.reason})`] }
            : {}),
        },
        stable: { ...current },
      };
    },
    handler: async (args, ctx) => {
      const id = args.configurationId;
      const planned = plans(await ctx.cloudm.getBatchSettings(id, ctx.signal), args, ctx.cloudm.vocabulary);
      const save = {
        general: (body: Record<string, unknown>) => ctx.cloudm.saveGeneralSettings(id, body, ctx.signal),
        source: (body: Record<string, unknown>) => ctx.cloudm.saveSourceSettings(id, body, ctx.signal),
        destination: (body: Record<string, unknown>) =>
          ctx.cloudm.saveDestinationSettings(id, body, ctx.signal),
      };
      const saved: Array<[Section, SettingsPlan]> = [];
      const notes: string[] = [];
      // One after another, as a user would save each section. Once one is saved, a later refusal must
      // not read as "nothing happened": the result says what was saved and what was not.
      for (const [section, plan] of planned) {
        try {
          const written = await save[section](plan.body);
          if (written.note) notes.push(written.note);
          saved.push([section, plan]);
        } catch (error) {
          if (saved.length === 0 || !(error instanceof ApiError)) throw error;
          notes.push(
            `Saved ${saved.map(([name]) => name).join(", ")}; ${section} was not saved: ${error.message}`,
          );
          break;
        }
      }
      // An instance may answer 2xx and keep none of it (a binder drops names it does not know): only
      // the settings read back say what was applied. A failed read does not undo the save.
      const readBack = await ctx.cloudm.getBatchSettings(id, ctx.signal).catch((error: unknown) => {
        if (error instanceof ApiError) return undefined;
        throw error;
      });
      if (!readBack) {
        notes.push(
          "The instance accepted the save, but the settings could not be read back to check each value.",
        );
        const count = saved.reduce((n, [, plan]) => n + plan.changes.length, 0);
        return {
          structured: { note: notes.join(" ") },
          text: `Batch settings sent and accepted (${count} value(s)); not verified. Note: ${notes.join(" ")}`,
          content: [settingsLink(id)],
        };
      }
      const { applied, missed, unverified, head } = savedOutcome(saved, readBack);
      return {
        structured: {
          generalSettings: readBack.generalSettings,
          sourceSettings: readBack.sourceSettings,
          destinationSettings: readBack.destinationSettings,
          applied,
          ...(missed.length > 0 ? { notApplied: missed } : {}),
          ...(unverified.length > 0 ? { unverified } : {}),
          ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
        },
        text: `${head}${notes.length > 0 ? ` Note: ${notes.join(" ")}` : ""}`,
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
    example: {
      configurationId: "{scratchConfigurationId}",
      items: [{ exportName: "new.hire@contoso.example" }],
    },
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
          await ctx.progress(
            results.filter(Boolean).length,
            args.items.length,
            `Added ${plainOrQuoted(item.exportName)}`,
          );
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
        ...failed.slice(0, 20).map((f) => `- ${plainOrQuoted(f.exportName)}: ${f.error}`),
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
    example: {
      configurationId: "{scratchConfigurationId}",
      csv: "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate\nnew.joiner@contoso.example,new.joiner@fabrikam.example,User,User,true",
    },
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
        ...errors
          .slice(0, 20)
          .map((e) => `- ${e.row === undefined ? "" : `row ${e.row}: `}${quoted(e.message)}`),
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
