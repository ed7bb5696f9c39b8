/**
 * Environment scans (api/EnvironmentScan): start, stop, status and the mail and file report, as the wire
 * shows them. How a scan moves on the clock and whom it reads is scans.ts's.
 */
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { pageRequest } from "./paging.js";
import type { CloudMContext } from "./context.js";
import { type Found, findProject } from "./lookup.js";
import type { SimProject, SimScan } from "./model.js";
import { advanceScan, progressPercent, ScanConflict, scanned, startScan, stopScan } from "./scans.js";
import { type UserFootprint, userFootprint } from "./seed.js";
import { iso } from "./views.js";
import { PAGE_SIZE_MAX } from "./wire/paging.js";
import {
  MAILBOX_TYPES,
  mailboxTypeFields,
  type ScanState,
  scanReport,
  scanStatus,
  startScanRequest,
  stopScanRequest,
} from "./wire/scan.js";

function statusView(ctx: CloudMContext, projectId: string, scan: SimScan | undefined) {
  const now = ctx.clock.now();
  if (!scan)
    return { projectId, scanId: null, state: "None", progressPercent: 0, usersScanned: 0, totalUsers: 0 };
  advanceScan(scan, now);
  const messages: Partial<Record<ScanState, string>> = {
    Processing: `Reading ${scan.sourceOption === "Both" ? "mailboxes and drives" : scan.sourceOption === "Email" ? "mailboxes" : "drives"}`,
    UpdateStatistics: "Totalling the figures",
    Complete: "The mail and file reports are ready",
    Stopped: "Stopped; the report covers the users read so far",
    Error: scan.error ?? "The scan failed",
  };
  return {
    projectId,
    scanId: scan.scanId,
    state: scan.state,
    scanType: scan.scanType,
    sourceOption: scan.sourceOption,
    progressPercent: progressPercent(scan, now),
    usersScanned: scanned(scan, now),
    totalUsers: scan.users.length,
    startedOn: iso(scan.startedAt),
    completedOn: iso(scan.completedAt),
    message: messages[scan.state] ?? null,
  };
}

/** The project named by the `projectId` query parameter, or the 400/404 to send. */
function projectFromQuery(ctx: CloudMContext, value: string | null): Found<SimProject> {
  if (!value)
    return {
      ok: false,
      response: problem(400, "projectId is required", {
        projectId: ["The projectId query parameter is required."],
      }),
    };
  return findProject(ctx, value);
}

/** A mail scan's per-type figures of a user: `emailItemCount`, `emailSizeBytes`, … */
function mailboxTypes(f: UserFootprint): Record<string, number> {
  return Object.fromEntries(
    MAILBOX_TYPES.flatMap((type) => {
      const names = mailboxTypeFields(type);
      return [
        [names.count, f.data[type].count],
        [names.bytes, f.data[type].bytes],
      ];
    }),
  );
}

function reportView(ctx: CloudMContext, scan: SimScan, pageNumber: number, pageSize: number) {
  const mail = scan.sourceOption !== "File";
  const file = scan.sourceOption !== "Email";
  const rows = scan.users.slice(0, scanned(scan, ctx.clock.now())).map((userEmail) => {
    const f = userFootprint(ctx.state.seed, userEmail);
    return {
      userEmail,
      mail: mail
        ? {
            mailItemCount: f.mailItemCount,
            mailboxSizeBytes: f.mailboxSizeBytes,
            mailFolderCount: f.mailFolderCount,
            ...mailboxTypes(f),
          }
        : undefined,
      file: file
        ? {
            driveItemCount: f.driveItemCount,
            driveSizeBytes: f.driveSizeBytes,
            sharedItemCount: f.sharedItemCount,
          }
        : undefined,
    };
  });
  const size = (r: (typeof rows)[number]) => (r.mail?.mailboxSizeBytes ?? 0) + (r.file?.driveSizeBytes ?? 0);
  rows.sort((a, b) => size(b) - size(a) || a.userEmail.localeCompare(b.userEmail));
  const sum = (field: string) => rows.reduce((total, r) => total + ({ ...r.mail, ...r.file }[field] ?? 0), 0);
  const mailboxTotals = Object.fromEntries(
    MAILBOX_TYPES.flatMap((type) => Object.values(mailboxTypeFields(type))).map((field) => [
      field,
      sum(field),
    ]),
  );
  return {
    projectId: scan.projectId,
    scanId: scan.scanId,
    state: scan.state,
    partial: scan.state !== "Complete",
    sourceOption: scan.sourceOption,
    totals: {
      users: rows.length,
      mailItemCount: sum("mailItemCount"),
      mailboxSizeBytes: sum("mailboxSizeBytes"),
      ...mailboxTotals,
      driveItemCount: sum("driveItemCount"),
      driveSizeBytes: sum("driveSizeBytes"),
    },
    totalResults: rows.length,
    totalPages: Math.ceil(rows.length / pageSize),
    pageNumber,
    pageSize,
    items: rows
      .slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
      .map((r) => ({ userEmail: r.userEmail, ...r.mail, ...r.file })),
  };
}

