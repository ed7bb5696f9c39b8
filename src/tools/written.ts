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

/** A value the instance accepted a write for but did not take, as its read-back shows. */
export interface NotApplied {
  setting: string;
  asked: unknown;
  instanceHas: unknown;
}

/** Output field of every tool that changes values and reads them back. */
export const notAppliedShape = {
  notApplied: z
    .array(z.object({ setting: z.string(), asked: z.unknown(), instanceHas: z.unknown() }))
    .optional()
    .describe("Values the instance accepted the write for but did not take (its read-back shows otherwise)"),
  unverified: z
    .array(z.string())
    .optional()
    .describe("Values sent that the read-back does not show, so whether they were taken is unknown"),
};

export function notAppliedText(missed: readonly NotApplied[]): string {
  return missed
    .map((m) => `${m.setting} (asked ${JSON.stringify(m.asked)}, it has ${JSON.stringify(m.instanceHas)})`)
    .join("; ");
}
