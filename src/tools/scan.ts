/**
 * Environment scans: what a project's source holds (users, mailbox and drive sizes) before migrating.
 * A scan as these tools show it is in scan-view.ts.
 */
import { z } from "zod";
import { optional, type Written } from "../api/cloudm/client.js";
import { nameOrId } from "../api/quoted.js";
import {
  SCAN_SOURCE_OPTIONS,
  SCAN_TYPES,
  type ScanSourceOption,
  type ScanStatusRecord,
  type ScanType,
} from "../api/cloudm/schemas/index.js";
import { checkAgain } from "../views/check-again.js";
import { projectLink } from "../views/uris.js";
import { defined } from "../views/reported.js";
import { defineTool, type ToolContext } from "./define.js";
import { pollUntilSettled } from "./poll.js";
import { cursorInput, decodeCursor, encodeCursor } from "../views/paging.js";
import { projectId } from "./projects.js";
import { reportLines, reportOut, type ScanOut, scanOut, scanView, sizesOf, statusText } from "./scan-view.js";
import { noteLine, writtenFields, writtenShape } from "./written.js";

const USER_LIMIT_DEFAULT = 10;
const REPORT_STATES = new Set(["Complete", "Stopped"]);
const ACTIVE_STATES = new Set(["Processing", "UpdateStatistics", "Stopping"]);
/** A state not given or not understood may still be moving: it is followed on, never taken as done. */
const moving = (s: ScanStatusRecord) => s.state === undefined || ACTIVE_STATES.has(s.state);

/**
 * A start or stop the instance answered 2xx: the scan as its answer gave it, else as the status reads
 * now (the write is done either way; only what to say about it is at stake).
 */
async function afterWrite(
  written: Written<ScanStatusRecord | undefined>,
  projectId: string,
  ctx: ToolContext,
): Promise<{ scan: ScanOut | undefined; text: string }> {
  const read = written.value ? undefined : await optional(ctx.cloudm.scans.status(projectId, ctx.signal));
  const record = written.value ?? (read?.ok ? read.value : undefined);
  const scan = record ? scanView(record) : undefined;
  const text = scan
    ? `${statusText(scan)}.`
    : `Done; the answer did not describe the scan and its status could not be read (${read && !read.ok ? read.reason : "no status"}).`;
  return { scan, text: `${text}${noteLine(written)}` };
}

async function startScan(
  args: { projectId: string; scanType?: ScanType | undefined; sourceOption?: ScanSourceOption | undefined },
  ctx: ToolContext,
) {
  const request = {
    projectId: args.projectId,
    scanType: args.scanType ?? "AllItems",
    sourceOption: args.sourceOption ?? "Both",
  };
  const written = await ctx.cloudm.scans.start(request, ctx.signal);
  return { ...(await afterWrite(written, args.projectId, ctx)), written };
}

