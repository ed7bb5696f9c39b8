/** How a tool reports a write the instance accepted but answered oddly: done, with a note and the answer. */
import { z } from "zod";
import type { Written } from "../api/cloudm/client.js";

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

/** Output field of a tool that reads back what it wrote. */
export const readBackShape = {
  notApplied: z
    .array(z.string())
    .optional()
    .describe("Values the instance did not take, as read back after the write; the rest was applied"),
};

/** What the read-back found, as lines of a tool's text: values not taken, values it could not confirm. */
export function readBackLines(found: {
  notApplied: readonly string[];
  unconfirmed: readonly string[];
}): string {
  return [
    found.notApplied.length > 0 ? `\nNot applied (read back): ${found.notApplied.join("; ")}.` : "",
    found.unconfirmed.length > 0
      ? `\nNot confirmed: reading back does not report ${found.unconfirmed.join(", ")}.`
      : "",
  ].join("");
}
