/** How a tool reports a write the instance accepted but answered oddly: done, with a note and the answer. */
import { z } from "zod";
import type { Written } from "../api/cloudm/client.js";
import { quotedJson } from "../api/quoted.js";
import type { NotApplied, ReadBackFound } from "../views/reported.js";

/** Output fields of every tool that writes: present only when the answer was not what we expected. */
export const writtenShape = {
  note: z
    .string()
    .optional()
    .describe("Set when the upstream's answer was unexpected; the change was applied"),
  answer: z.unknown().optional().describe("The upstream's answer as sent (secrets masked), with note"),
};

export function writtenFields(written: Written<unknown>): { note?: string; answer?: unknown } {
  return written.note ? { note: written.note, answer: written.raw } : {};
}

/** The note as a line of a tool's text, or nothing. */
export function noteLine(written: Written<unknown>): string {
  return written.note ? `\nNote: ${written.note}` : "";
}

/** Output field of every tool that changes values and reads them back. */
export const readBackShape = {
  notApplied: z
    .array(z.object({ setting: z.string(), asked: z.unknown(), instanceHas: z.unknown() }))
    .optional()
    .describe("Values the instance accepted the write for but did not take (its read-back shows otherwise)"),
  unverified: z
    .array(z.string())
    .optional()
    .describe("Values sent that the read-back does not show, so whether they were taken is unknown"),
};

/** Each value not taken; `setting` is shown as given, so a name an upstream chose comes made plain or quoted. */
export function notAppliedText(missed: readonly NotApplied[]): string {
  return missed
    .map((m) => `${m.setting} (asked ${quotedJson(m.asked)}, it has ${quotedJson(m.instanceHas)})`)
    .join("; ");
}

/** What the read-back found, as lines of a tool's text: values not taken, values it could not confirm. */
export function readBackLines(found: ReadBackFound): string {
  return [
    found.notApplied.length > 0 ? `\nNot applied (read back): ${notAppliedText(found.notApplied)}.` : "",
    found.unverified.length > 0
      ? `\nNot confirmed: reading back does not report ${found.unverified.join(", ")}.`
      : "",
  ].join("");
}

/** The read-back's findings as structured fields: present only when there is something to say. */
export function readBackFields(found: ReadBackFound | undefined): {
  notApplied?: NotApplied[];
  unverified?: string[];
} {
  return {
    ...(found && found.notApplied.length > 0 ? { notApplied: found.notApplied } : {}),
    ...(found && found.unverified.length > 0 ? { unverified: found.unverified } : {}),
  };
}
