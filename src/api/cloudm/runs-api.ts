/**
 * Typed calls of api/ConnectionBatchesProgress: a batch's run (start, stop), its statistics, and its
 * reports (generated, then downloaded as CSV). Answers are read by schemas/readers.ts; a write
 * answered 2xx is done, whatever its body.
 */
import type { OperationSender, Written } from "./operation.js";
import {
  isObject,
  type MigrationMode,
  type ReportType,
  type RunRecord,
  readRun,
  readStatistics,
  type StatisticsRecord,
} from "./schemas/index.js";
import { fileNameFrom } from "./content-disposition.js";

export interface DownloadedReport {
  fileName: string;
  contentType: string;
  content: string;
}

export class RunsApi {
  constructor(private readonly cloudm: OperationSender) {}

  async start(
    configurationId: string,
    mode: MigrationMode,
    signal?: AbortSignal,
  ): Promise<Written<RunRecord>> {
    const written = await this.cloudm.write(
      { operation: "startMigration", json: { configurationId, mode }, signal },
      (raw) => readRun(raw, this.cloudm.vocabulary),
      undefined,
    );
    return { ...written, value: written.value ?? readRun(undefined) };
  }

  async stop(configurationId: string, signal?: AbortSignal): Promise<Written<RunRecord>> {
    // Stopping a stopped batch changes nothing: safe to resend.
    const written = await this.cloudm.write(
      { operation: "stopMigration", json: { configurationId }, idempotent: true, signal },
      (raw) => readRun(raw, this.cloudm.vocabulary),
      undefined,
    );
    return { ...written, value: written.value ?? readRun(undefined) };
  }

  async statistics(configurationId: string, signal?: AbortSignal): Promise<StatisticsRecord> {
    const { payload, answeredAt } = await this.cloudm.datedRead({
      operation: "getStatistics",
      params: { configurationId },
      signal,
    });
    return { ...readStatistics(payload, this.cloudm.vocabulary), answeredAt };
  }

  async generateReport(configurationId: string, signal?: AbortSignal): Promise<Written<string | undefined>> {
    // The guide shows no answer: whatever comes, the report is being generated.
    return this.cloudm.write(
      { operation: "generateReport", json: { configurationId }, idempotent: true, signal },
      (raw) => (isObject(raw) && typeof raw.status === "string" ? raw.status : undefined),
      undefined,
    );
  }

  async downloadReport(
    configurationId: string,
    reportType: ReportType,
    signal?: AbortSignal,
  ): Promise<DownloadedReport> {
    const response = await this.cloudm.requestText({
      operation: "downloadReport",
      params: { configurationId, reportType },
      signal,
    });
    return {
      fileName: fileNameFrom(response.headers["content-disposition"], `${reportType}-${configurationId}.csv`),
      contentType: response.headers["content-type"] ?? "text/csv",
      content: response.text,
    };
  }
}
