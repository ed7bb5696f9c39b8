/**
 * tools/list is paid for in every conversation: this fails when it grows past its budget. Counted as a
 * model is shown each tool (name, description, input schema) in o200k tokens.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { getEncoding } from "js-tiktoken";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type InProcess, startInProcess } from "../helpers/in-process.js";

// Issue 23 grew the default by three workflow tools (preflight_batch, triage_failures, summarize_project)
// that answer an admin's daily questions in one call instead of many: 2,500 before them.
const DEFAULT_BUDGET = 3_000;
const PER_TOOL_BUDGET = 120;
const encoding = getEncoding("o200k_base");
const toolTokens = (t: Tool) =>
  encoding.encode(JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema }))
    .length;
const tokensOf = (tools: Tool[]) => tools.reduce((n, t) => n + toolTokens(t), 0);
/** What a failure tells whoever went over: where the tokens are. */
const largest = (tools: Tool[]) =>
  tools
    .map((t) => [t.name, toolTokens(t)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");

let defaults: InProcess;
let all: InProcess;
beforeAll(async () => {
  // Both providers configured: the largest default surface.
  defaults = await startInProcess({ migrateclouds: {} });
  all = await startInProcess({ migrateclouds: {}, argv: ["--toolsets", "all"] });
});
afterAll(async () => {
  await defaults.close();
  await all.close();
});

it(`keeps the default toolsets within ${DEFAULT_BUDGET} tokens and ${PER_TOOL_BUDGET} per tool`, async () => {
  const { tools } = await (await defaults.connect()).listTools();
  const tokens = tokensOf(tools);
  const said = `${tools.length} tools, ${tokens} tokens; the largest: ${largest(tools)}`;
  expect(tokens, said).toBeLessThanOrEqual(DEFAULT_BUDGET);
  expect(tokens / tools.length, said).toBeLessThanOrEqual(PER_TOOL_BUDGET);
});

it(`keeps every toolset together within ${PER_TOOL_BUDGET} tokens per tool on average`, async () => {
  const { tools } = await (await all.connect()).listTools();
  expect(tokensOf(tools) / tools.length, `the largest: ${largest(tools)}`).toBeLessThanOrEqual(
    PER_TOOL_BUDGET,
  );
});

it("keeps the enums a model needs", async () => {
  const { tools } = await (await defaults.connect()).listTools();
  const property = (tool: string, name: string) =>
    (
      tools.find((t) => t.name === tool)?.inputSchema.properties as
        Record<string, { enum?: string[] }> | undefined
    )?.[name];
  expect(property("create_connection", "platform")?.enum).toHaveLength(16);
  expect(property("start_migration", "mode")?.enum).toEqual([
    "StartMigration",
    "CheckUsersOnly",
    "RestartFailedUsers",
    "RestartFailedItems",
  ]);
  expect(property("get_report", "reportType")?.enum?.length).toBeGreaterThan(1);
  expect(property("start_transfer", "conflictResolution")?.enum).toEqual(["skip", "overwrite", "rename"]);
});
