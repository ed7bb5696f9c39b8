/**
 * Schemas of any version read into one shape (ApiSchema): 3.1 type arrays and `["null", T]`, 3.0
 * `nullable`, Swagger 2.0 `x-nullable` and `type: file`, `$ref` with sibling keywords, `allOf` merged,
 * `oneOf`/`anyOf` of one schema and null. A schema it does not understand is skipped with a problem
 * naming where it is; the schemas around it are still read.
 */
import { quoted, quotedJson } from "../../quoted.js";
import type { DeclaredEnum } from "../vocabulary.js";
import { declaredEnum } from "./enums.js";
import type { ApiSchema, JsonType } from "./model.js";
import { dereference, isJsonObject, type JsonObject } from "./pointer.js";

const JSON_TYPES = new Set<string>(["object", "array", "string", "integer", "number", "boolean", "null"]);
const ANY: ApiSchema = { types: [] };

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

/**
 * `own` laid over `base`: its keywords win; properties and required add up; a bare "null" makes base
 * nullable. A reference either has is kept, to be followed when the schema is resolved.
 */
function overlay(base: ApiSchema, own: ApiSchema): ApiSchema {
  const ownTypes = own.types.filter((t) => t !== "null");
  const types =
    ownTypes.length > 0
      ? own.types
      : own.types.includes("null")
        ? union<JsonType>(base.types, ["null"])
        : base.types;
  const properties =
    base.properties || own.properties ? { ...base.properties, ...own.properties } : undefined;
  const required = union(base.required ?? [], own.required ?? []);
  return {
    ...base,
    ...own,
    types,
    ...(properties ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
  };
}

export class SchemaReader {
  private readonly memo = new Map<string, ApiSchema | undefined>();
  /** Pointers being read right now: meeting one again inside itself is a cycle (`A: allOf [B]`, `B: allOf [A]`). */
  private readonly reading = new Set<string>();

  constructor(
    private readonly root: unknown,
    private readonly problems: string[],
    private readonly onEnum: (declared: DeclaredEnum) => void,
  ) {}

  /** The schema a local pointer leads to, read once. */
  at(pointer: string): ApiSchema | undefined {
    if (this.memo.has(pointer)) return this.memo.get(pointer);
    if (this.reading.has(pointer)) return undefined;
    this.reading.add(pointer);
    const schema = this.read(dereference(this.root, pointer), pointer);
    this.reading.delete(pointer);
    this.memo.set(pointer, schema);
    return schema;
  }

  /** The schema with its references followed; the closest keywords win, a cycle ends the walk. */
  resolve(schema: ApiSchema): ApiSchema {
    const layers = [schema];
    const seen = new Set<string>();
    for (let ref = schema.ref; ref !== undefined && !seen.has(ref);) {
      seen.add(ref);
      const target = this.at(ref);
      if (!target) break;
      layers.push(target);
      ref = target.ref;
    }
    const { ref: _followed, ...resolved } = layers.reduceRight((base, layer) => overlay(base, layer), ANY);
    return resolved;
  }

  /** One raw schema found at `where`: undefined (and a problem) when it cannot be understood. */
  read(raw: unknown, where: string): ApiSchema | undefined {
    if (typeof raw === "boolean") return ANY;
    if (!isJsonObject(raw)) return this.skip(where, "is not a schema object");
    let schema: ApiSchema | undefined;
    if (typeof raw.$ref === "string") {
      if (dereference(this.root, raw.$ref) === undefined)
        return this.skip(where, `$ref ${quoted(raw.$ref)} is not a local reference this document has`);
      const own = this.own(raw, where);
      schema = own && { ...own, ref: raw.$ref };
    } else {
      schema = this.own(raw, where);
      if (schema) schema = this.combined(raw, where, schema);
    }
    if (!schema) return undefined;
    const integer = this.resolve(schema).types.includes("integer");
    const named = declaredEnum(raw, integer);
    if (!named) return schema;
    this.onEnum(named);
    return { ...schema, enumNames: named };
  }

  private skip(where: string, why: string): undefined {
    this.problems.push(`${where} ${why}; skipped`);
    return undefined;
  }

  /** The keywords of the schema itself (not its allOf/oneOf/anyOf). */
  private own(raw: JsonObject, where: string): ApiSchema | undefined {
    const types = this.typesOf(raw, where);
    if (!types) return undefined;
    const out: {
      -readonly [K in keyof ApiSchema]: ApiSchema[K];
    } = { types };
    if (typeof raw.format === "string") out.format = raw.format;
    if (raw.type === "file") out.format = "binary";
    if (typeof raw.description === "string") out.description = raw.description;
    if (Array.isArray(raw.enum)) out.enum = raw.enum;
    else if ("const" in raw) out.enum = [raw.const];
    if (raw.additionalProperties === false) out.additionalProperties = false;
    if (raw.required !== undefined && typeof raw.required !== "boolean") {
      if (Array.isArray(raw.required) && raw.required.every((r) => typeof r === "string"))
        out.required = raw.required;
      else this.problems.push(`${where}/required is not a list of names; ignored`);
    }
    if (raw.properties !== undefined) {
      if (!isJsonObject(raw.properties)) this.problems.push(`${where}/properties is not an object; ignored`);
      else {
        const properties: Record<string, ApiSchema> = {};
        for (const [name, value] of Object.entries(raw.properties)) {
          const property = this.read(value, `${where}/properties/${name}`);
          if (property) properties[name] = property;
        }
        out.properties = properties;
      }
    }
    if (raw.items !== undefined) {
      const items = this.read(Array.isArray(raw.items) ? raw.items[0] : raw.items, `${where}/items`);
      if (items) out.items = items;
    }
    return out;
  }

  private typesOf(raw: JsonObject, where: string): JsonType[] | undefined {
    const declared = raw.type === undefined ? [] : Array.isArray(raw.type) ? raw.type : [raw.type];
    const types: JsonType[] = [];
    for (const type of declared) {
      if (type === "file") types.push("string");
      else if (typeof type === "string" && JSON_TYPES.has(type)) types.push(type as JsonType);
      else return this.skip(where, `has type ${quotedJson(type)}, which is not a JSON type`);
    }
    if ((raw.nullable === true || raw["x-nullable"] === true) && !types.includes("null")) types.push("null");
    return types;
  }

  /** allOf merged under the schema's own keywords; oneOf/anyOf of one schema (and null) taken as that schema. */
  private combined(raw: JsonObject, where: string, own: ApiSchema): ApiSchema {
    let base: ApiSchema = ANY;
    if (Array.isArray(raw.allOf))
      raw.allOf.forEach((member, i) => {
        const read = this.read(member, `${where}/allOf/${i}`);
        if (read) base = overlay(base, this.resolve(read));
      });
    for (const key of ["oneOf", "anyOf"] as const) {
      const members = raw[key];
      if (!Array.isArray(members)) continue;
      const read = members
        .map((member, i) => this.read(member, `${where}/${key}/${i}`))
        .filter((m): m is ApiSchema => m !== undefined);
      const isNull = (m: ApiSchema) => {
        const { types } = this.resolve(m);
        return types.length === 1 && types[0] === "null";
      };
      const nullable = read.some(isNull);
      const others = read.filter((m) => !isNull(m));
      // One alternative stays as it is (a reference to a recursive model is followed later).
      const chosen = others.length === 1 && others[0] ? others[0] : this.alternatives(others);
      base = overlay(base, nullable ? { ...chosen, types: union<JsonType>(chosen.types, ["null"]) } : chosen);
    }
    return overlay(base, own);
  }

  /**
   * Several alternatives (a request that is one of three shapes): any of their properties may be
   * given, and only what all of them require is required.
   */
  private alternatives(members: readonly ApiSchema[]): ApiSchema {
    const resolved = members.map((m) => this.resolve(m));
    const properties = Object.assign({}, ...resolved.map((m) => m.properties ?? {})) as Record<
      string,
      ApiSchema
    >;
    const required = (resolved[0]?.required ?? []).filter((name) =>
      resolved.every((m) => m.required?.includes(name)),
    );
    return {
      types: [...new Set(resolved.flatMap((m) => m.types))],
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
    };
  }
}
