/** Typed calls of api/MigrationReadiness. Paths guessed (endpoints.ts): the guide names only the group. */
import type { OperationSender } from "./operation.js";
import { type ReadinessRun, readinessRun, type StartReadinessRequest } from "./schemas/index.js";

export class ReadinessApi {
  constructor(private readonly client: OperationSender) {}

  // assumed: not in the guide
  start(body: StartReadinessRequest, signal?: AbortSignal): Promise<ReadinessRun> {
    return this.client.request({ operation: "startReadiness", args: { ...body }, signal }, readinessRun);
  }

  // assumed: not in the guide
  get(readinessId: string, signal?: AbortSignal): Promise<ReadinessRun> {
    return this.client.request({ operation: "getReadiness", args: { readinessId }, signal }, readinessRun);
  }
}
