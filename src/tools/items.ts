/** Migration items beyond adding them one by one or by CSV. */
import { z } from "zod";
import { statisticsLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool } from "./define.js";

export const itemTools = [
  defineTool({
    name: "import_migration_items_from_source",
    title: "Import users from the source",
    description:
      "Add every user the batch's source connection lists (users already in the batch are skipped).",
    toolset: "items",
    endpoints: ["importUsersFromSource"],
    input: { configurationId },
    output: { importedCount: z.number().optional(), skippedCount: z.number().optional() },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{scratchConfigurationId}" },
    handler: async (args, ctx) => {
      const { value: r } = await ctx.cloudm.importUsersFromSource(args.configurationId, ctx.signal);
      return {
        structured: {
          ...(r.importedCount === undefined ? {} : { importedCount: r.importedCount }),
          ...(r.skippedCount === undefined ? {} : { skippedCount: r.skippedCount }),
        },
        text:
          r.importedCount === undefined
            ? "The instance is importing the source's users; it did not say how many: check get_batch_statistics."
            : `Imported ${r.importedCount} user(s) from the source${r.skippedCount === undefined ? "" : `; ${r.skippedCount} were already in the batch`}.`,
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
];