export function scanRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      pattern: "/api/EnvironmentScan/start",
      authenticated: true,
      doc: {
        summary: "Start an environment scan of a project's source",
        body: startScanRequest,
        response: scanStatus,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], startScanRequest);
        if (!parsed.ok) return parsed.response;
        const project = findProject(ctx, parsed.value.projectId);
        if (!project.ok) return project.response;
        let scan: SimScan;
        try {
          scan = startScan(ctx, project.value, parsed.value.scanType, parsed.value.sourceOption);
        } catch (error) {
          if (error instanceof ScanConflict) return problem(409, error.message);
          throw error;
        }
        return { status: 200, body: statusView(ctx, scan.projectId, scan) };
      },
    },
    {
      method: "POST",
      pattern: "/api/EnvironmentScan/stop",
      authenticated: true,
      doc: {
        summary: "Stop a project's running scan (idempotent)",
        body: stopScanRequest,
        response: scanStatus,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], stopScanRequest);
        if (!parsed.ok) return parsed.response;
        const project = findProject(ctx, parsed.value.projectId);
        if (!project.ok) return project.response;
        const scan = state.scans.get(project.value.projectId);
        if (!scan) return problem(409, `No scan has run for project '${project.value.name}'`);
        stopScan(scan, ctx.clock.now());
        return { status: 200, body: statusView(ctx, scan.projectId, scan) };
      },
    },
    {
      method: "GET",
      pattern: "/api/EnvironmentScan/status",
      authenticated: true,
      doc: {
        summary: "A project's scan: state and progress",
        response: scanStatus,
        query: { projectId: "the project" },
      },
      handler: (request) => {
        const project = projectFromQuery(ctx, request.query.get("projectId"));
        if (!project.ok) return project.response;
        const id = project.value.projectId;
        return { status: 200, body: statusView(ctx, id, state.scans.get(id)) };
      },
    },
    {
      method: "GET",
      pattern: "/api/EnvironmentScan/report",
      authenticated: true,
      doc: {
        summary: "The scan's mail and file report, users largest first",
        response: scanReport,
        query: { projectId: "the project", pageNumber: "from 1", pageSize: `1..${PAGE_SIZE_MAX}` },
      },
      handler: (request) => {
        const project = projectFromQuery(ctx, request.query.get("projectId"));
        if (!project.ok) return project.response;
        const paging = pageRequest(request.query);
        if (!("pageNumber" in paging)) return paging;
        const { pageNumber, pageSize } = paging;
        const scan = state.scans.get(project.value.projectId);
        if (!scan)
          return problem(409, `No scan has run for project '${project.value.name}'; start one first`);
        advanceScan(scan, ctx.clock.now());
        if (scan.state === "Error") return problem(409, `The scan failed: ${scan.error ?? "unknown error"}`);
        if (scan.state !== "Complete" && scan.state !== "Stopped")
          return problem(
            409,
            `The scan is ${scan.state}; the report is ready when it is Complete or Stopped`,
          );
        return { status: 200, body: reportView(ctx, scan, pageNumber, pageSize) };
      },
    },
  ];
}
