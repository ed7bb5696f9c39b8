/**
 * Demo mode marks everything a human or model reads as the simulator's, as the README promises:
 * the built server in demo mode over stdio with real SDK clients of both eras; and, as the same
 * server against an instance that is not the embedded simulator (the in-process harness), no mark.
 */
import { readFileSync } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, decline, type InProcess, startInProcess } from "../helpers/in-process.js";
import { connectDemo, type McpSession, textOf } from "../helpers/mcp.js";
import { type RawWire, rawStdioWire } from "../helpers/modern.js";

const MARK = "[SIMULATOR] ";
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
/** The title the README gives the server in demo mode. */
const demoTitle = /the server's title is "([^"]+)"/.exec(readme)?.[1];

/** A batch of the demo tenant to aim a destructive tool at. */
async function firstBatch(call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>) {
  const listed = await call("list_projects");
  const projectId = (listed.structuredContent as { projects: Array<{ projectId: string }> }).projects[0]!
    .projectId;
  const project = await call("get_project", { projectId });
  return (project.structuredContent as { batches: Array<{ configurationId: string }> }).batches[0]!
    .configurationId;
}

/** The answers that are not an ordinary tool result: an upstream error, arguments the schema refuses. */
async function errors(call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>) {
  const upstream = await call("get_project", { projectId: "00000000-0000-0000-0000-000000000000" });
  const invalid = await call("get_project", { projectId: 42 });
  expect(upstream.isError).toBe(true);
  expect(invalid.isError).toBe(true);
  return [upstream, invalid];
}

describe("demo mode", () => {
  let asked: string[] = [];
  let human: McpSession;
  let noHuman: McpSession;
  let configurationId: string;
  beforeAll(async () => {
    human = await connectDemo({
      elicit: (request) => {
        asked.push(request.params.message);
        return decline();
      },
    });
    noHuman = await connectDemo({});
    configurationId = await firstBatch(human.call);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([human?.close(), noHuman?.close()]);
  });

  it("is titled as the README says", () => {
    expect(demoTitle).toBe("CloudM Migrate (SIMULATOR)");
    expect(human.client.getServerVersion()?.title).toBe(demoTitle);
  });

  it("marks the confirmation form the human is asked, and the decline", async () => {
    asked = [];
    const declined = await human.call("start_migration", { configurationId, mode: "CheckUsersOnly" });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.startsWith(MARK)).toBe(true);
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(textOf(declined).startsWith(MARK)).toBe(true);
  });

  it("marks the preview a client that cannot ask shows its human", async () => {
    const preview = await noHuman.call("start_migration", { configurationId, mode: "CheckUsersOnly" });
    expect(preview.structuredContent).toMatchObject({ status: "confirmation_required" });
    expect(textOf(preview).startsWith(MARK)).toBe(true);
  });

  it("marks tool errors and refused arguments", async () => {
    for (const error of await errors(human.call)) expect(textOf(error).startsWith(MARK)).toBe(true);
  });

  it("marks the form a 2026-07-28 client is asked to put before its human", async () => {
    const wire: RawWire = rawStdioWire();
    try {
      const args = { configurationId, mode: "CheckUsersOnly" };
      const response = await wire.call(
        "tools/call",
        { name: "start_migration", arguments: args },
        { elicitation: { form: {} } },
      );
      const requests = response.result?.inputRequests as Record<string, { params: { message: string } }>;
      expect(response.result?.resultType).toBe("input_required");
      expect(requests.confirm?.params.message.startsWith(MARK)).toBe(true);
    } finally {
      await wire.close();
    }
  });
});

describe("against an instance that is not the embedded simulator", () => {
  let env: InProcess;
  beforeAll(async () => {
    env = await startInProcess();
  });
  afterAll(async () => env?.close());

  it("marks nothing, and is titled without the mark", async () => {
    const asked: string[] = [];
    const human = await env.connect("human", (request) => {
      asked.push(request.params.message);
      return decline();
    });
    const noHuman = await env.connect("no-human");
    expect(human.getServerVersion()?.title).toBe("CloudM Migrate");
    const call = (name: string, args: Record<string, unknown> = {}) => callTool(human, name, args);
    const configurationId = await firstBatch(call);
    const args = { configurationId, mode: "CheckUsersOnly" };
    const answers = [
      await call("whoami"),
      await call("start_migration", args),
      await callTool(noHuman, "start_migration", args),
      ...(await errors(call)),
    ];
    expect(asked).toHaveLength(1);
    for (const text of [...asked, ...answers.map((a) => textOf(a))]) expect(text).not.toContain("SIMULATOR");
  });
});
