/**
 * Typed calls of api/BatchConfigSettings: a batch's general, source and destination settings, read
 * together and saved one part at a time. Answers are read by schemas/readers.ts; a save answered 2xx
 * is done, whether or not it carries the settings as saved.
 */
import type { OperationSender, Written } from "./operation.js";
import { isObject, readSettings, type SettingsRecord } from "./schemas/index.js";

type SaveOperation = "saveGeneralSettings" | "saveSourceSettings" | "saveDestinationSettings";

export class BatchSettingsApi {
  constructor(private readonly cloudm: OperationSender) {}

  async get(configurationId: string, signal?: AbortSignal): Promise<SettingsRecord> {
    return readSettings(
      await this.cloudm.read({ operation: "getBatchSettings", params: { configurationId }, signal }),
    );
  }

  save(
    operation: SaveOperation,
    configurationId: string,
    settings: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Written<SettingsRecord | undefined>> {
    // Saving the same settings twice leaves the same settings: safe to resend. The answer may carry the
    // settings as saved, or nothing; either is a success.
    return this.cloudm.write(
      { operation, json: { configurationId, settings }, idempotent: true, signal },
      (raw) => (isObject(raw) ? readSettings(raw) : undefined),
      undefined,
    );
  }
}
