/** The pre-flight of a batch: can it be started safely, and if not, what to do first. */
import { z } from "zod";
import { CHECK_STATUSES, VERDICTS } from "../insight/preflight-model.js";
import { PREFLIGHT_ENDPOINTS, runPreflight } from "../insight/preflight.js";
import { preflightText } from "../views/preflight.js";
import { statisticsLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool } from "./define.js";

const checkOut = z.object({
  check: z.string(),
  status: z.enum(CHECK_STATUSES),
  found: z.string(),
  action: z.string().optional(),
  figures: z.record(z.string(), z.unknown()).optional(),
});

export const preflightTools = [
  defineTool({
    name: "preflight_batch",
    title: "Pre-flight a batch",
    description:
      "Check a batch before start_migration: connections, readiness, licences, volume cap, users. Verdict ready, warnings or blocked, with fixes.",
    toolset: "migration",
    endpoints: PREFLIGHT_ENDPOINTS,
    input: { configurationId },
    output: {
      configurationId: z.string(),
      batchName: z.string().optional(),
      verdict: z.enum(VERDICTS),
      checks: z.array(checkOut),
      checkedAt: z.string(),
    },
    // Connection tests and readiness runs are started: probes that change nothing (as test_connection).
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { configurationId: "{configurationId}" },
    handler: async (args, ctx) => {
      const preflight = await runPreflight(ctx, args.configurationId);
      return {
        structured: preflight,
        text: preflightText(preflight),
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
];
