/**
 * The live migration dashboard: a tool every client can call (its text and figures are the whole answer
 * where the host renders no apps), the MCP Apps view hosts that do render show with it, and the
 * app-only tool that view refreshes itself with. Both answer from the dashboard feed, so open views
 * cost the instance nothing beyond the watcher's one poll per batch per interval.
 */
import { z } from "zod";
import { quoted } from "../api/quoted.js";
import { SUMMARY_BATCH_LIMIT } from "../insight/summary.js";
import { batchDashboard, type Dashboard, dashboardFigures, projectDashboard } from "../insight/dashboard.js";
import { ToolInputError } from "../views/input-error.js";
import { URIS, statisticsLink, projectSummaryLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool } from "./define.js";
import { batchLine, batchSummary, licence, totals } from "./insight.js";
import { projectId } from "./projects.js";

const sample = z.object({ at: z.string(), bytes: z.number(), progressPercent: z.number().optional() });
const dashboardBatch = batchSummary.extend({
  history: z.array(sample).describe("Data moved and progress at each change seen while followed"),
  estimatedFinish: z
    .string()
    .optional()
    .describe("From the pace seen while followed, else the run's progress since it started"),
});
const figures = {
  batches: z.array(dashboardBatch),
  totals,
  readAt: z.string(),
  refreshAfterMs: z.number().describe("How often the view asks for new figures"),
};

function dashboardText(d: Dashboard, refreshAfterMs: number): string {
  const t = d.totals;
  const what =
    d.scope === "project"
      ? `Project ${d.projectName === undefined ? (d.projectId ?? "") : quoted(d.projectName)}`
      : "Batch";
  return [
    `${what}: ${t.done} of ${t.users} users done, ${t.failed} failed, ${t.remaining} left.`,
    ...d.batches.map(batchLine),
    ...(d.notReported.length > 0 ? [`Not reported by the instance: ${d.notReported.join("; ")}.`] : []),
    `Hosts that render MCP Apps show these figures as a live dashboard, refreshed every ${Number((refreshAfterMs / 1000).toFixed(1))} s while it is open; its buttons send you the user's request and never act themselves.`,
  ].join("\n");
}

export const dashboardTools = [
  defineTool({
    name: "show_migration_dashboard",
    title: "Show migration dashboard",
    description:
      "A live dashboard of a batch (configurationId) or a whole project (projectId): state, progress, users, failures by cause, throughput, finish estimate.",
    toolset: "migration",
    endpoints: ["getStatistics", "getBatch", "getProject", "listBatches", "getLicence"],
    fallback: "shows the batches this server created, and says what it could not read",
    input: {
      configurationId: configurationId.optional(),
      projectId: projectId.optional(),
    },
    output: {
      scope: z.enum(["batch", "project"]),
      projectId: z.string().optional(),
      projectName: z.string().optional(),
      ...figures,
      licence,
      notReported: z.array(z.string()),
      simulator: z.boolean().describe("The figures come from the embedded simulator"),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{configurationId}" },
    ui: { resourceUri: URIS.dashboardView },
    handler: async (args, ctx) => {
      if ((args.configurationId === undefined) === (args.projectId === undefined))
        throw new ToolInputError(
          "Give exactly one of configurationId (one batch) or projectId (every batch of a project).",
        );
      const deps = { cloudm: ctx.cloudm, watcher: ctx.watcher, feed: ctx.dashboards, signal: ctx.signal };
      const dashboard = args.configurationId
        ? await batchDashboard(deps, args.configurationId)
        : await projectDashboard(deps, args.projectId ?? "");
      const refreshAfterMs = ctx.dashboards.intervalMs;
      return {
        structured: { ...dashboard, refreshAfterMs, simulator: ctx.simulator },
        text: dashboardText(dashboard, refreshAfterMs),
        content: args.configurationId
          ? [statisticsLink(args.configurationId)]
          : [projectSummaryLink(args.projectId ?? "")],
      };
    },
  }),
  defineTool({
    name: "refresh_migration_dashboard",
    title: "Refresh migration dashboard",
    description:
      "For the dashboard view only (hidden from the model): the latest figures of the batches it shows.",
    toolset: "migration",
    endpoints: ["getStatistics"],
    input: {
      configurationIds: z.array(configurationId).min(1).max(SUMMARY_BATCH_LIMIT),
    },
    output: figures,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationIds: ["{configurationId}"] },
    ui: { resourceUri: URIS.dashboardView, visibility: ["app"] },
    handler: async (args, ctx) => {
      const read = await dashboardFigures(
        { feed: ctx.dashboards, signal: ctx.signal },
        args.configurationIds.map((id) => ({ configurationId: id })),
      );
      const t = read.totals;
      return {
        structured: { ...read, refreshAfterMs: ctx.dashboards.intervalMs },
        text: `${t.done} of ${t.users} users done, ${t.failed} failed, ${t.remaining} left (read ${read.readAt}).`,
      };
    },
  }),
];
