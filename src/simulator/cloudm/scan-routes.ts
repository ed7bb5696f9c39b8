/**
 * Environment scans (api/EnvironmentScan): what a project's source holds, before anything moves. A scan
 * walks its users on the simulated clock (None → Processing → UpdateStatistics → Complete; Stopping →
 * Stopped; Error when the source cannot be reached); each user's mailbox and drive figures come from
 * the seed and the address, so the same tenant always reports the same sizes.
 */
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { pageRequest } from "./paging.js";
import { derivedRandom } from "../random.js";
import { checksFor } from "./connection-checks.js";
import type { CloudMContext } from "./context.js";
import { type Found, findProject } from "./lookup.js";
import type { SimProject, SimScan } from "./model.js";
import { directoryUsers, type UserFootprint, userFootprint } from "./seed.js";
import type { CloudMState } from "./state.js";
import { iso } from "./views.js";
import { PAGE_SIZE_MAX } from "./wire/paging.js";
import {
  MAILBOX_TYPES,
  mailboxTypeFields,
  type ScanSourceOption,
  type ScanState,
  type ScanType,
  scanReport,
  scanStatus,
  startScanRequest,
  stopScanRequest,
} from "./wire/scan.js";

/** The source directory import-users-from-source sees (project-routes.ts): same size, same stream. */
const DIRECTORY_SIZE = 25;
const CONNECT_MS = 1_000;
const USER_MS: Record<ScanSourceOption, number> = { Both: 1_500, Email: 1_000, File: 800 };
const UPDATE_STATISTICS_MS = 2_000;
const STOPPING_MS = 1_000;
const ACTIVE: readonly ScanState[] = ["Processing", "UpdateStatistics", "Stopping"];

/** Users in the project's batches (each once, in batch order), optionally only those marked migrate. */
export function projectUsers(state: CloudMState, projectId: string, onlyMigrate: boolean): string[] {
  const users = new Map<string, string>();
  const batches = [...state.batches.values()]
    .filter((b) => b.projectId === projectId)
    .sort((a, b) => a.createdOn - b.createdOn);
  for (const batch of batches)
    for (const item of batch.items.values())
      if (!onlyMigrate || item.migrate) users.set(item.exportName.toLowerCase(), item.exportName);
  return [...users.values()];
}

function scanUsers(ctx: CloudMContext, project: SimProject, scanType: ScanType): string[] {
  const selected = projectUsers(ctx.state, project.projectId, true);
  if (scanType === "SelectedToMigrateItems") return selected;
  const settings = ctx.state.connections.get(project.sourceConnectionId)?.settings ?? {};
  const domain = String(settings.domainName ?? settings.domain ?? "example.com");
  const directory = directoryUsers(
    domain,
    DIRECTORY_SIZE,
    derivedRandom(ctx.state.seed, "directory", domain),
  );
  const all = new Map(
    [...directory, ...projectUsers(ctx.state, project.projectId, false)].map((u) => [u.toLowerCase(), u]),
  );
  return [...all.values()];
}

function advanceScan(scan: SimScan, now: number): void {
  if (scan.state === "Processing" && scan.error !== null && now >= scan.startedAt + CONNECT_MS) {
    scan.state = "Error";
    scan.completedAt = scan.startedAt + CONNECT_MS;
  }
  if (scan.state === "Processing" && now >= scan.processedAt) scan.state = "UpdateStatistics";
  if (scan.state === "UpdateStatistics" && now >= scan.processedAt + UPDATE_STATISTICS_MS) {
    scan.state = "Complete";
    scan.completedAt = scan.processedAt + UPDATE_STATISTICS_MS;
  }
  if (scan.state === "Stopping" && now >= scan.stopAt) {
    scan.state = "Stopped";
    scan.completedAt = scan.stopAt;
  }
}

function scanned(scan: SimScan, now: number): number {
  if (scan.stoppedScanned !== null) return scan.stoppedScanned;
  if (scan.state === "Error") return 0;
  const elapsed = now - scan.startedAt - CONNECT_MS;
  return Math.max(0, Math.min(scan.users.length, Math.floor(elapsed / USER_MS[scan.sourceOption])));
}

function progressPercent(scan: SimScan, now: number): number {
  if (scan.state === "Complete") return 100;
  if (scan.users.length === 0) return 0;
  const percent = Math.floor((scanned(scan, now) / scan.users.length) * 100);
  return scan.state === "Processing" || scan.state === "UpdateStatistics" ? Math.min(99, percent) : percent;
}

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
        const now = ctx.clock.now();
        const previous = state.scans.get(project.value.projectId);
        if (previous) advanceScan(previous, now);
        if (previous && ACTIVE.includes(previous.state))
          return problem(
            409,
            `A scan of project '${project.value.name}' is already ${previous.state}; stop it first`,
          );
        const { scanType, sourceOption } = parsed.value;
        const users = scanUsers(ctx, project.value, scanType);
        if (users.length === 0)
          return problem(
            409,
            `Project '${project.value.name}' has no users selected to migrate; add users to a batch or scan AllItems`,
          );
        const source = state.connections.get(project.value.sourceConnectionId);
        const failed = source ? checksFor(source).find((c) => c.status === "Failed") : undefined;
        const scan: SimScan = {
          scanId: state.guid(),
          projectId: project.value.projectId,
          scanType,
          sourceOption,
          users,
          state: "Processing",
          startedAt: now,
          processedAt: now + CONNECT_MS + users.length * USER_MS[sourceOption],
          completedAt: null,
          stoppedScanned: null,
          stopAt: 0,
          error: !source
            ? "The source connection no longer exists"
            : failed
              ? `Source connection #${source.id}: ${failed.message}`
              : null,
        };
        state.scans.set(scan.projectId, scan);
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
        const now = ctx.clock.now();
        advanceScan(scan, now);
        if (scan.state === "Processing" || scan.state === "UpdateStatistics") {
          scan.stoppedScanned = scanned(scan, now);
          scan.state = "Stopping";
          scan.stopAt = now + STOPPING_MS;
        }
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
