/**
 * The instance's OpenAPI document, read once per client for the process (it changes only with an
 * upgrade): as it came, for the cloudm://openapi resource and the settings lookup, and as the model
 * discovery and placement read (openapi/read.ts).
 */
import type { ApiDocument } from "./openapi/model.js";
import { readOpenApi } from "./openapi/read.js";
import { type OpenApiDocument, openApiDocument } from "./schemas/index.js";

interface Read {
  document: OpenApiDocument | undefined;
  model: ApiDocument | undefined;
}

export class InstanceDocument {
  private read: Promise<Read | undefined> | undefined;

  /** `fetch` answers the document's JSON, or undefined when the instance has none for us. */
  constructor(private readonly fetch: () => Promise<unknown>) {}

  /** The document as it came; undefined when the instance serves none (or not an OpenAPI one). */
  async document(): Promise<OpenApiDocument | undefined> {
    return (await this.once())?.document;
  }

  /** The document's model; undefined when the instance serves none. */
  async model(): Promise<ApiDocument | undefined> {
    return (await this.once())?.model;
  }

  private once(): Promise<Read | undefined> {
    this.read ??= this.fetch().then(
      (json) => {
        if (json === undefined) return undefined;
        const parsed = openApiDocument.safeParse(json);
        return { document: parsed.success ? parsed.data : undefined, model: readOpenApi(json) };
      },
      (error: unknown) => {
        // It may pass (a failed sign-in, a timeout): asked again next time.
        this.read = undefined;
        throw error;
      },
    );
    return this.read;
  }
}