export const scanTools = [
  defineTool({
    name: "start_environment_scan",
    title: "Start environment scan",
    description:
      "Scan a project's source for users, mailbox and drive sizes, without migrating. Then get_environment_scan.",
    toolset: "scan",
    endpoints: ["startScan"],
    input: {
      projectId,
      scanType: z
        .enum(SCAN_TYPES)
        .optional()
        .describe("Default AllItems; SelectedToMigrateItems = batch users"),
      sourceOption: z.enum(SCAN_SOURCE_OPTIONS).optional().describe("Default Both"),
    },
    output: { scan: scanOut.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { projectId: "{scratchProjectId}" },
    handler: async (args, ctx) => {
      const { scan, text, written } = await startScan(args, ctx);
      return {
        structured: { ...(scan ? { scan } : {}), ...writtenFields(written) },
        text: `${text}${checkAgain("scan", "get_environment_scan")}`,
      };
    },
    task: {
      job: "scan",
      start: async (args, ctx) => ({ message: (await startScan(args, ctx)).text }),
      finish: async (args, ctx) => {
        const record = await pollUntilSettled(
          () => ctx.cloudm.scans.status(args.projectId, ctx.signal),
          moving,
          (s) => {
            const view = scanView(s);
            // Progress not reported is sent as none of an unknown whole, never as a figure.
            const percent = view.progressPercent;
            return ctx.progress(percent ?? 0, percent === undefined ? undefined : 100, statusText(view));
          },
          ctx.signal,
        );
        const scan = scanView(record);
        return {
          structured: { scan },
          text: `${statusText(scan)}.${record.state && REPORT_STATES.has(record.state) ? " get_environment_scan shows its report." : ""}`,
        };
      },
      leftRunning:
        "The scan itself goes on upstream: follow it with get_environment_scan; stop it with stop_environment_scan.",
    },
  }),
  defineTool({
    name: "stop_environment_scan",
    title: "Stop environment scan",
    description:
      "Stop a project's running scan; the report keeps the users read so far. Asks for confirmation.",
    toolset: "scan",
    endpoints: ["getProject", "getScanStatus", "stopScan"],
    input: { projectId },
    output: { scan: scanOut.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{projectId}" },
    preview: async (args, ctx) => {
      const [project, status] = await Promise.all([
        ctx.cloudm.projectFacts(args.projectId, ctx.signal),
        ctx.cloudm.scans.status(args.projectId, ctx.signal),
      ]);
      const name = project.ok ? project.value.name : undefined;
      const view = scanView(status);
      const active = status.state === undefined ? undefined : ACTIVE_STATES.has(status.state);
      return {
        summary: `Stop the environment scan of project ${nameOrId(name, args.projectId)}: ${view.state}, ${status.usersScanned ?? "an unreported number of"}/${status.totalUsers ?? "an unreported number of"} users read`,
        details: {
          state: view.state,
          progressPercent: view.progressPercent ?? "not reported",
          effect:
            active === undefined
              ? "whether the scan is running was not understood: if it is, the report will cover only the users read so far"
              : active
                ? "the report will cover only the users read so far"
                : "nothing: the scan is not running",
        },
        // Progress moves on its own; which scan, and whether it runs, must not.
        stable: { scanId: status.scanId, active },
      };
    },
    handler: async (args, ctx) => {
      const written = await ctx.cloudm.scans.stop(args.projectId, ctx.signal);
      const { scan, text } = await afterWrite(written, args.projectId, ctx);
      return { structured: { ...(scan ? { scan } : {}), ...writtenFields(written) }, text };
    },
  }),
  defineTool({
    name: "get_environment_scan",
    title: "Get environment scan",
    description:
      "A project's scan state and progress; once Complete or Stopped, its report: totals and users largest first.",
    toolset: "scan",
    endpoints: ["getScanStatus", "getScanReport"],
    input: {
      projectId,
      userLimit: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .describe(`Users per page, default ${USER_LIMIT_DEFAULT}`),
      cursor: cursorInput,
    },
    output: { scan: scanOut, report: reportOut.optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{projectId}", userLimit: 3 },
    handler: async (args, ctx) => {
      const status = await ctx.cloudm.scans.status(args.projectId, ctx.signal);
      const scan = scanView(status);
      if (status.state === undefined || !REPORT_STATES.has(status.state)) {
        const next =
          status.state === undefined
            ? ` The instance's scan state was not understood, so whether it is done is unknown.${checkAgain("scan", "get_environment_scan")}`
            : status.state === "None"
              ? " Start one with start_environment_scan."
              : ACTIVE_STATES.has(status.state)
                ? checkAgain("scan", "get_environment_scan")
                : " Fix the cause (run_readiness_checks shows connection problems), then start_environment_scan again.";
        return { structured: { scan }, text: `${statusText(scan)}.${next}` };
      }
      const limit = args.userLimit ?? USER_LIMIT_DEFAULT;
      const pageNumber = decodeCursor(args.cursor) + 1;
      const r = await ctx.cloudm.scans.report(
        args.projectId,
        { pageNumber, pageSize: Math.max(1, limit) },
        ctx.signal,
      );
      const sourceOption = r.sourceOption ?? status.sourceOption;
      const users =
        limit === 0 ? [] : r.users.map((u) => ({ userEmail: u.userEmail, ...sizesOf(u, sourceOption) }));
      // Without a page count, a full page may have more behind it.
      const more = r.totalPages === undefined ? r.users.length >= limit : pageNumber < r.totalPages;
      const nextCursor = limit > 0 && more ? encodeCursor(pageNumber) : undefined;
      const report = defined({
        partial: r.partial,
        totals: defined({ users: r.totals.users, ...sizesOf(r.totals, sourceOption) }),
        users,
        nextCursor,
      });
      return {
        structured: { scan, report },
        content: [projectLink(args.projectId, "Scanned project")],
        text: [
          `${statusText(scan)}.${r.partial ? " Partial report (stopped)." : ""}`,
          ...reportLines(report),
          ...(nextCursor ? ["More users: pass nextCursor."] : []),
        ].join("\n"),
      };
    },
  }),
];
