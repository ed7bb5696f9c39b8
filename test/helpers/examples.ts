/**
 * A tool's declared `example` made callable: its id placeholders (`ExampleId` in src/tools/define.ts)
 * replaced by ids a test found on the demo tenant or made itself.
 */
import type { ToolDefinition } from "../../src/tools/define.js";

/**
 * One id per placeholder; a connection or notification id is a number, and so is what its placeholder
 * becomes. The demo tenant's ids are always there; the rest only where a test made or found the object
 * a write tool's example acts on (test/e2e/endpoints-declared.test.ts).
 */
export interface ExampleIds {
  projectId: string;
  configurationId: string;
  pilotConfigurationId: string;
  sourceConnectionId: number;
  destinationConnectionId: number;
  transferId: string;
  /** A project made from the demo's connections, to change and then delete. */
  scratchProjectId?: string;
  /** An empty batch in the scratch project. */
  scratchConfigurationId?: string;
  /** A batch of the demo project whose run the test started. */
  runningConfigurationId?: string;
  scheduleId?: string;
  adminUserId?: string;
  notificationId?: number;
  machineName?: string;
  webhookId?: string;
  /** A new file's path in a folder the server may write (--allow-dir). */
  reportPath?: string;
}

const PLACEHOLDER = /^\{(\w+)\}$/;

/** The arguments of the tool's example with its ids filled in. */
export function exampleArgs(tool: ToolDefinition, ids: ExampleIds): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fill);
    const name = typeof value === "string" ? PLACEHOLDER.exec(value)?.[1] : undefined;
    if (name === undefined) return value;
    const id = name in ids ? ids[name as keyof ExampleIds] : undefined;
    if (id === undefined)
      throw new Error(`${tool.name}: its example names ${value}, for which there is no id`);
    return id;
  };
  return Object.fromEntries(Object.entries(tool.example).map(([key, value]) => [key, fill(value)]));
}
