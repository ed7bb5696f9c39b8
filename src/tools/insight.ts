/** The questions an admin asks every day, answered from reads only: why did it fail, where is the project. */
import { z } from "zod";
import { quoted } from "../api/quoted.js";
import { FAILURE_CAUSES } from "../insight/failure-causes.js";
import { summarizeProject, type ProjectSummary, type BatchSummary } from "../insight/summary.js";
import { triage, type CauseGroup } from "../insight/triage.js";
import { projectReportHtml } from "../views/project-report.js";
import { dataSize } from "../views/sizes.js";
import { statisticsLink, projectSummaryLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool } from "./define.js";
import { projectId } from "./projects.js";

const example = z.object({
  user: z.string(),
  item: z.string().optional(),
  code: z.string().optional(),
  reason: z.string().describe("The instance's own words"),
});

const causeGroup = z.object({
  cause: z.enum(FAILURE_CAUSES),
  label: z.string(),
  count: z.number(),
  examples: z.array(example),
  fix: z.string(),
  restart: z.string(),
});

const failures = z.object({
  count: z.number(),
  causes: z.array(causeGroup),
  listed: z.boolean().optional().describe("false: the instance itemises no item failures"),
});

function groupLines(groups: CauseGroup[]): string[] {
  return groups.flatMap((g) => [
    `- ${g.label}: ${g.count} (${g.restart}). ${g.fix}`,
    ...g.examples.map(
      (e) =>
        `    e.g. ${quoted(e.user)}${e.item ? ` ${quoted(e.item)}` : ""}: ${e.code ? `${quoted(e.code)} ` : ""}${quoted(e.reason)}`,
    ),
  ]);
}

const figure = (value: number | undefined, what: string) =>
  value === undefined ? `${what} unknown` : `${value} ${what}`;

export function batchLine(b: BatchSummary): string {
  const name = b.batchName === undefined ? b.configurationId : quoted(b.batchName);
  if (b.unreadable) return `- ${name}: statistics could not be read (${quoted(b.unreadable)})`;
  const state =
    b.state ??
    (b.stateReported === undefined ? "state unknown" : `state not understood (${quoted(b.stateReported)})`);
  const parts = [
    `${state}${b.progressPercent !== undefined && b.state === "Running" ? ` ${b.progressPercent}%` : ""}`,
    `${figure(b.users.done, "done")} of ${figure(b.users.total, "users")}`,
    figure(b.users.failed, "failed"),
    ...(b.users.remaining ? [`${b.users.remaining} left`] : []),
    ...(b.dataMovedBytes !== undefined ? [`${dataSize(b.dataMovedBytes)} moved`] : []),
    ...(b.itemsPerHour ? [`${b.itemsPerHour} items/h measured`] : []),
    ...(b.estimatedFinish
      ? [`estimated finish ${b.estimatedFinish.slice(0, 16).replace("T", " ")} UTC`]
      : []),
  ];
  return `- ${name}: ${parts.join(", ")}`;
}

function summaryText(s: ProjectSummary): string {
  const t = s.totals;
  const name = s.projectName === undefined ? s.projectId : quoted(s.projectName);
  const causes = new Map<string, { users: number; items: number }>();
  for (const f of s.batches.flatMap((b) => b.failures)) {
    const c = causes.get(f.label) ?? { users: 0, items: 0 };
    c.users += f.users;
    c.items += f.items;
    causes.set(f.label, c);
  }
  const l = s.licence;
  return [
    `Project ${name}, ${s.batches.length} batch(es): ${t.users} users, ${t.done} done, ${t.failed} failed, ${t.remaining} left; ${dataSize(t.dataMovedBytes)} moved.`,
    ...s.batches.map(batchLine),
    ...(s.batchesNotRead > 0 ? [`(${s.batchesNotRead} more batch(es) not read)`] : []),
    causes.size === 0
      ? "No failures recorded."
      : `Failures by cause: ${[...causes].map(([label, c]) => `${label} ${[c.users ? `${c.users} users` : "", c.items ? `${c.items} items` : ""].filter(Boolean).join(", ")}`).join("; ")}.`,
    l === undefined
      ? "Licences: not reported."
      : `Licences: ${l.available ?? "unknown"} of ${l.total ?? "unknown"} available${l.usedByProject !== undefined ? `; this project uses ${l.usedByProject}` : ""}${l.expiresOn ? `; expires ${l.expiresOn.slice(0, 10)}` : ""}.`,
    ...(s.notReported.length > 0 ? [`Not reported by the instance: ${s.notReported.join("; ")}.`] : []),
  ].join("\n");
}

