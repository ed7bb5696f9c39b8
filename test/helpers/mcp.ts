/** Spawns the built server over stdio and connects a real SDK Client to it. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";

export const SERVER_ENTRY = fileURLToPath(new URL("../../build/migrate-mcp.mjs", import.meta.url));

/**
 * What a spawned server gets of this process's environment: PATH, and leave to start on the Node the
 * tests run on where that is older than the package supports (a development machine's Node 20; CI
 * runs them on Node 24, where it changes nothing).
 */
export const CHILD_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? "",
  MIGRATE_MCP_ALLOW_OLD_NODE: "1",
};

export interface McpSession {
  client: Client;
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  /** Calls a tool and fails the test when it returns isError. */
  ok: (name: string, args?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  close: () => Promise<void>;
}

export async function connectDemo(options: {
  args?: string[];
  env?: Record<string, string>;
  /** Answers elicitation requests; without it the client does not declare the capability. */
  elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
  /** More capabilities to declare (an extension, say). */
  capabilities?: Record<string, unknown>;
}): Promise<McpSession> {
  return connectStdio({
    command: process.execPath,
    args: [SERVER_ENTRY, "--demo", "--log-level", "warn", ...(options.args ?? [])],
    env: { ...CHILD_ENV, MIGRATE_MCP_SIMULATOR_SPEED: "600", ...options.env },
    ...(options.elicit ? { elicit: options.elicit } : {}),
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
  });
}

/** Spawns `command args` (exactly: no flags added) and connects a real SDK Client to it over stdio. */
export async function connectStdio(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
  capabilities?: Record<string, unknown>;
}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: options.command,
    args: options.args,
    env: options.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stderr: "pipe",
  });
  const client = new Client(
    { name: "e2e", version: "1.0.0" },
    {
      capabilities: { ...options.capabilities, ...(options.elicit ? { elicitation: { form: {} } } : {}) },
    },
  );
  const { elicit } = options;
  if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request));
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client,
    call,
    ok: async (name, args) => {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      return result.structuredContent as Record<string, unknown>;
    },
    close: () => client.close(),
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** Polls statistics until the batch's run is no longer active. */
export async function waitForRun(
  session: McpSession,
  configurationId: string,
): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const stats = await session.ok("get_batch_statistics", { configurationId, itemLimit: 200 });
    if (!["PreparingData", "Queueing", "Running", "Stopping"].includes(String(stats.state))) return stats;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("run did not finish");
}

/** Runs `body` with a fresh demo session and always closes it. */
export async function withDemo(
  options: Parameters<typeof connectDemo>[0],
  body: (session: McpSession) => Promise<void>,
): Promise<void> {
  const session = await connectDemo(options);
  try {
    await body(session);
  } finally {
    await session.close();
  }
}

/**
 * Runs the built command (`migrate-mcp args`) to its exit: its exit code, stdout and stderr. A run
 * still going after `timeoutMs` is killed, and its code is null.
 */
export async function runToExit(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    env: { ...CHILD_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: timeoutMs,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}
