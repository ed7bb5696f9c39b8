/**
 * A tool's declared `example` made callable: its id placeholders (`ExampleId` in src/tools/define.ts)
 * replaced by ids a test found on the demo tenant or made itself.
 */
import type { ToolDefinition } from "../../src/tools/define.js";

/** One id per placeholder; a connection id is a number, and so is what its placeholder becomes. */
export interface ExampleIds {
  projectId: string;
  configurationId: string;
  sourceConnectionId: number;
  transferId: string;
}

const PLACEHOLDER = /^\{(\w+)\}$/;

/** The arguments of the tool's example with its ids filled in; undefined for a tool without one. */
export function exampleArgs(tool: ToolDefinition, ids: ExampleIds): Record<string, unknown> | undefined {
  if (!tool.example) return undefined;
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fill);
    const name = typeof value === "string" ? PLACEHOLDER.exec(value)?.[1] : undefined;
    if (name === undefined) return value;
    if (!(name in ids)) throw new Error(`${tool.name}: its example names ${value}, for which there is no id`);
    return ids[name as keyof ExampleIds];
  };
  return Object.fromEntries(Object.entries(tool.example).map(([key, value]) => [key, fill(value)]));
}
