/**
 * How facts an instance may not have given read in tools' outputs: the value, "not understood (…)" for
 * an enum value its vocabulary does not name, or words saying it was not reported; never a lone "?",
 * never a default standing in for what the instance did not say.
 */
import { checkReadBack } from "../api/cloudm/settings-plan.js";
import { quoted } from "../api/quoted.js";

/** An enum value as a person reads it: CloudM's name, or why there is none. */
export function enumLabel(name: string | undefined, reported: string | undefined): string {
  if (name !== undefined) return name;
  return reported === undefined ? "unknown" : `not understood (${quoted(reported)})`;
}

/** An enum value an output may leave out: CloudM's name, "not understood (…)", or absent when not reported. */
export function enumLabelIfReported(
  name: string | undefined,
  reported: string | undefined,
): string | undefined {
  return name === undefined && reported === undefined ? undefined : enumLabel(name, reported);
}

/**
 * A value for a sentence, or the words saying the instance did not report it. An upstream string is
 * shown through `show` (quoted, or plainOrQuoted for an id): it is data.
 */
export function orNotReported<T extends string | number | boolean>(
  value: T | undefined,
  words = "not reported",
  show: (value: T) => string = String,
): string {
  return value === undefined ? words : show(value);
}

/** Drops undefined fields: structured content is JSON, and what was not reported reads as absent. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A value the instance accepted a write for but did not take, as its read-back shows. */
export interface NotApplied {
  setting: string;
  asked: unknown;
  instanceHas: unknown;
}

export interface ReadBackFound {
  notApplied: NotApplied[];
  /** Values the read-back does not report: whether they were taken cannot be told. */
  unverified: string[];
}

/**
 * After a write, what was asked compared with what the instance has when read back (the one
 * comparison, checkReadBack: equal values, or the same instant written another way).
 */
export function compareReadBack(
  asked: Readonly<Record<string, unknown>>,
  got: Readonly<Record<string, unknown>>,
): ReadBackFound {
  const changes = Object.entries(asked)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ asked: key, path: [key], from: undefined, to: value }));
  const found = checkReadBack({ ...got }, changes);
  return {
    notApplied: found.unapplied.map((c) => ({ setting: c.asked, asked: c.to, instanceHas: c.now })),
    unverified: found.unverified.map((c) => c.asked),
  };
}
