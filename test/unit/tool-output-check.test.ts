/**
 * The registration loop checks each tool's output against its declared output schema itself (the
 * SDK is given none, so a call may answer with a task handle): a tool whose output breaks its schema
 * is a bug, reported as one, and never reaches the client as valid structured content.
 */
import { describe, expect, it } from "vitest";
import { Client, type CallToolResult } from "@modelcontextprotocol/client";
import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import pino from "pino";
import { z } from "zod";
import { LocalFleetStore } from "../../src/fleet/store.js";
import { TaskRegistry } from "../../src/live/tasks.js";
import { ConfirmationGate } from "../../src/tools/confirm.js";
import { defineTool } from "../../src/tools/define.js";
import { FileAccess } from "../../src/tools/files.js";
import { RecentChecks } from "../../src/insight/preflight.js";
import { registerTools } from "../../src/tools/index.js";
import type { ToolName } from "../../src/tools/names.js";

const logger = pino({ level: "silent" });
const fleet = new LocalFleetStore();
const running = new AbortController().signal;

/** A tool that reports `count` as whatever it is given. */
const counter = defineTool({
  name: "list_projects" as ToolName,
  title: "Count",
  description: "Reports a count.",
  toolset: "projects",
  input: { count: z.unknown() },
  output: { count: z.number() },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  example: { count: 1 },
  handler: async (args) => ({ structured: { count: args.count as number }, text: "counted" }),
});

async function call(count: unknown): Promise<CallToolResult> {
  const server = new McpServer({ name: "t", version: "0" });
  registerTools(server, [counter], {
    cloudm: undefined,
    migrateclouds: undefined,
    webhookReceiver: undefined,
    watcher: undefined,
    dashboards: undefined,
    oauthScopes: undefined,
    recent: new RecentChecks(),
    logger,
    files: new FileAccess([]),
    gate: new ConfirmationGate("auto", 300, logger, fleet),
    resourcesChanged: () => undefined,
    simulator: false,
    instanceUrl: "",
    shutdown: running,
    connection: { key: "k", declared: undefined },
    tasks: new TaskRegistry(fleet, running, logger),
    clockSpeed: 1,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "c", version: "0" });
  await client.connect(clientSide);
  try {
    return (await client.callTool({ name: "list_projects", arguments: { count } })) as CallToolResult;
  } finally {
    await client.close();
  }
}

describe("tool output check", () => {
  it("passes output that matches the schema", async () => {
    const result = await call(3);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ count: 3 });
  });

  it("reports output that breaks the schema as a bug, naming the field", async () => {
    const result = await call("three");
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    expect(text).toContain("Internal error in list_projects: its output does not match its output schema");
    expect(text).toContain("count");
  });
});
