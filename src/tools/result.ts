/** A tool's output as the CallToolResult it answers with, the one place outputs are checked. */
import type { CallToolResult } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { ToolOutput } from "./define.js";

/**
 * Checked against the tool's declared output schema here (the SDK is given none, so that a call may
 * also answer with a task handle); labelled in demo mode.
 */
export function toResult(
  output: ToolOutput<z.ZodRawShape>,
  schema: z.ZodObject,
  simulator: boolean,
): CallToolResult {
  const checked = schema.safeParse(output.structured);
  if (!checked.success)
    throw new Error(`its output does not match its output schema: ${z.prettifyError(checked.error)}`);
  const text = simulator ? `[SIMULATOR] ${output.text}` : output.text;
  return {
    content: [{ type: "text", text }, ...(output.content ?? [])],
    structuredContent: output.structured,
  };
}
