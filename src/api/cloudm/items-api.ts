/**
 * Typed calls of api/BatchMigrationItems: a batch's users, added one by one, from a CSV or from the
 * source. The guide does not say how the CSV travels, so the upload remembers the format that worked.
 * Answers are read by schemas/readers.ts; a write answered 2xx is done, whatever its body.
 */
import type { Logger } from "pino";
import { isFormatRefusal } from "../errors.js";
import type { BodyFormat } from "./endpoints.js";
import type { OperationSender, Written } from "./operation.js";
import {
  type AddMigrationItemRequest,
  IMPORT_FILE_FIELDS,
  type ImportRecord,
  readImport,
  readItemId,
} from "./schemas/index.js";

export class MigrationItemsApi {
  /** The import format that worked last, so the next upload tries it first. */
  private importFormat: BodyFormat | undefined;

  constructor(
    private readonly cloudm: OperationSender,
    private readonly logger: Logger,
  ) {}

  add(body: AddMigrationItemRequest, signal?: AbortSignal): Promise<Written<string | undefined>> {
    // The item's id is welcome, not needed: an answer without one is no surprise.
    return this.cloudm.write({ operation: "addMigrationItem", json: body, signal }, readItemId, undefined);
  }

  /**
   * Uploads a CSV of users. The guide does not say in which format: the one the override file or the
   * instance's document declares, only; else multipart first, and once more as a JSON body if the
   * instance refuses that format, since a 4xx applied nothing. The format that worked is tried first next time.
   */
  async importFromFile(
    configurationId: string,
    csv: string,
    fileName: string,
    signal?: AbortSignal,
  ): Promise<Written<ImportRecord>> {
    const endpoint = this.cloudm.endpoints.get("importUsersFromFile");
    const upload = (format: BodyFormat) => this.uploadCsv(format, configurationId, csv, fileName, signal);
    if (endpoint.bodyDeclared) return upload(endpoint.body);
    const first = this.importFormat ?? endpoint.body;
    const other = first === "json" ? "multipart" : "json";
    let format: BodyFormat = first;
    let written: Written<ImportRecord>;
    try {
      written = await upload(first);
    } catch (error) {
      if (!isFormatRefusal(error)) throw error;
      this.logger.info(
        { operation: "importUsersFromFile", refused: first },
        "the instance refused the upload's format; trying the other",
      );
      format = other;
      written = await upload(other);
    }
    this.importFormat = format;
    return written;
  }

  private async uploadCsv(
    format: BodyFormat,
    configurationId: string,
    csv: string,
    fileName: string,
    signal?: AbortSignal,
  ): Promise<Written<ImportRecord>> {
    const file =
      format === "json"
        ? // assumed: not in the guide. A .NET API takes a file in JSON as base64 (how it serialises byte[]).
          { fileName, fileContent: Buffer.from(csv, "utf8").toString("base64") }
        : { [IMPORT_FILE_FIELDS.file]: new File([csv], fileName, { type: "text/csv" }) };
    const written = await this.cloudm.write(
      {
        operation: "importUsersFromFile",
        args: { [IMPORT_FILE_FIELDS.configurationId]: configurationId, ...file },
        format,
        signal,
      },
      readImport,
      "how many users were imported",
    );
    return { ...written, value: written.value ?? readImport(undefined) };
  }

  async importFromSource(configurationId: string, signal?: AbortSignal): Promise<Written<ImportRecord>> {
    const written = await this.cloudm.write(
      { operation: "importUsersFromSource", json: { configurationId }, signal },
      readImport,
      "how many users were imported",
    );
    return { ...written, value: written.value ?? readImport(undefined) };
  }
}
