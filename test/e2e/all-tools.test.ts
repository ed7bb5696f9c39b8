/** Every tool of every toolset answers bad arguments with isError naming the field, and the server keeps serving. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { callTool, type InProcess, RENDERS_APPS, startInProcess, textOf } from "../helpers/in-process.js";

let env: InProcess;
beforeAll(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"], migrateclouds: {} });
});
afterAll(() => env.close());

it("lists every tool under --toolsets all", async () => {
  const { tools } = await (await env.connect("host", undefined, RENDERS_APPS)).listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS.map((t) => t.name).sort());
});

it("answers a wrongly typed argument to every tool with isError naming it", async () => {
  const client = await env.connect("host", undefined, RENDERS_APPS);
  const { tools } = await client.listTools();
  for (const tool of tools) {
    const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
    const field = Object.entries(properties).find(([, schema]) => schema.type !== "object")?.[0];
    if (!field) continue;
    const result = await callTool(client, tool.name, { [field]: { not: "valid" } });
    expect(result.isError, tool.name).toBe(true);
    expect(textOf(result), tool.name).toContain(field);
  }
  expect((await callTool(client, "whoami")).isError).toBeFalsy();
});

it("keeps every tool's schemas, of every toolset, as reviewed", async () => {
  const { tools } = await (await env.connect("host", undefined, RENDERS_APPS)).listTools();
  const surface = tools.map((t) => ({
    name: t.name,
    description: t.description,
    annotations: t.annotations,
    inputSchema: t.inputSchema,
    outputSchema: t.outputSchema,
  }));
  // A change to any tool's input or output, in any toolset, shows in this file's diff.
  await expect(JSON.stringify(surface, null, 2)).toMatchFileSnapshot("./all-tools.snapshot.json");
});
