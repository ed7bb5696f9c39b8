/**
 * Typed calls of api/MigrationReadiness. Paths guessed (endpoints.ts): the guide names only the group.
 * Answers are read by schemas/read-readiness.ts; a start answered 2xx is done, whatever its body.
 */
import type { OperationSender, Written } from "./operation.js";
import { type ReadinessRunRecord, readReadinessRun, type StartReadinessRequest } from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export class ReadinessApi {
  constructor(private readonly client: OperationSender) {}

  private read = (raw: unknown) => readReadinessRun(raw, this.client.vocabulary);

  // assumed: not in the guide. The run can be followed only when the answer carries its id.
  start(body: StartReadinessRequest, signal?: AbortSignal): Promise<Written<ReadinessRunRecord | undefined>> {
    return this.client.write(
      { operation: "startReadiness", args: { ...body }, signal },
      this.read,
      "a readinessId",
    );
  }

  // assumed: not in the guide
  async get(readinessId: string, signal?: AbortSignal): Promise<ReadinessRunRecord> {
    const run = this.read(
      await this.client.read({ operation: "getReadiness", args: { readinessId }, signal }),
    );
    if (!run) throw unexpectedAnswer(this.client, "getReadiness", "a readiness run", "read-readiness.ts");
    return run;
  }
}
