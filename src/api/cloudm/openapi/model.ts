/**
 * An instance's OpenAPI document as this server uses it, whatever version it was written in (OpenAPI
 * 3.0, 3.1 or Swagger 2.0): its operations, where each takes its parameters, what its bodies and
 * answers look like, and the integer enumerations it names. Built by `readOpenApi` (read.ts).
 */
import type { DeclaredEnum } from "../vocabulary.js";

export type JsonType = "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";

/** How a request body is encoded: JSON, `application/x-www-form-urlencoded`, or `multipart/form-data`. */
export type BodyEncoding = "json" | "form" | "multipart";

/**
 * One schema, with the keywords a request or an answer is read by. A `$ref` stays a reference (`ref`),
 * resolved on demand by `ApiDocument.resolve`, so a recursive model costs nothing until it is walked.
 */
export interface ApiSchema {
  /** The JSON types it admits ("null" when nullable); empty when any. */
  readonly types: readonly JsonType[];
  readonly format?: string;
  readonly description?: string;
  /** The local JSON pointer of the schema this one is (with its own keywords as overrides). */
  readonly ref?: string;
  readonly properties?: Readonly<Record<string, ApiSchema>>;
  readonly required?: readonly string[];
  /** False when the schema forbids properties it does not name. */
  readonly additionalProperties?: boolean;
  readonly items?: ApiSchema;
  readonly enum?: readonly unknown[];
  /** The names the document gives its integer values (x-enumNames and the like). */
  readonly enumNames?: DeclaredEnum;
}

export type ParameterLocation = "path" | "query" | "header";

export interface ApiParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  /** Resolved one level (its own `$ref` followed). */
  readonly schema?: ApiSchema;
}

export interface ApiRequestBody {
  /** The encodings its content types allow, in the document's order. */
  readonly encodings: readonly BodyEncoding[];
  /** Top-level properties (form fields) by the instance's names, each resolved one level. */
  readonly properties: Readonly<Record<string, ApiSchema>>;
  readonly required: readonly string[];
  /** Whether properties it does not name are accepted (unknown: true). */
  readonly additionalProperties: boolean;
  readonly schema?: ApiSchema;
}

export interface ApiOperation {
  /** Upper case, as the document lists it (PATCH, HEAD… included). */
  readonly method: string;
  /** Full path from the instance's root: a Swagger 2.0 `basePath` is included. */
  readonly path: string;
  readonly operationId?: string;
  readonly tags: readonly string[];
  readonly summary?: string;
  /** Path-level parameters merged in; an operation's own win by name and place. */
  readonly parameters: readonly ApiParameter[];
  readonly requestBody?: ApiRequestBody;
  /** By status code as written ("200", "2XX", "default"); undefined when it declares no schema. */
  readonly responses: Readonly<Record<string, ApiSchema | undefined>>;
}

export type OpenApiVersion = "2.0" | "3.0" | "3.1";

export interface ApiDocument {
  readonly version: OpenApiVersion;
  readonly operations: readonly ApiOperation[];
  /** Integer enumerations the document names (`x-enumNames`, `x-enum-varnames`, `x-ms-enum`, descriptions). */
  readonly enums: readonly DeclaredEnum[];
  /** What could not be read, each naming where: skipped, the rest of the document still used. */
  readonly problems: readonly string[];
  /** The schema with its `ref` chain followed (a cycle stops the walk); its own keywords win. */
  resolve(schema: ApiSchema): ApiSchema;
}
