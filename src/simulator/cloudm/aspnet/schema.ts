/**
 * Small builders for the hand-written JSON Schemas of the OpenAPI 3.1 document: nullable the 3.1 way
 * (`"type": ["null", "string"]`, or `oneOf` with `{ "type": "null" }` around a reference), integer
 * formats as .NET writes them, and objects whose every property is required unless said otherwise.
 */
export type JsonSchema = Record<string, unknown>;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const str: JsonSchema = { type: "string" };
export const int: JsonSchema = { type: "integer", format: "int32" };
export const long: JsonSchema = { type: "integer", format: "int64" };
export const num: JsonSchema = { type: "number", format: "double" };
export const bool: JsonSchema = { type: "boolean" };
export const uuid: JsonSchema = { type: "string", format: "uuid" };
export const dateTime: JsonSchema = { type: "string", format: "date-time" };
export const arr = (items: JsonSchema): JsonSchema => ({ type: "array", items });
/** Any JSON object: platform settings, whose fields depend on the platform. */
export const anyObject: JsonSchema = { type: "object", additionalProperties: true };

/** The same schema, also allowing null. */
export function nullable(schema: JsonSchema): JsonSchema {
  const type = schema.type;
  if (typeof type === "string") return { ...schema, type: ["null", type] };
  return { oneOf: [{ type: "null" }, schema] };
}

/** An object; `optional` names the properties a caller may leave out (the rest are required). */
export function obj(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: "object", ...(required.length > 0 ? { required } : {}), properties };
}

/** A component with a description. */
export const described = (description: string, schema: JsonSchema): JsonSchema => ({
  description,
  ...schema,
});
