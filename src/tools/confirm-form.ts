/**
 * What a confirmation looks like to the people and programs on each side of it: the fields every
 * destructive tool's output carries, the text of a preview, and the form a human answers (a tick
 * box, and the name to type for a deletion). The gate (confirm.ts) decides when each is shown.
 */
import { z } from "zod";
import { plainOrQuoted, quoted, quotedJson } from "../api/quoted.js";
import type { Preview } from "./define.js";

const CONFIRMATION_STATUSES = ["done", "confirmation_required", "declined", "changed"] as const;

/** Fields every destructive tool's output carries besides its own. */
export const confirmationOutput = {
  status: z.enum(CONFIRMATION_STATUSES).describe("done = acted; otherwise nothing was changed"),
  preview: z.object({ summary: z.string(), details: z.record(z.string(), z.unknown()) }).optional(),
  confirmationToken: z.string().optional(),
  expiresAt: z.string().optional(),
};

export const confirmationTokenInput = z
  .string()
  .optional()
  .describe("From confirmation_required, after the user's yes");

export function previewText(preview: Preview): string {
  const lines = Object.entries(preview.details).map(
    ([k, v]) => `- ${plainOrQuoted(k)}: ${typeof v === "string" ? v : quotedJson(v)}`,
  );
  return [preview.summary, ...lines].join("\n");
}

/** The form the human answers: a tick box, and the name to type for a deletion. */
export function confirmationForm(shown: Preview) {
  const properties = {
    confirm: { type: "boolean" as const, title: "Confirm", description: "Tick to go ahead" },
    ...(shown.typedName
      ? {
          name: {
            type: "string" as const,
            title: "Name",
            description: `Type ${quoted(shown.typedName)} to confirm (without the quotes)`,
          },
        }
      : {}),
  };
  return {
    message: `${previewText(shown)}\n\nDo you want to go ahead?`,
    requestedSchema: { type: "object" as const, properties, required: Object.keys(properties) },
  };
}

export function isConfirmed(
  action: "accept" | "decline" | "cancel",
  content: Record<string, unknown> | undefined,
  typedName: string | undefined,
): boolean {
  return action === "accept" && content?.confirm === true && (!typedName || content.name === typedName);
}

export const answerWord = (action: "accept" | "decline" | "cancel") =>
  action === "accept" ? "did not confirm" : action === "decline" ? "declined" : "cancelled";
