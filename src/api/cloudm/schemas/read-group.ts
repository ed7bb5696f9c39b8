/**
 * What the readers of the "other endpoints" groups share beyond read-values.ts: an enum value kept with
 * what the instance sent when it could not be named (so a tool can say "not understood (4)" instead of
 * guessing), a value taken from whichever block of an answer has it (CloudM nests some figures), and a
 * create answer that is nothing but the new id.
 */
import type { EnumKind, Vocabulary } from "../vocabulary.js";
import { field, isObject, type Json, readEnum, readId } from "./read-values.js";

export interface Named {
  name: string | undefined;
  /** Set only when the value could not be named. */
  reported: string | undefined;
}

export function readNamed(vocabulary: Vocabulary, kind: EnumKind, value: unknown): Named {
  const read = readEnum(vocabulary, kind, value);
  return { name: read.name, reported: read.name === undefined ? read.reported : undefined };
}

/** The first of `blocks` (outermost first) that has one of `names`, read with `read`. */
export function fromBlocks<T>(
  blocks: readonly Json[],
  names: readonly string[],
  read: (value: unknown) => T | undefined,
): T | undefined {
  for (const block of blocks) {
    const value = read(field(block, names));
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * A create answer that is only the new id: a number, or text with a digit and no space (a GUID, 42,
 * usr-0003). A word such as "Created" or "OK" is an acknowledgement, not an id.
 */
export function readBareId(raw: unknown): string | undefined {
  if (isObject(raw) || Array.isArray(raw)) return undefined;
  const id = readId(raw);
  return id !== undefined && /\d/.test(id) && !/\s/.test(id) ? id : undefined;
}
