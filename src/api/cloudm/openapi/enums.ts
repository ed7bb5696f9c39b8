/**
 * Integer enumerations a document names. ASP.NET sends enums as integers by default, and only the
 * document can say what each integer means; the generators say it in different places: NSwag
 * `x-enumNames`, openapi-generator `x-enum-varnames`, AutoRest `x-ms-enum.values`, and schema filters
 * in the description ("0 = None, 1 = Running", "None = 0", "<li>0 - None</li>").
 */
import type { DeclaredEnum } from "../vocabulary.js";
import { isJsonObject, type JsonObject } from "./pointer.js";

const isInteger = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** Numbers and names side by side, when there are at least two and no number has two names. */
function enumOf(pairs: ReadonlyArray<readonly [number, string]>): DeclaredEnum | undefined {
  const out = new Map<number, string>();
  for (const [value, name] of pairs) {
    if (name.trim() === "") return undefined;
    const earlier = out.get(value);
    if (earlier !== undefined && earlier !== name) return undefined;
    out.set(value, name.trim());
  }
  return out.size >= 2 ? out : undefined;
}

function fromNameList(values: readonly unknown[], names: unknown): DeclaredEnum | undefined {
  if (!Array.isArray(names) || names.length !== values.length) return undefined;
  if (!values.every(isInteger) || !names.every((n) => typeof n === "string")) return undefined;
  return enumOf(values.map((v, i) => [v, names[i] as string] as const));
}

function fromMsEnum(extension: unknown): DeclaredEnum | undefined {
  if (!isJsonObject(extension) || !Array.isArray(extension.values)) return undefined;
  const pairs: Array<readonly [number, string]> = [];
  for (const entry of extension.values) {
    if (!isJsonObject(entry) || !isInteger(entry.value) || typeof entry.name !== "string") return undefined;
    pairs.push([entry.value, entry.name]);
  }
  return enumOf(pairs);
}

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const NUMBER_FIRST = new RegExp(`(?<![\\w.])(-?\\d+)\\s*(?:=|:|-|–)\\s*(${NAME})`, "g");
const NAME_FIRST = new RegExp(`(?<![\\w.])(${NAME})\\s*=\\s*(-?\\d+)(?![\\w.])`, "g");

/** "0 = None, 1 = Running" or "None = 0, Running = 1", HTML tags read as spaces. */
function fromDescription(description: unknown): DeclaredEnum | undefined {
  if (typeof description !== "string") return undefined;
  const text = description.replace(/<[^>]{0,200}>/g, " ");
  const numberFirst = [...text.matchAll(NUMBER_FIRST)].map((m) => [Number(m[1]), m[2] ?? ""] as const);
  const nameFirst = [...text.matchAll(NAME_FIRST)].map((m) => [Number(m[2]), m[1] ?? ""] as const);
  return enumOf(numberFirst.length >= nameFirst.length ? numberFirst : nameFirst);
}

/**
 * The enumeration a raw schema declares, when it is one of integers (by its `type`, or by integer
 * `enum` values) and names them somewhere.
 */
export function declaredEnum(raw: JsonObject, integerTyped: boolean): DeclaredEnum | undefined {
  const values = Array.isArray(raw.enum) ? raw.enum : undefined;
  if (values && values.length > 0 && !values.every(isInteger)) return undefined;
  if (!integerTyped && !values) return undefined;
  const named =
    (values && (fromNameList(values, raw["x-enumNames"]) ?? fromNameList(values, raw["x-enum-varnames"]))) ??
    fromMsEnum(raw["x-ms-enum"]) ??
    fromDescription(raw.description);
  // A description naming numbers the enum does not have is about something else.
  if (named && values && [...named.keys()].some((v) => !values.includes(v))) return undefined;
  return named;
}
