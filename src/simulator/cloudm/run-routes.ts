/** Starting and stopping runs, statistics, and reports. */
import {
  batchStatistics,
  configurationRequest,
  DATA_TYPES,
  REPORT_TYPES,
  reportGeneration,
  type ReportType,
  runStatus,
  startMigrationRequest,
} from "../../api/cloudm/schemas/index.js";
import { emptyResponse, type Route, type SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { type CloudMContext, findBatch, iso } from "./context.js";
import { liveTotals, passFraction, RunConflict, startRun, stopRun } from "./engine.js";
import { renderReports } from "./reports.js";
import type { Counters, SimBatch, SimItem } from "./state.js";

const REPORT_MS = 2_000;
/** Reports over this many items fail as FailureBigSize, as the real service does for huge batches. */
const REPORT_MAX_ITEMS = 50_000;

function sumCounters(totals: Array<SimItem["totals"]>): Record<string, Counters> {
  const out: Record<string, Counters> = {};
  for (const type of DATA_TYPES) {
    out[type] = {
      exportSuccess: 0,
      exportFailure: 0,
      importSuccess: 0,
      importFailure: 0,
      sizeExportedBytes: 0,
      sizeImportedBytes: 0,
    };
  }
  for (const table of totals) {
    for (const [type, counters] of Object.entries(table)) {
      const into = out[type];
      if (!into || !counters) continue;
      for (const key of Object.keys(into) as Array<keyof Counters>) into[key] += counters[key];
    }
  }
  return out;
}

function itemProgress(item: SimItem, now: number): number {
  if (item.pass) return Math.round(passFraction(item.pass, now) * 100);
  if (item.stoppedPass) return Math.round(item.stoppedPass.doneFraction * 100);
  return ["Success", "Warning", "Failed"].includes(item.state) ? 100 : 0;
}

export function statisticsView(ctx: CloudMContext, batch: SimBatch) {
  const now = ctx.clock.now();
  const { run } = batch;
  const items = [...batch.items.values()];
  const itemTotals = new Map(items.map((i) => [i.id, liveTotals(i, now)]));
  const totals = sumCounters([...itemTotals.values()]);
  const selected = run.selected.map((id) => batch.items.get(id)).filter((i): i is SimItem => i !== undefined);
  const progressPercent =
    selected.length === 0
      ? 0
      : Math.round(selected.reduce((sum, i) => sum + itemProgress(i, now), 0) / selected.length);
  const completedUsers = items.filter((i) => i.state === "Success" || i.state === "Warning").length;
  const failedUsers = items.filter((i) => i.state === "Failed").length;
  const all = Object.values(totals);
  const totalItems = all.reduce((s, c) => s + c.exportSuccess + c.exportFailure, 0);
  const importedItems = all.reduce((s, c) => s + c.importSuccess, 0);
  const runningMs = run.startedAt === null ? 0 : (run.endedAt ?? now) - run.startedAt;
  const finished = completedUsers + failedUsers;
  const cap = ctx.state.limits.volumeCapBytes;
  const usedPercentage =
    cap === undefined ? 0 : Math.min(100, Math.round((ctx.state.importedBytes / cap) * 1000) / 10);
  return {
    configurationId: batch.configurationId,
    state: run.state,
    stopReason: run.stopReason,
    phase: run.phase,
    mode: run.mode,
    progressPercent,
    totals,
    summary: {
      startTime: iso(run.startedAt),
      endTime: iso(run.endedAt),
      runningTimeSeconds: Math.round(runningMs / 1000),
      throughputItemsPerHour: runningMs > 0 ? Math.round(importedItems / (runningMs / 3_600_000)) : 0,
      currentUsers: run.running.length,
      completedUsers,
      failedUsers,
      totalUsers: items.length,
      totalItems,
      sizeExportedBytes: all.reduce((s, c) => s + c.sizeExportedBytes, 0),
      sizeImportedBytes: all.reduce((s, c) => s + c.sizeImportedBytes, 0),
      successPercentage: finished === 0 ? 0 : Math.round((completedUsers / finished) * 1000) / 10,
      failurePercentage: finished === 0 ? 0 : Math.round((failedUsers / finished) * 1000) / 10,
    },
    volumeCap: {
      capped: cap !== undefined,
      isOver: cap !== undefined && ctx.state.importedBytes >= cap,
      message:
        cap === undefined
          ? "No volume cap"
          : `${usedPercentage}% of the ${Math.round(cap / 1e9)} GB volume cap used`,
      usedPercentage,
    },
    completionSummary:
      run.state === "Completed"
        ? {
            usersSucceeded: selected.filter((i) => i.state === "Success" || i.state === "Warning").length,
            usersFailed: selected.filter((i) => i.state === "Failed").length,
            successPercentage:
              selected.length === 0
                ? 0
                : Math.round((selected.filter((i) => i.state !== "Failed").length / selected.length) * 1000) /
                  10,
          }
        : null,
    items: items.map((i) => ({
      id: i.id,
      exportName: i.exportName,
      importName: i.importName,
      state: i.state,
      progressPercent: itemProgress(i, now),
      startTime: iso(i.startTime),
      endTime: iso(i.endTime),
      durationSeconds: i.startTime === null ? 0 : Math.round(((i.endTime ?? now) - i.startTime) / 1000),
      server: i.server,
      totals: itemTotals.get(i.id) ?? {},
      failures: i.failures.map((f) => f.failure),
    })),
  };
}

type Statistics = ReturnType<typeof statisticsView>;

/**
 * The guide's "total migration statistics, per-item statistics, and volume cap information", each
 * named after those words and holding only the obvious fields; the values are the full profile's.
 */
function guideStatisticsView(stats: Statistics) {
  return {
    totalStatistics: {
      state: stats.state,
      progressPercent: stats.progressPercent,
      totalUsers: stats.summary.totalUsers,
      completedUsers: stats.summary.completedUsers,
      failedUsers: stats.summary.failedUsers,
    },
    itemStatistics: stats.items.map((i) => ({
      exportName: i.exportName,
      importName: i.importName,
      state: i.state,
      progressPercent: i.progressPercent,
    })),
    volumeCapInformation: {
      capped: stats.volumeCap.capped,
      isOver: stats.volumeCap.isOver,
      usedPercentage: stats.volumeCap.usedPercentage,
    },
  };
}

function runView(batch: SimBatch) {
  return {
    configurationId: batch.configurationId,
    state: batch.run.state,
    mode: batch.run.mode,
    phase: batch.run.phase,
    itemsQueued: batch.run.selected.length,
  };
}

export function runRoutes(ctx: CloudMContext): Route[] {
  const guide = ctx.profile === "guide";
  // The guide shows no answer to start or stop; an action returning Ok() sends none.
  const ran = (batch: SimBatch): SimResponse =>
    guide ? emptyResponse(200) : { status: 200, body: runView(batch) };
  return [
    {
      method: "POST",
      pattern: "/api/ConnectionBatchesProgress/start-migration",
      authenticated: true,
      documented: true,
      doc: {
        summary: "Start a run in one of the four modes",
        body: startMigrationRequest,
        response: runStatus,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], startMigrationRequest);
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        try {
          startRun(ctx.state, found.value, parsed.value.mode, ctx.clock.now());
        } catch (error) {
          if (error instanceof RunConflict) return problem(409, error.message);
          throw error;
        }
        return ran(found.value);
      },
    },
    {
      method: "POST",
      pattern: "/api/ConnectionBatchesProgress/stop-migration",
      authenticated: true,
      documented: true,
      doc: { summary: "Stop a run", body: configurationRequest, response: runStatus },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], configurationRequest);
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        stopRun(ctx.state, found.value, ctx.clock.now());
        return ran(found.value);
      },
    },
    {
      method: "GET",
      pattern: "/api/ConnectionBatchesProgress/get-statistics",
      authenticated: true,
      documented: true,
      doc: {
        summary: "Totals, per-item statistics and volume cap",
        response: batchStatistics,
        query: { configurationId: "the batch" },
      },
      handler: (request) => {
        const found = findBatch(ctx, request.query.get("configurationId"));
        if (!found.ok) return found.response;
        const stats = statisticsView(ctx, found.value);
        return { status: 200, body: guide ? guideStatisticsView(stats) : stats };
      },
    },
    {
      method: "POST",
      pattern: "/api/ConnectionBatchesProgress/generate-report",
      authenticated: true,
      documented: true,
      doc: { summary: "Generate the batch reports", body: configurationRequest, response: reportGeneration },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], configurationRequest);
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        const batch = found.value;
        const now = ctx.clock.now();
        if (batch.report?.status !== "InProgress") {
          const tooBig = batch.items.size > REPORT_MAX_ITEMS;
          batch.report = {
            status: tooBig ? "FailureBigSize" : "InProgress",
            requestedOn: now,
            readyAt: now + REPORT_MS,
            files: tooBig ? {} : renderReports(batch, statisticsView(ctx, batch)),
          };
        }
        // The guide shows no answer; download-report's 409 says when the files are ready.
        if (guide) return { status: 200, body: {} };
        return {
          status: 200,
          body: {
            configurationId: batch.configurationId,
            status: batch.report.status,
            requestedOn: iso(batch.report.requestedOn),
          },
        };
      },
    },
    {
      method: "GET",
      pattern: "/api/ConnectionBatchesProgress/download-report",
      authenticated: true,
      documented: true,
      doc: {
        summary: "Download a generated report",
        produces: "text/csv",
        query: { configurationId: "the batch", reportType: REPORT_TYPES.join(" | ") },
      },
      handler: (request) => {
        const found = findBatch(ctx, request.query.get("configurationId"));
        if (!found.ok) return found.response;
        const reportType = request.query.get("reportType");
        if (!reportType || !REPORT_TYPES.includes(reportType as ReportType)) {
          return problem(400, "reportType is missing or unknown", {
            reportType: [`Expected one of ${REPORT_TYPES.join(", ")}`],
          });
        }
        const report = found.value.report;
        if (!report)
          return problem(409, "No report has been generated for this batch; call generate-report first");
        if (report.status === "InProgress" && ctx.clock.now() >= report.readyAt) report.status = "Completed";
        if (report.status === "InProgress")
          return problem(409, "The report is still being generated; try again in a few seconds");
        if (report.status !== "Completed")
          return problem(409, `Report generation ended with ${report.status}`);
        const fileName = `${reportType}-${found.value.batchName.replace(/[^A-Za-z0-9-]+/g, "_")}.csv`;
        return {
          status: 200,
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="${fileName}"`,
          },
          body: report.files[reportType as ReportType] ?? "",
        };
      },
    },
  ];
}
