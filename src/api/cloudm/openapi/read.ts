/**
 * Reads an instance's OpenAPI document leniently: OpenAPI 3.0, 3.1 or Swagger 2.0, into one model
 * (model.ts). What it cannot understand is skipped and named in `problems`, never the whole document:
 * .NET 10 writes 3.1 (`"type": ["null", "string"]`), CloudM's older API Swagger 2.0, and one odd
 * schema must not cost the operations around it.
 */
import { sameEnum, type DeclaredEnum } from "../vocabulary.js";
import type { ApiDocument, OpenApiVersion } from "./model.js";
import { readOperations } from "./operations.js";
import { isJsonObject, pointerTo } from "./pointer.js";
import { SchemaReader } from "./schemas.js";

function versionOf(document: Record<string, unknown>): OpenApiVersion | undefined {
  if (typeof document.swagger === "string") return document.swagger.startsWith("2.") ? "2.0" : undefined;
  if (typeof document.openapi !== "string") return undefined;
  if (document.openapi.startsWith("3.0")) return "3.0";
  // 3.1 and later keep 3.1's schema dialect.
  return /^3\.[1-9]/.test(document.openapi) ? "3.1" : undefined;
}

/** The document's model; undefined when it is not an OpenAPI or Swagger document at all. */
export function readOpenApi(json: unknown): ApiDocument | undefined {
  if (!isJsonObject(json)) return undefined;
  const version = versionOf(json);
  if (!version || !isJsonObject(json.paths)) return undefined;
  const problems: string[] = [];
  const enums: DeclaredEnum[] = [];
  const schemas = new SchemaReader(json, problems, (declared) => {
    if (!enums.some((known) => sameEnum(known, declared))) enums.push(declared);
  });
  // Every named schema is read, used or not: the enumerations an answer carries are often only there.
  const [base, named] =
    version === "2.0"
      ? ["#/definitions", json.definitions]
      : ["#/components/schemas", isJsonObject(json.components) ? json.components.schemas : undefined];
  for (const name of Object.keys(isJsonObject(named) ? named : {})) schemas.at(pointerTo(base, name));
  const operations = readOperations(json, version, schemas, problems);
  return {
    version,
    operations,
    enums,
    problems,
    resolve: (schema) => schemas.resolve(schema),
  };
}
