/** Typed calls of api/EnvironmentScan. The paths are assumed: the guide names only the group. */
import type { CloudMClient } from "./client.js";
import {
  type ScanReport,
  type ScanStatus,
  type StartScanRequest,
  scanReport,
  scanStatus,
} from "./schemas/index.js";

const BASE = "/api/EnvironmentScan";

export class ScanApi {
  constructor(private readonly client: CloudMClient) {}

  // assumed: not in the guide
  start(body: StartScanRequest, signal?: AbortSignal): Promise<ScanStatus> {
    return this.client.request({ method: "POST", path: `${BASE}/start`, json: body, signal }, scanStatus);
  }

  // assumed: not in the guide. Stopping a stopped scan changes nothing: safe to resend.
  stop(projectId: string, signal?: AbortSignal): Promise<ScanStatus> {
    return this.client.request(
      { method: "POST", path: `${BASE}/stop`, json: { projectId }, idempotent: true, signal },
      scanStatus,
    );
  }

  // assumed: not in the guide
  status(projectId: string, signal?: AbortSignal): Promise<ScanStatus> {
    return this.client.request(
      { method: "GET", path: `${BASE}/status`, query: { projectId }, signal },
      scanStatus,
    );
  }

  // assumed: not in the guide
  report(
    projectId: string,
    page: { pageNumber: number; pageSize: number },
    signal?: AbortSignal,
  ): Promise<ScanReport> {
    return this.client.request(
      { method: "GET", path: `${BASE}/report`, query: { projectId, ...page }, signal },
      scanReport,
    );
  }
}
