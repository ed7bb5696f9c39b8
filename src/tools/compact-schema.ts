/**
 * JSON Schema as a model needs it: without what costs tokens in every conversation and tells it
 * nothing (`$schema`, the safe-integer bounds of every integer, `propertyNames: {type: string}` on
 * every record, zod's non-standard `format: starts_with` next to the pattern that says the same).
 * Meaning is unchanged: the same values validate.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: Json): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function compactSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(compactSchema);
  if (!isObject(schema)) return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema") continue;
    if (key === "format" && value === "starts_with") continue;
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    if (
      key === "propertyNames" &&
      isObject(value) &&
      value.type === "string" &&
      Object.keys(value).length === 1
    )
      continue;
    out[key] = compactSchema(value);
  }
  return out;
}
