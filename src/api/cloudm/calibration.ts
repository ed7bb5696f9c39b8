/**
 * What the client learns of the instance from its OpenAPI document: where each operation is (the
 * endpoint map, calibrated) and what its enum values and answer fields are called (the vocabulary).
 * Learnt at first use; until then, and on an instance that serves no document, the table's paths and
 * the overrides serve.
 */
import type { Logger } from "pino";
import type { InstanceDocument } from "./instance-document.js";
import type { ApiDocument } from "./openapi/model.js";
import type { EndpointOverrides } from "./overrides.js";
import type { EndpointMap } from "./routing/map.js";
import { buildVocabulary, type Vocabulary } from "./vocabulary.js";

/** After a failed calibration (the OpenAPI read failed for a passing reason), ask again after this long. */
const CALIBRATION_RETRY_MS = 60_000;

export class Calibration {
  private pending: Promise<void> | undefined;
  private failedAt = 0;
  private learnt: Vocabulary;

  constructor(
    private readonly endpoints: EndpointMap,
    private readonly overrides: EndpointOverrides,
    private readonly document: InstanceDocument,
    /** False keeps the table's paths and the overrides, with no extra request. */
    private readonly enabled: boolean,
    private readonly logger: Logger,
  ) {
    this.learnt = this.vocabularyFrom(undefined);
  }

  get vocabulary(): Vocabulary {
    return this.learnt;
  }

  /**
   * Reads the document (once per process) and learns from it where each operation is and what its
   * enums mean; undefined when the instance serves none. Throws when the read failed for a reason
   * that may pass.
   */
  async fromDocument(): Promise<ApiDocument | undefined> {
    const document = await this.document.model();
    this.endpoints.calibrate(document);
    this.learnt = this.vocabularyFrom(document);
    return document;
  }

  /** Calibrates at first use; without a document the table's paths are used, and a passing failure is retried a minute later. */
  async atFirstUse(): Promise<void> {
    if (!this.enabled) return;
    if (!this.pending && Date.now() - this.failedAt < CALIBRATION_RETRY_MS) return;
    this.pending ??= this.fromDocument().then(
      () => undefined,
      (error: unknown) => {
        this.pending = undefined;
        this.failedAt = Date.now();
        this.logger.debug({ err: error }, "could not read the instance's OpenAPI yet");
      },
    );
    await this.pending;
  }

  private vocabularyFrom(document: ApiDocument | undefined): Vocabulary {
    return buildVocabulary({
      declaredEnums: document?.enums ?? [],
      enumOverrides: this.overrides.enums,
      fieldOverrides: this.overrides.fields,
    });
  }
}
