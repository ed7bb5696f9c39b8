/** Typed calls of api/MigrationReadiness. The paths are assumed: the guide names only the group. */
import type { CloudMClient } from "./client.js";
import { type ReadinessRun, readinessRun, type StartReadinessRequest } from "./schemas/index.js";

const BASE = "/api/MigrationReadiness";

export class ReadinessApi {
  constructor(private readonly client: CloudMClient) {}

  // assumed: not in the guide
  start(body: StartReadinessRequest, signal?: AbortSignal): Promise<ReadinessRun> {
    return this.client.request({ method: "POST", path: `${BASE}/start`, json: body, signal }, readinessRun);
  }

  // assumed: not in the guide
  get(readinessId: string, signal?: AbortSignal): Promise<ReadinessRun> {
    return this.client.request(
      { method: "GET", path: `${BASE}/${encodeURIComponent(readinessId)}`, signal },
      readinessRun,
    );
  }
}
