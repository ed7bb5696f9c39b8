/**
 * Environment scans (api/EnvironmentScan) as kebab-case actions: start-scan takes CloudM's
 * `StartEnvironmentScanParameters` and stop-scan a projectId (both 202, no body); get-scan-state answers
 * an `EnvironmentScanModel` (integer state, the mail and file report summaries once ready),
 * get-scan-report the per-user rows as an `{ items, totalCount }` page.
 */
import { z } from "zod";
import type { SimRequest, SimResponse } from "../../http-server.js";
import { parseJsonBody } from "../../problems.js";
import { accepted, ok, translatedProblem } from "./answers.js";
import { enumInput, guid, guidQuery } from "./bodies.js";
import { enumText, enumValue } from "./enums.js";
import { allPages, callFull, forward, writeFull } from "./full.js";
import {
  type FullScanReport,
  type FullScanStatus,
  fullScanReport,
  fullScanStatus,
  type FullScanUser,
} from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action, PROJECT_QUERY } from "./operation.js";
import { ITEMS_QUERY, itemsPage, itemsWindow } from "./paging.js";
import { MAILBOX_TYPES, mailboxTypeFields } from "../wire/scan.js";

const BASE = "/api/EnvironmentScan";
const ACTIVE = ["Processing", "UpdateStatistics", "Stopping"];
const REPORTED = ["Complete", "Stopped"];

const startBody = z.object({
  projectId: guid,
  scanType: enumInput("EnvironmentScanType"),
  scanSourceOption: enumInput("EnvironmentScanSourceOption"),
  // CloudM's parameters; the simulator's scans read every user one at a time whatever they say.
  useScanDataForEstimate: z.boolean().nullish(),
  reportOnFilePermissions: z.boolean().nullish(),
  maxThreads: z.number().int().min(1).max(64).nullish(),
});
const projectBody = z.object({ projectId: guid });

const summary = (users: number, items: number, size: number) => ({
  usersCount: users,
  itemsCount: items,
  totalSize: size,
});

/** The mail and file report summaries, once the scan has a report; null for a side it did not read. */
function reports(status: FullScanStatus, report: FullScanReport | undefined) {
  if (!report) return { mailReport: null, fileReport: null };
  const t = report.totals;
  return {
    mailReport: status.sourceOption === "File" ? null : summary(t.users, t.mailItemCount, t.mailboxSizeBytes),
    fileReport: status.sourceOption === "Email" ? null : summary(t.users, t.driveItemCount, t.driveSizeBytes),
  };
}

const optionalEnum = (
  name: "EnvironmentScanType" | "EnvironmentScanSourceOption",
  value: string | undefined,
) => (value === undefined ? null : enumValue(name, value));

/** The mail scan's figures per data type in .NET's names: `emailItemsCount`, `emailSize`, … */
function mailboxTypes(figures: Readonly<Record<string, unknown>>, missing: null | 0) {
  return Object.fromEntries(
    MAILBOX_TYPES.flatMap((type) => {
      const names = mailboxTypeFields(type);
      return [
        [`${type}ItemsCount`, figures[names.count] ?? missing],
        [`${type}Size`, figures[names.bytes] ?? missing],
      ];
    }),
  );
}

function userRow(u: FullScanUser) {
  return {
    emailAddress: u.userEmail,
    mailItemsCount: u.mailItemCount ?? null,
    mailboxSize: u.mailboxSizeBytes ?? null,
    mailFoldersCount: u.mailFolderCount ?? null,
    ...mailboxTypes(u, null),
    driveItemsCount: u.driveItemCount ?? null,
    driveSize: u.driveSizeBytes ?? null,
    sharedItemsCount: u.sharedItemCount ?? null,
  };
}

