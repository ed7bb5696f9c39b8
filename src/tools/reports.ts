/** Migration reports: generated upstream, downloaded, returned as an embedded resource, optionally saved. */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { REPORT_TYPES, type ReportType } from "../api/cloudm/schemas/index.js";
import { ConflictError } from "../api/errors.js";
import { quoted } from "../api/quoted.js";
import { neutraliseFormulas } from "../views/csv-formulas.js";
import { URIS } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool, type ToolContext } from "./define.js";

const REPORT_WAIT_MS = 40_000;
const REPORT_POLL_MS = 500;
/** About 15,000 tokens: the most of a report sent inline; the rest goes to a file. */
const INLINE_CHARS = 60_000;

interface ReportArgs {
  configurationId: string;
  reportType: ReportType;
  savePath?: string | undefined;
}

type Report = Awaited<ReturnType<ToolContext["cloudm"]["downloadReport"]>>;

/** Downloads the report once generated: 409 means "still generating" until the deadline. */
async function downloadWhenReady(args: ReportArgs, ctx: ToolContext, deadline: number): Promise<Report> {
  for (let polls = 1; ; polls++) {
    try {
      return await ctx.cloudm.downloadReport(args.configurationId, args.reportType, ctx.signal);
    } catch (error) {
      // Past the deadline it is the caller's to retry.
      if (!(error instanceof ConflictError) || Date.now() >= deadline || ctx.shutdown.aborted) throw error;
      await ctx.progress(polls, undefined, `Generating ${args.reportType} report`);
      // Every half second at first; a long generation (a task waits it out) is asked less often.
      await sleep(Math.min(REPORT_POLL_MS * 2 ** Math.floor(polls / 10), 5_000), undefined, {
        signal: ctx.signal,
      });
    }
  }
}

async function reportOutput(args: ReportArgs, report: Report, ctx: ToolContext) {
  const file = args.savePath ? await neutraliseFormulas(report.content) : undefined;
  const savedTo =
    args.savePath && file ? await ctx.files.writeNew(args.savePath, file.csv, "savePath") : undefined;
  const neutralised = file?.neutralised ?? 0;
  const rows = Math.max(0, report.content.split(/\r?\n/).filter(Boolean).length - 1);
  const truncated = report.content.length > INLINE_CHARS;
  const inline = truncated
    ? report.content.slice(0, report.content.lastIndexOf("\n", INLINE_CHARS) + 1)
    : report.content;
  return {
    structured: {
      fileName: report.fileName,
      reportType: args.reportType,
      rows,
      bytes: Buffer.byteLength(report.content),
      truncated,
      ...(savedTo ? { savedTo } : {}),
      ...(neutralised > 0 ? { formulasNeutralised: neutralised } : {}),
    },
    text: `${args.reportType} report ${quoted(report.fileName)}: ${rows} row(s)${savedTo ? `, saved to ${savedTo}` : ""}${neutralised > 0 ? ` (${neutralised} cell(s) that a spreadsheet would run as formulas were saved with a leading ')` : ""}${truncated ? `. Only the first part is inline; pass savePath for the whole file` : ""}.`,
    content: [
      {
        type: "resource" as const,
        resource: {
          uri: URIS.report(args.configurationId, args.reportType),
          mimeType: "text/csv",
          text: inline,
        },
      },
    ],
  };
}

export const reportTools = [
  defineTool({
    name: "get_report",
    title: "Get report",
    description: "Generate and download a batch report (CSV); savePath also saves it.",
    toolset: "reports",
    endpoints: ["generateReport", "downloadReport"],
    input: {
      configurationId,
      reportType: z.enum(REPORT_TYPES),
      savePath: z.string().min(1).optional().describe("Absolute path of a new file"),
    },
    output: {
      fileName: z.string(),
      reportType: z.string(),
      rows: z.number(),
      bytes: z.number(),
      truncated: z.boolean(),
      savedTo: z.string().optional(),
      formulasNeutralised: z
        .number()
        .optional()
        .describe(
          "Cells of the saved file prefixed with ' so a spreadsheet shows them instead of running them",
        ),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{pilotConfigurationId}", reportType: "MigrationSummary" },
    handler: async (args, ctx) => {
      await ctx.cloudm.generateReport(args.configurationId, ctx.signal);
      return reportOutput(args, await downloadWhenReady(args, ctx, Date.now() + REPORT_WAIT_MS), ctx);
    },
    task: {
      job: "report",
      start: async (args, ctx) => {
        await ctx.cloudm.generateReport(args.configurationId, ctx.signal);
        return { message: `Generating the ${args.reportType} report.` };
      },
      finish: async (args, ctx) =>
        reportOutput(args, await downloadWhenReady(args, ctx, Number.POSITIVE_INFINITY), ctx),
      leftRunning: "Nothing is left running: call get_report again for the report.",
    },
  }),
];
