/** Local JSON references (`#/components/schemas/Run%20State`, `#/definitions/A~1B`): the only kind an instance's document needs. */

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What a `$ref` points at in `root`; undefined when it is not local or leads nowhere. */
export function dereference(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    let token: string;
    try {
      token = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    token = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isJsonObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** A pointer to the member `name` of the object at `base`. */
export const pointerTo = (base: string, name: string): string =>
  `${base}/${encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"))}`;

/**
 * A parameter, request body or response that may be a `$ref` (to another `$ref`…): the object it
 * finally is, or why not (a loop, a dangling or external reference, not an object).
 */
export function followRefs(root: unknown, node: unknown): { value: JsonObject } | { problem: string } {
  const seen = new Set<string>();
  let current = node;
  while (isJsonObject(current) && typeof current.$ref === "string") {
    const ref = current.$ref;
    if (seen.has(ref)) return { problem: `$ref ${ref} refers to itself` };
    seen.add(ref);
    current = dereference(root, ref);
    if (current === undefined) return { problem: `$ref ${ref} leads nowhere in this document` };
  }
  return isJsonObject(current) ? { value: current } : { problem: "is not an object" };
}
