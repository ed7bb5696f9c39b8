/**
 * How facts an instance may not have given read in tools' outputs: the value, "not understood (…)" for
 * an enum value its vocabulary does not name, or words saying it was not reported; never a lone "?",
 * never a default standing in for what the instance did not say.
 */

/** An enum value as a person reads it: CloudM's name, or why there is none. */
export function enumLabel(name: string | undefined, reported: string | undefined): string {
  if (name !== undefined) return name;
  return reported === undefined ? "unknown" : `not understood (${reported})`;
}

/** A value for a sentence, or the words saying the instance did not report it. */
export function orNotReported(value: string | number | boolean | undefined, words = "not reported"): string {
  return value === undefined ? words : String(value);
}

/** Drops undefined fields: structured content is JSON, and what was not reported reads as absent. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * After a write, what was asked compared with what the instance has when read back: each value it did
 * not take, and the fields it did not report (so the change could not be confirmed for them).
 */
export function compareReadBack(
  asked: Readonly<Record<string, unknown>>,
  got: Readonly<Record<string, unknown>>,
): { notApplied: string[]; unconfirmed: string[] } {
  const notApplied: string[] = [];
  const unconfirmed: string[] = [];
  for (const [key, value] of Object.entries(asked)) {
    if (value === undefined) continue;
    const has = got[key];
    if (has === undefined) unconfirmed.push(key);
    else if (has !== value)
      notApplied.push(`${key}: asked ${JSON.stringify(value)}, the instance has ${JSON.stringify(has)}`);
  }
  return { notApplied, unconfirmed };
}