export function scanRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const start = full.handler("POST", `${BASE}/start`);
  const stop = full.handler("POST", `${BASE}/stop`);
  const status = full.handler("GET", `${BASE}/status`);
  const report = full.handler("GET", `${BASE}/report`);
  const statusOf = (request: SimRequest, projectId: string) =>
    callFull(status, forward(request, { query: { projectId } }), fullScanStatus);

  const scanModel = async (request: SimRequest, projectId: string): Promise<SimResponse> => {
    const answer = await statusOf(request, projectId);
    if (!answer.ok) return answer.response;
    const s = answer.value;
    const ready = REPORTED.includes(s.state)
      ? await callFull(report, forward(request, { query: { projectId, pageSize: 1 } }), fullScanReport)
      : undefined;
    if (ready && !ready.ok) return ready.response;
    const others = [...ctx.state.scans.keys()].filter((id) => id !== s.projectId);
    let otherScanInProgress = false;
    for (const other of others) {
      const state = await statusOf(request, other);
      if (state.ok && ACTIVE.includes(state.value.state)) otherScanInProgress = true;
    }
    return ok({
      scanId: s.scanId,
      projectId: s.projectId,
      state: enumValue("EnvironmentScanState", s.state),
      scanType: optionalEnum("EnvironmentScanType", s.scanType),
      scanSourceOption: optionalEnum("EnvironmentScanSourceOption", s.sourceOption),
      progressState: {
        progressPercent: s.progressPercent,
        usersScanned: s.usersScanned,
        totalUsers: s.totalUsers,
        message: s.message ?? null,
      },
      start: s.startedOn ?? null,
      end: s.completedOn ?? null,
      ...reports(s, ready?.value),
      otherScanInProgress,
    });
  };

  return [
    action(
      "POST",
      `${BASE}/start-scan`,
      {
        operationId: "EnvironmentScan_StartScan",
        summary: "Scan a project's source; follow it with get-scan-state. 409 while a scan of it runs",
        body: { schema: "StartEnvironmentScanParameters" },
        reply: { status: 202, description: "Started (no body)" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], startBody);
        if (!parsed.ok) return parsed.response;
        const { projectId, scanType, scanSourceOption } = parsed.value;
        const json = {
          projectId,
          scanType: enumText("EnvironmentScanType", scanType),
          sourceOption: enumText("EnvironmentScanSourceOption", scanSourceOption),
        };
        const done = await writeFull(start, forward(request, { json }));
        return done.ok ? accepted() : translatedProblem(done.response, { sourceOption: "scanSourceOption" });
      },
    ),
    action(
      "POST",
      `${BASE}/stop-scan`,
      {
        operationId: "EnvironmentScan_StopScan",
        summary: "Stop a project's scan (again is harmless); 409 when none has run",
        body: { schema: "ProjectIdParameters" },
        reply: { status: 202, description: "Stopping (no body)" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], projectBody);
        if (!parsed.ok) return parsed.response;
        const done = await writeFull(stop, forward(request, { json: parsed.value }));
        return done.ok ? accepted() : done.response;
      },
    ),
    action(
      "GET",
      `${BASE}/get-scan-state`,
      {
        operationId: "EnvironmentScan_GetScanState",
        summary:
          "A project's latest scan: state, progress, and the report summaries once it is Complete or Stopped",
        query: [PROJECT_QUERY],
        reply: { status: 200, description: "The scan", envelope: "EnvironmentScanModel" },
        problems: [404],
      },
      async (request) => {
        const projectId = guidQuery(request.query, "projectId");
        return projectId.ok ? scanModel(request, projectId.value) : projectId.response;
      },
    ),
    action(
      "GET",
      `${BASE}/get-scan-report`,
      {
        operationId: "EnvironmentScan_GetScanReport",
        summary: "The scan's per-user report, largest first; 409 until the scan is Complete or Stopped",
        query: [PROJECT_QUERY, ...ITEMS_QUERY],
        reply: { status: 200, description: "The report", envelope: "EnvironmentScanReportModel" },
        problems: [404, 409],
      },
      async (request) => {
        const projectId = guidQuery(request.query, "projectId");
        if (!projectId.ok) return projectId.response;
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        let first: FullScanReport | undefined;
        const rows = await allPages(
          report,
          request,
          { projectId: projectId.value },
          fullScanReport,
          (page) => {
            first ??= page;
            return { items: page.items, totalPages: page.totalPages };
          },
        );
        if (!rows.ok) return rows.response;
        if (!first) throw new Error("aspnet profile: the scan report had no first page");
        const t = first.totals;
        return ok({
          scanId: first.scanId,
          projectId: first.projectId,
          state: enumValue("EnvironmentScanState", first.state),
          isPartial: first.partial,
          scanSourceOption: enumValue("EnvironmentScanSourceOption", first.sourceOption),
          totals: {
            usersCount: t.users,
            mailItemsCount: t.mailItemCount,
            mailboxSize: t.mailboxSizeBytes,
            ...mailboxTypes(t, 0),
            driveItemsCount: t.driveItemCount,
            driveSize: t.driveSizeBytes,
          },
          ...itemsPage(rows.value.map(userRow), window.value),
        });
      },
    ),
  ];
}
