/**
 * Typed calls of api/ConnectionBatches: create, list and read a project's batches. A batch this
 * process created is remembered (known.ts), so an instance that cannot read one back still has its
 * facts. Answers are read by schemas/readers.ts; a create answered 2xx is done.
 */
import type { KnownObjects } from "./known.js";
import type { OperationSender, Written } from "./operation.js";
import { type Optional, optional, readOrRemembered } from "./optional.js";
import {
  type BatchRecord,
  type CreateBatchRequest,
  isListShaped,
  readBatch,
  readList,
} from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export class BatchesApi {
  constructor(
    private readonly cloudm: OperationSender,
    private readonly known: KnownObjects,
  ) {}

  /** Creates a batch; the answer may be the batch, `{configurationId}` or a bare GUID. */
  async create(body: CreateBatchRequest, signal?: AbortSignal): Promise<Written<BatchRecord | undefined>> {
    const written = await this.cloudm.write(
      { operation: "createBatch", json: body, signal },
      readBatch,
      "the new batch's configurationId",
    );
    if (!written.value) return written;
    const batch: BatchRecord = {
      ...written.value,
      projectId: written.value.projectId ?? body.projectId,
      batchName: written.value.batchName ?? body.batchName,
      sourceConnectionId: written.value.sourceConnectionId ?? body.sourceConnectionId,
      destinationConnectionId: written.value.destinationConnectionId ?? body.destinationConnectionId,
      migrationItemsBatchType: written.value.migrationItemsBatchType ?? body.migrationItemsBatchType,
      tags: written.value.tags ?? body.tags,
    };
    this.known.rememberBatch(batch);
    return { ...written, value: batch };
  }

  async list(projectId: string, signal?: AbortSignal): Promise<BatchRecord[]> {
    const raw = await this.cloudm.read({ operation: "listBatches", args: { projectId }, signal });
    if (!isListShaped(raw))
      throw unexpectedAnswer(this.cloudm, "listBatches", "a list of batches", "readers.ts");
    return readList(raw)
      .items.map((item) => readBatch(item, this.cloudm.vocabulary))
      .filter((b): b is BatchRecord => b !== undefined);
  }

  async get(configurationId: string, signal?: AbortSignal): Promise<BatchRecord> {
    const batch = readBatch(
      await this.cloudm.read({ operation: "getBatch", args: { configurationId }, signal }),
      this.cloudm.vocabulary,
    );
    if (!batch)
      throw unexpectedAnswer(this.cloudm, "getBatch", "a batch with a configurationId", "readers.ts");
    return batch;
  }

  /** A batch as the instance has it, else as this server created it, else why neither is known. */
  async facts(configurationId: string, signal?: AbortSignal): Promise<Optional<BatchRecord>> {
    return readOrRemembered(this.get(configurationId, signal), () => this.known.batch(configurationId));
  }

  /** A project's batches as the instance lists them, else those this server created in it. */
  async of(projectId: string, signal?: AbortSignal): Promise<Optional<BatchRecord[]>> {
    const read = await optional(this.list(projectId, signal));
    if (read.ok) return read;
    const known = this.known.batchesOf(projectId);
    return known.length > 0 ? { ok: true, value: known } : read;
  }
}