export const batchSummary = z.object({
  configurationId: z.string(),
  batchName: z.string().optional(),
  state: z.string().optional(),
  stateReported: z.string().optional(),
  progressPercent: z.number().optional(),
  users: z.object({
    total: z.number().optional(),
    done: z.number().optional(),
    failed: z.number().optional(),
    remaining: z.number().optional(),
    running: z.number().optional().describe("Being migrated now; part of remaining"),
  }),
  dataMovedBytes: z.number().optional(),
  itemsPerHour: z.number().optional().describe("As the instance measured it"),
  estimatedFinish: z.string().optional().describe("From the run's progress since it started"),
  failures: z.array(
    z.object({ cause: z.enum(FAILURE_CAUSES), label: z.string(), users: z.number(), items: z.number() }),
  ),
  notReported: z.array(z.string()),
  unreadable: z.string().optional(),
});

export const totals = z.object({
  users: z.number(),
  done: z.number(),
  failed: z.number(),
  remaining: z.number(),
  dataMovedBytes: z.number(),
});

export const licence = z
  .object({
    used: z.number().optional(),
    usedByProject: z.number().optional(),
    available: z.number().optional(),
    total: z.number().optional(),
    expiresOn: z.string().optional(),
  })
  .optional();

export const insightTools = [
  defineTool({
    name: "triage_failures",
    title: "Triage failures",
    description: "A batch's failed users and items grouped by cause, with the fix and which restart fits.",
    toolset: "migration",
    endpoints: ["getStatistics"],
    input: { configurationId },
    output: { failedUsers: failures, failedItems: failures, usersInUnknownState: z.number() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{configurationId}" },
    handler: async (args, ctx) => {
      const stats =
        ctx.watcher.latest(args.configurationId) ??
        (await ctx.cloudm.getStatistics(args.configurationId, ctx.signal));
      const t = triage(stats);
      const items = t.failedItems.listed
        ? `${t.failedItems.count} failed item(s) of other users`
        : "item failures not listed by the instance";
      const head = `Batch ${args.configurationId}: ${t.failedUsers.count} failed user(s), ${items}.`;
      return {
        structured: t,
        text: [
          head,
          ...(t.failedUsers.count > 0 ? ["Failed users by cause:", ...groupLines(t.failedUsers.causes)] : []),
          ...(t.failedItems.count > 0 ? ["Failed items by cause:", ...groupLines(t.failedItems.causes)] : []),
          ...(t.failedItems.listed
            ? []
            : [
                "This instance's statistics do not list item failures, so items that failed inside finished users are not counted here (a report from get_report may list them).",
              ]),
          ...(t.usersInUnknownState > 0
            ? [
                `${t.usersInUnknownState} user(s) in a state the instance did not give or this server cannot name: not triaged.`,
              ]
            : []),
          "Restart only after the user agrees (start_migration asks for confirmation).",
        ].join("\n"),
        content: [statisticsLink(args.configurationId)],
      };
    },
  }),
  defineTool({
    name: "summarize_project",
    title: "Summarize project",
    description:
      "Every batch of a project: state, users, data moved, rate, finish estimate, failures, licences.",
    toolset: "projects",
    endpoints: ["getProject", "listBatches", "getStatistics", "getLicence"],
    fallback: "summarises the batches this server created, and says what it could not read",
    input: { projectId },
    output: {
      projectId: z.string(),
      projectName: z.string().optional(),
      batches: z.array(batchSummary),
      totals,
      batchesNotRead: z.number(),
      licence,
      notReported: z.array(z.string()),
      readAt: z.string(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{projectId}" },
    handler: async (args, ctx) => {
      const summary = await summarizeProject(
        { cloudm: ctx.cloudm, watcher: ctx.watcher, signal: ctx.signal },
        args.projectId,
      );
      return {
        structured: summary,
        text: summaryText(summary),
        content: [projectSummaryLink(args.projectId)],
      };
    },
  }),
  defineTool({
    name: "export_project_report",
    title: "Export project report",
    description: "Write a project's summary as one printable HTML page (a new file under --allow-dir).",
    toolset: "projects",
    endpoints: ["getProject", "listBatches", "getStatistics", "getLicence"],
    fallback: "reports the batches this server created, and says what it could not read",
    input: { projectId, savePath: z.string().min(1).describe("Absolute path of a new .html file") },
    output: { savedTo: z.string(), batches: z.number(), bytes: z.number() },
    // Reads only upstream; it creates a new local file (never overwrites), as get_report's savePath does.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { projectId: "{projectId}", savePath: "{reportPath}" },
    handler: async (args, ctx) => {
      const summary = await summarizeProject(
        { cloudm: ctx.cloudm, watcher: ctx.watcher, signal: ctx.signal },
        args.projectId,
      );
      const html = projectReportHtml(summary, { simulator: ctx.simulator });
      const savedTo = await ctx.files.writeNew(args.savePath, html, "savePath");
      return {
        structured: { savedTo, batches: summary.batches.length, bytes: Buffer.byteLength(html) },
        text: `Report saved to ${savedTo}: open it in a browser, print to PDF to send it.\n${summaryText(summary)}`,
        content: [projectSummaryLink(args.projectId)],
      };
    },
  }),
];
