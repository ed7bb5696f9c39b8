/** Environment scans: what a project's source holds (users, mailbox and drive sizes) before migrating. */
import { z } from "zod";
import {
  SCAN_SOURCE_OPTIONS,
  SCAN_TYPES,
  type ScanSourceOption,
  type ScanType,
  type ScanStatus,
  scanStatus,
  scanUser,
} from "../api/cloudm/schemas/index.js";
import { checkAgain } from "../views/check-again.js";
import { projectLink } from "../views/uris.js";
import { defineTool, type ToolContext } from "./define.js";
import { pollUntilSettled } from "./poll.js";
import { cursorInput, decodeCursor, encodeCursor } from "../views/paging.js";
import { projectId } from "./projects.js";

// The wire shape less the project id the caller already knows; a plain object, so only these keys go out.
const scanOut = z.object(scanStatus.omit({ projectId: true }).shape);
type ScanOut = z.infer<typeof scanOut>;

const sizes = scanUser.pick({
  mailItemCount: true,
  mailboxSizeBytes: true,
  driveItemCount: true,
  driveSizeBytes: true,
}).shape;
const reportOut = z.object({
  partial: z.boolean().describe("True when the scan was stopped: only the users read so far"),
  totals: z.object({ users: z.number(), ...sizes }),
  users: z.array(z.object({ userEmail: scanUser.shape.userEmail, ...sizes })),
  nextCursor: z.string().optional(),
});

const USER_LIMIT_DEFAULT = 10;
const REPORT_STATES = new Set(["Complete", "Stopped"]);
const ACTIVE_STATES = new Set(["Processing", "UpdateStatistics", "Stopping"]);

const gb = (bytes: number | undefined) => (bytes === undefined ? "" : `${(bytes / 1e9).toFixed(1)} GB`);

function scanView(s: ScanStatus): ScanOut {
  const keys = Object.keys(scanOut.shape) as Array<keyof ScanOut>;
  return Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]])) as ScanOut;
}

type Sizes = { [K in keyof typeof sizes]?: number | undefined };

/** The figures the scan read: mail ones unless it scanned File only, drive ones unless Email only. */
function sizesOf(r: Sizes, sourceOption: string): Sizes {
  const keys = [
    ...(sourceOption !== "File" ? (["mailItemCount", "mailboxSizeBytes"] as const) : []),
    ...(sourceOption !== "Email" ? (["driveItemCount", "driveSizeBytes"] as const) : []),
  ];
  return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
}

function statusText(s: ScanOut): string {
  return `Scan ${s.state}: ${s.usersScanned}/${s.totalUsers} users (${s.progressPercent}%)${s.message ? `. ${s.message}` : ""}`;
}

function startScan(
  args: { projectId: string; scanType?: ScanType | undefined; sourceOption?: ScanSourceOption | undefined },
  ctx: ToolContext,
): Promise<ScanOut> {
  const request = {
    projectId: args.projectId,
    scanType: args.scanType ?? "AllItems",
    sourceOption: args.sourceOption ?? "Both",
  };
  return ctx.cloudm.scans.start(request, ctx.signal).then(scanView);
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
    output: { scan: scanOut },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      const scan = await startScan(args, ctx);
      return {
        structured: { scan },
        text: `${statusText(scan)}.${checkAgain("scan", "get_environment_scan")}`,
      };
    },
    task: {
      job: "scan",
      start: async (args, ctx) => ({ message: `${statusText(await startScan(args, ctx))}.` }),
      finish: async (args, ctx) => {
        const scan = await pollUntilSettled(
          async () => scanView(await ctx.cloudm.scans.status(args.projectId, ctx.signal)),
          (s) => ACTIVE_STATES.has(s.state),
          (s) => ctx.progress(s.progressPercent, 100, statusText(s)),
          ctx.signal,
        );
        return {
          structured: { scan },
          text: `${statusText(scan)}.${REPORT_STATES.has(scan.state) ? " get_environment_scan shows its report." : ""}`,
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
    output: { scan: scanOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: async (args, ctx) => {
      const [project, status] = await Promise.all([
        ctx.cloudm.projectFacts(args.projectId, ctx.signal),
        ctx.cloudm.scans.status(args.projectId, ctx.signal),
      ]);
      const name = project.ok ? project.value.name : undefined;
      const active = ACTIVE_STATES.has(status.state);
      return {
        summary: `Stop the environment scan of project ${name ? `'${name}'` : args.projectId}: ${status.state}, ${status.usersScanned}/${status.totalUsers} users read`,
        details: {
          state: status.state,
          progressPercent: status.progressPercent,
          effect: active
            ? "the report will cover only the users read so far"
            : "nothing: the scan is not running",
        },
        // Progress moves on its own; which scan, and whether it runs, must not.
        stable: { scanId: status.scanId, active },
      };
    },
    handler: async (args, ctx) => {
      const scan = scanView(await ctx.cloudm.scans.stop(args.projectId, ctx.signal));
      return { structured: { scan }, text: `${statusText(scan)}.` };
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
    handler: async (args, ctx) => {
      const scan = scanView(await ctx.cloudm.scans.status(args.projectId, ctx.signal));
      if (!REPORT_STATES.has(scan.state)) {
        const next =
          scan.state === "None"
            ? " Start one with start_environment_scan."
            : ACTIVE_STATES.has(scan.state)
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
      const users =
        limit === 0 ? [] : r.items.map((u) => ({ userEmail: u.userEmail, ...sizesOf(u, r.sourceOption) }));
      const nextCursor = limit > 0 && pageNumber < r.totalPages ? encodeCursor(pageNumber) : undefined;
      const report = {
        partial: r.partial,
        totals: { users: r.totals.users, ...sizesOf(r.totals, r.sourceOption) },
        users,
        ...(nextCursor ? { nextCursor } : {}),
      };
      const t = report.totals;
      const figures = [
        `${t.users} users`,
        ...(t.mailboxSizeBytes === undefined
          ? []
          : [`mail ${t.mailItemCount} items, ${gb(t.mailboxSizeBytes)}`]),
        ...(t.driveSizeBytes === undefined
          ? []
          : [`drive ${t.driveItemCount} items, ${gb(t.driveSizeBytes)}`]),
      ];
      const lines = users.map(
        (u) =>
          `- ${u.userEmail}: mail ${gb(u.mailboxSizeBytes) || "-"}, drive ${gb(u.driveSizeBytes) || "-"}`,
      );
      return {
        structured: { scan, report },
        content: [projectLink(args.projectId, "Scanned project")],
        text: [
          `${statusText(scan)}.${r.partial ? " Partial report (stopped)." : ""}`,
          `${figures.join("; ")}.`,
          ...lines,
          ...(nextCursor ? ["More users: pass nextCursor."] : []),
        ].join("\n"),
      };
    },
  }),
];
