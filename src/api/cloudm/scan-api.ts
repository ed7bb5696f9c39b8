/** Typed calls of api/EnvironmentScan. Paths guessed (endpoints.ts): the guide names only the group. */
import type { OperationSender } from "./operation.js";
import {
  type ScanReport,
  type ScanStatus,
  type StartScanRequest,
  scanReport,
  scanStatus,
} from "./schemas/index.js";

export class ScanApi {
  constructor(private readonly client: OperationSender) {}

  // assumed: not in the guide
  start(body: StartScanRequest, signal?: AbortSignal): Promise<ScanStatus> {
    return this.client.request({ operation: "startScan", args: { ...body }, signal }, scanStatus);
  }

  // assumed: not in the guide. Stopping a stopped scan changes nothing: safe to resend.
  stop(projectId: string, signal?: AbortSignal): Promise<ScanStatus> {
    return this.client.request(
      { operation: "stopScan", args: { projectId }, idempotent: true, signal },
      scanStatus,
    );
  }

  // assumed: not in the guide
  status(projectId: string, signal?: AbortSignal): Promise<ScanStatus> {
    return this.client.request({ operation: "getScanStatus", args: { projectId }, signal }, scanStatus);
  }

  // assumed: not in the guide
  report(
    projectId: string,
    page: { pageNumber: number; pageSize: number },
    signal?: AbortSignal,
  ): Promise<ScanReport> {
    return this.client.request(
      { operation: "getScanReport", args: { projectId, ...page }, signal },
      scanReport,
    );
  }
}
