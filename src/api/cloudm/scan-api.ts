/**
 * Typed calls of api/EnvironmentScan. Paths guessed (endpoints.ts): the guide names only the group.
 * Answers are read by schemas/read-scan.ts; a write answered 2xx is done, whatever its body.
 */
import type { OperationSender, Written } from "./operation.js";
import {
  readScanReport,
  readScanStatus,
  type ScanReportRecord,
  type ScanStatusRecord,
  type StartScanRequest,
} from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export class ScanApi {
  constructor(private readonly client: OperationSender) {}

  /** A start or stop answer that says nothing of the scan leaves the value undefined (read the status). */
  private readWritten = (raw: unknown): ScanStatusRecord | undefined => {
    const status = readScanStatus(raw, this.client.vocabulary);
    return status.state === undefined && status.stateReported === undefined ? undefined : status;
  };

  // assumed: not in the guide
  start(body: StartScanRequest, signal?: AbortSignal): Promise<Written<ScanStatusRecord | undefined>> {
    return this.client.write(
      { operation: "startScan", args: { ...body }, signal },
      this.readWritten,
      undefined,
    );
  }

  // assumed: not in the guide. Stopping a stopped scan changes nothing: safe to resend.
  stop(projectId: string, signal?: AbortSignal): Promise<Written<ScanStatusRecord | undefined>> {
    return this.client.write(
      { operation: "stopScan", args: { projectId }, idempotent: true, signal },
      this.readWritten,
      undefined,
    );
  }

  // assumed: not in the guide
  async status(projectId: string, signal?: AbortSignal): Promise<ScanStatusRecord> {
    return readScanStatus(
      await this.client.read({ operation: "getScanStatus", args: { projectId }, signal }),
      this.client.vocabulary,
    );
  }

  // assumed: not in the guide
  async report(
    projectId: string,
    page: { pageNumber: number; pageSize: number },
    signal?: AbortSignal,
  ): Promise<ScanReportRecord> {
    const raw = await this.client.read({
      operation: "getScanReport",
      args: { projectId, ...page },
      signal,
    });
    const report = readScanReport(raw, this.client.vocabulary);
    if (!report) throw unexpectedAnswer(this.client, "getScanReport", "a scan report", "read-scan.ts");
    return report;
  }
}
