/** Every tool of every toolset answers bad arguments with isError naming the field, and the server keeps serving. */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RequestRecord } from "../../src/simulator/http-server.js";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { type ExampleIds, exampleArgs } from "../helpers/examples.js";
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

it("refuses an empty, malformed or overlong id to every tool that takes one, naming it, never in a URL and changing nothing", async () => {
  const client = await env.connect("host", undefined, RENDERS_APPS);
  const ids: ExampleIds = {
    ...env.sim.demo!,
    transferId: "trf_0",
    scheduleId: "0",
    adminUserId: "0",
    notificationId: 1,
    machineName: "0",
    webhookId: "wh_0",
    reportPath: "/nonexistent/report.html",
    runningConfigurationId: env.sim.demo!.configurationId,
    scratchProjectId: env.sim.demo!.projectId,
    scratchConfigurationId: env.sim.demo!.configurationId,
  };
  const { tools } = await client.listTools();
  const idFields = tools.flatMap((tool) =>
    Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>)
      .filter(([name, schema]) => /Id$/.test(name) && schema.type === "string")
      .map(([field]) => ({ tool, field })),
  );
  expect(idFields.length).toBeGreaterThan(30);
  const overlong = `trf_wh_${"7".repeat(3_000)}`;
  const before = [env.sim.requests.length, env.mc!.requests.length] as const;
  for (const { tool, field } of idFields) {
    // The tool's example; for an id it shows no example of, what it needs: its alternatives would answer first.
    const definition = ALL_TOOLS.find((t) => t.name === tool.name)!;
    const example = exampleArgs(definition, ids);
    const required = new Set(tool.inputSchema.required ?? []);
    const valid =
      field in example
        ? example
        : Object.fromEntries(Object.entries(example).filter(([n]) => required.has(n)));
    for (const [id, expected] of [
      ["", /must not be empty|start with/],
      ["trf_wh_\udfff", /well-formed text/],
      // Refused before a URL is built; an id the instance takes in a body, by the instance, naming it.
      [overlong, /too long for the request's address|at most 100 characters|answered 40[04]/],
    ] as const) {
      const result = await callTool(client, tool.name, { ...valid, [field]: id });
      const said = `${tool.name} ${field}: ${textOf(result)}`;
      expect(result.isError, said).toBe(true);
      expect(textOf(result), said).toContain(field);
      expect(textOf(result), said).toMatch(expected);
    }
  }
  const sent = [...env.sim.requests.slice(before[0]), ...env.mc!.requests.slice(before[1])];
  const changed = (r: RequestRecord) => r.applied && !r.path.endsWith("/login");
  expect(sent.filter((r) => r.path.includes("7777") || changed(r))).toEqual([]);
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
