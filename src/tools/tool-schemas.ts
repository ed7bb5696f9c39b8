/**
 * The zod objects a tool is registered with (a destructive tool's with the confirmation fields added),
 * their compact JSON Schemas for tools/list, built once per tool, and a call's arguments read through them.
 */
import type { Tool } from "@modelcontextprotocol/server";
import { z } from "zod";
import { ToolInputError } from "../views/input-error.js";
import { compactSchema, type Json } from "./compact-schema.js";
import { confirmationOutput, confirmationTokenInput } from "./confirm-form.js";
import type { ToolDefinition } from "./define.js";

/** The zod objects a tool is registered with, and their compact JSON Schemas for tools/list. */
export interface ToolSchemas {
  input: z.ZodObject;
  output: z.ZodObject;
  listed: { input: Tool["inputSchema"]; output: Tool["inputSchema"] };
}

function optionalShape(shape: z.ZodRawShape): z.ZodRawShape {
  return z.object(shape).partial().shape;
}

const compact = (schema: z.ZodObject, io: "input" | "output") =>
  compactSchema(z.toJSONSchema(schema, { target: "draft-7", io }) as Json) as Tool["inputSchema"];

/**
 * Built once per tool for the process, not per server: a 2026-07-28 HTTP request gets a server of its
 * own, and a task's follower should keep nothing of it.
 */
const schemaCache = new WeakMap<ToolDefinition, ToolSchemas>();

export function schemasOf(tool: ToolDefinition): ToolSchemas {
  const cached = schemaCache.get(tool);
  if (cached) return cached;
  const destructive = tool.annotations.destructiveHint;
  const input = z.object(
    destructive ? { ...tool.input, confirmationToken: confirmationTokenInput } : tool.input,
  );
  const output = z.object(
    destructive ? { ...optionalShape(tool.output), ...confirmationOutput } : tool.output,
  );
  const schemas = {
    input,
    output,
    listed: { input: compact(input, "input"), output: compact(output, "output") },
  };
  schemaCache.set(tool, schemas);
  return schemas;
}

/** The arguments as the tool's input schema reads them; a refusal names each field and what it expected. */
export function argumentsOf(
  tool: string,
  input: z.ZodObject,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const parsed = input.safeParse(given);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) =>
    i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message,
  );
  throw new ToolInputError(
    `Input validation error: Invalid arguments for tool ${tool}: ${issues.join(", ")}`,
  );
}
