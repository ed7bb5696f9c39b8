/** A tool's answers as the client gets them: outputs checked, and everything marked in demo mode. */
import {
  type CallToolResult,
  type ElicitRequestFormParams,
  type InputRequiredResult,
  isInputRequiredResult,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { ToolOutput } from "./define.js";

/** What every text a human or model reads starts with in demo mode, so demo data is never taken for real. */
export const simulatorMark = (simulator: boolean): string => (simulator ? "[SIMULATOR] " : "");

/**
 * Checked against the tool's declared output schema here (the SDK is given none, so that a call may
 * also answer with a task handle).
 */
export function toResult(output: ToolOutput<z.ZodRawShape>, schema: z.ZodObject): CallToolResult {
  const checked = schema.safeParse(output.structured);
  if (!checked.success)
    throw new Error(`its output does not match its output schema: ${z.prettifyError(checked.error)}`);
  return {
    content: [{ type: "text", text: output.text }, ...(output.content ?? [])],
    structuredContent: output.structured,
  };
}

/** A form for the human (a confirmation), its message marked in demo mode. */
export function markedForm(form: ElicitRequestFormParams, simulator: boolean): ElicitRequestFormParams {
  return { ...form, message: `${simulatorMark(simulator)}${form.message}` };
}

/**
 * Every answer of a tool call passes here, whatever it is (a result, a preview, a decline, an error,
 * a task's result, the forms a 2026-07-28 client puts before its human): in demo mode its first text,
 * or each form's message, starts with the mark.
 */
export function marked<A extends CallToolResult | InputRequiredResult>(answer: A, simulator: boolean): A {
  if (!simulator) return answer;
  if (isInputRequiredResult(answer)) {
    const inputRequests = Object.fromEntries(
      Object.entries(answer.inputRequests ?? {}).map(([key, request]) => [
        key,
        request.method === "elicitation/create"
          ? {
              ...request,
              params: { ...request.params, message: `${simulatorMark(true)}${request.params.message}` },
            }
          : request,
      ]),
    );
    return { ...answer, inputRequests };
  }
  // A task handle (typed as a result, tasks.ts) has no content: its status message carries the mark.
  const [first, ...rest] = answer.content ?? [];
  if (first?.type !== "text") return answer;
  return { ...answer, content: [{ ...first, text: `${simulatorMark(true)}${first.text}` }, ...rest] };
}
