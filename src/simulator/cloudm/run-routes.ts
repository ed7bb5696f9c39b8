/** Starting and stopping runs, statistics, and reports. */
import { emptyResponse, type Route, type SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { RunConflict, startRun, stopRun } from "./engine.js";
import { findBatch } from "./lookup.js";
import type { SimBatch } from "./model.js";
import { renderReports } from "./reports.js";
import { iso, type Statistics, statisticsView } from "./views.js";
import {
  configurationRequest,
  REPORT_TYPES,
  type ReportType,
  reportGeneration,
  runStatus,
  startMigrationRequest,
} from "./wire/runs.js";
import { batchStatistics } from "./wire/statistics.js";

const REPORT_MS = 2_000;
/** Reports over this many items fail as FailureBigSize, as the real service does for huge batches. */
const REPORT_MAX_ITEMS = 50_000;

/**
 * The guide's "total migration statistics, per-item statistics, and volume cap information", each
 * named after those words and holding only the obvious fields (a statistic of a migration says what
 * it moved and how fast, and an item's says why it failed); the values are the full profile's.
 */
function guideStatisticsView(stats: Statistics) {
  return {
    totalStatistics: {
      state: stats.state,
      progressPercent: stats.progressPercent,
      totalUsers: stats.summary.totalUsers,
      completedUsers: stats.summary.completedUsers,
      failedUsers: stats.summary.failedUsers,
      sizeImportedBytes: stats.summary.sizeImportedBytes,
      throughputItemsPerHour: stats.summary.throughputItemsPerHour,
    },
    itemStatistics: stats.items.map((i) => ({
      exportName: i.exportName,
      importName: i.importName,
      state: i.state,
      progressPercent: i.progressPercent,
      failures: i.failures,
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
        const fileName = `${reportType}-${found.value.batchName}.csv`;
        return {
          status: 200,
          headers: {
            "content-type": "text/csv; charset=utf-8",
            // As ASP.NET writes it: the name as typed (a bare % and all), and RFC 5987's encoded one.
            "content-disposition": `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName.toWellFormed())}`,
          },
          body: report.files[reportType as ReportType] ?? "",
        };
      },
    },
  ];
}
