/**
 * Runs at the guide's paths: start, stop and generate-report are accepted work (202, no body; the
 * statistics and download-report say how it goes), get-statistics answers CloudM's
 * `StatisticsViewModel`, download-report the CSV itself.
 */
import type { Handler } from "../../http-server.js";
import { findBatch } from "../lookup.js";
import { accepted, ok } from "./answers.js";
import { writeFull } from "./full.js";
import { type AspnetDeps, type AspnetRoute, action, BATCH_QUERY } from "./operation.js";
import { statisticsViewModel } from "./statistics.js";

const acceptedRoute = (handler: Handler, path: string, operationId: string, summary: string, body: string) =>
  action(
    "POST",
    path,
    {
      operationId,
      summary,
      body: { schema: body },
      reply: { status: 202, description: "Accepted (no body)" },
      problems: [404, 409],
    },
    async (request) => {
      const answer = await writeFull(handler, request);
      return answer.ok ? accepted() : answer.response;
    },
  );

export function runRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const base = "/api/ConnectionBatchesProgress";
  return [
    acceptedRoute(
      full.handler("POST", `${base}/start-migration`),
      `${base}/start-migration`,
      "ConnectionBatchesProgress_StartMigration",
      "Start a run in one of the four modes; 409 when the batch is already running or has nothing to run",
      "StartMigrationRequest",
    ),
    acceptedRoute(
      full.handler("POST", `${base}/stop-migration`),
      `${base}/stop-migration`,
      "ConnectionBatchesProgress_StopMigration",
      "Stop a run; users in flight resume on the next StartMigration",
      "ConfigurationIdParameters",
    ),
    action(
      "GET",
      `${base}/get-statistics`,
      {
        operationId: "ConnectionBatchesProgress_GetStatistics",
        summary: "The run's totals and progress (totalMigrationData) and one row per user (aaData)",
        query: [BATCH_QUERY],
        reply: { status: 200, description: "The statistics", envelope: "StatisticsViewModel" },
        problems: [404],
      },
      (request) => {
        const found = findBatch(ctx, request.query.get("configurationId"));
        return found.ok ? ok(statisticsViewModel(ctx, found.value)) : found.response;
      },
    ),
    acceptedRoute(
      full.handler("POST", `${base}/generate-report`),
      `${base}/generate-report`,
      "ConnectionBatchesProgress_GenerateReport",
      "Generate the batch's reports; download-report answers 409 until they are ready",
      "ConfigurationIdParameters",
    ),
    action(
      "GET",
      `${base}/download-report`,
      {
        operationId: "ConnectionBatchesProgress_DownloadReport",
        summary: "Download a generated report as CSV",
        query: [
          BATCH_QUERY,
          {
            name: "reportType",
            type: "string",
            required: true,
            description: "MigrationSummary | UserProgress | UserDetails | ItemFailures | DocumentMappings",
          },
        ],
        reply: { status: 200, description: "The report", contentType: "text/csv" },
        problems: [404, 409],
      },
      full.handler("GET", `${base}/download-report`),
    ),
  ];
}
