/**
 * SDK v2 Clients for the 2026-07-28 era (pinned, so a fallback to 2025 fails the test), over stdio
 * (the built server spawned) or HTTP; and raw 2026 requests for what a client library hides.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { CallToolResult, ElicitRequest, ElicitResult } from "@modelcontextprotocol/client";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { CHILD_ENV, SERVER_ENTRY } from "./mcp.js";

export const MODERN = "2026-07-28";

export interface ModernOptions {
  /** Answers confirmation forms; without it the client does not declare elicitation. */
  elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
  token?: string;
  /** Pinned to 2026-07-28 unless told otherwise. */
  era?: "2025-11-25" | "2026-07-28";
}

export interface ModernSession {
  client: Client;
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

async function connect(
  transport: StdioClientTransport | StreamableHTTPClientTransport,
  options: ModernOptions,
): Promise<ModernSession> {
  const client = new Client(
    { name: "modern-e2e", version: "1.0.0" },
    {
      capabilities: options.elicit ? { elicitation: { form: {} } } : {},
      versionNegotiation: { mode: options.era === "2025-11-25" ? "legacy" : { pin: MODERN } },
    },
  );
  const elicit = options.elicit;
  if (elicit) client.setRequestHandler("elicitation/create", (request) => elicit(request));
  await client.connect(transport);
  return {
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The built server over stdio in demo mode, driven by a 2026-07-28 client. */
export function modernStdio(options: ModernOptions & { args?: string[] } = {}): Promise<ModernSession> {
  return connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [SERVER_ENTRY, "--demo", "--log-level", "warn", ...(options.args ?? [])],
      env: { ...CHILD_ENV, MIGRATE_MCP_SIMULATOR_SPEED: "600" },
      stderr: "ignore",
    }),
    options,
  );
}

export function modernHttp(url: string, options: ModernOptions = {}): Promise<ModernSession> {
  return connect(
    new StreamableHTTPClientTransport(new URL(url), {
      ...(options.token ? { requestInit: { headers: { authorization: `Bearer ${options.token}` } } } : {}),
    }),
    options,
  );
}

/** A JSON-RPC response as it came off the wire. */
export interface RawResponse {
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/** Raw 2026-07-28 requests to one server: what SDK Clients refuse to carry (a task handle, say). */
export interface RawWire {
  /** Sends one JSON-RPC message as given (its `_meta` envelope included) and returns the response. */
  dispatch: (message: Record<string, unknown>) => Promise<RawResponse>;
  /** Sends `method` with the 2026 envelope declaring `capabilities`. */
  call: (
    method: string,
    params: Record<string, unknown>,
    capabilities?: Record<string, unknown>,
  ) => Promise<RawResponse>;
  close: () => Promise<void>;
}

let rawIds = 0;

function envelope(method: string, params: Record<string, unknown>, capabilities: Record<string, unknown>) {
  return {
    jsonrpc: "2.0",
    id: ++rawIds,
    method,
    params: {
      ...params,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
        "io.modelcontextprotocol/clientCapabilities": capabilities,
      },
    },
  };
}

/** The name the Mcp-Name header carries for a method (a tasks/* request routes by its task id). */
function routingName(params: Record<string, unknown>): string | undefined {
  for (const key of ["name", "uri", "taskId"]) if (typeof params[key] === "string") return params[key];
  return undefined;
}

interface HeaderChanges {
  omitHeaders?: string[];
  headers?: Record<string, string>;
}

/** POSTs one JSON-RPC message with the headers the spec requires (unless left out). */
async function post(
  url: string,
  message: Record<string, unknown>,
  changes: HeaderChanges = {},
): Promise<{ status: number; body: RawResponse }> {
  const name = routingName((message.params ?? {}) as Record<string, unknown>);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
    "mcp-method": String(message.method),
    ...(name ? { "mcp-name": name } : {}),
    ...changes.headers,
  };
  for (const h of changes.omitHeaders ?? []) delete headers[h];
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(message) });
  const text = await res.text();
  // An SSE answer carries the JSON-RPC response in its last data line.
  const json = res.headers.get("content-type")?.includes("text/event-stream")
    ? (text
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .pop() ?? "{}")
    : text || "{}";
  return { status: res.status, body: JSON.parse(json) as RawResponse };
}

/** One raw 2026-07-28 POST, with the envelope (declaring elicitation unless told otherwise). */
export function rawModern(
  url: string,
  method: string,
  params: Record<string, unknown>,
  options: HeaderChanges & { capabilities?: Record<string, unknown> } = {},
): Promise<{ status: number; body: RawResponse }> {
  return post(url, envelope(method, params, options.capabilities ?? { elicitation: { form: {} } }), options);
}

/** What a caller that takes tasks and can ask its human declares on each request. */
const TASK_CALLER = { extensions: { "io.modelcontextprotocol/tasks": {} }, elicitation: { form: {} } };

/**
 * A destructive tool started as a task over raw 2026-07-28 HTTP: asked, answered yes in band, and the
 * answer (the task handle); `read` is tasks/get of that task on any replica.
 */
export async function startConfirmedTask(
  url: string,
  name: string,
  args: Record<string, unknown>,
): Promise<{ created: RawResponse; read: (url: string) => Promise<RawResponse> }> {
  const call = (extra: Record<string, unknown> = {}) =>
    rawModern(url, "tools/call", { name, arguments: args, ...extra }, { capabilities: TASK_CALLER });
  const asked = await call();
  const yes = { confirm: { action: "accept", content: { confirm: true } } };
  const created = (await call({ requestState: asked.body.result?.requestState, inputResponses: yes })).body;
  const taskId = created.result?.taskId as string;
  const read = async (at: string) =>
    (
      await rawModern(
        at,
        "tasks/get",
        { taskId },
        { capabilities: TASK_CALLER, headers: { "mcp-name": taskId } },
      )
    ).body;
  return { created, read };
}

export function rawHttpWire(url: string): RawWire {
  const dispatch = async (message: Record<string, unknown>) => (await post(url, message)).body;
  return {
    dispatch,
    call: (method, params, capabilities = {}) => dispatch(envelope(method, params, capabilities)),
    close: async () => undefined,
  };
}

/** A message as the server wrote it on stdout. */
export interface WireMessage extends RawResponse {
  id?: unknown;
  method?: string;
}

/** A raw stdio wire also hears what the server sends unasked, and can be sent any line at all. */
export interface RawStdioWire extends RawWire {
  /** Every message the server has written, responses and notifications, in order. */
  received: WireMessage[];
  /** Writes one line to the server's stdin as given (a newline is added). */
  sendLine: (line: string) => void;
}

/** The built server over stdio in demo mode, spoken to one JSON line at a time. */
export function rawStdioWire(env: Record<string, string> = {}): RawStdioWire {
  const child = spawn(process.execPath, [SERVER_ENTRY, "--demo", "--log-level", "warn"], {
    env: { ...CHILD_ENV, MIGRATE_MCP_SIMULATOR_SPEED: "600", ...env },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const waiting = new Map<unknown, (response: RawResponse) => void>();
  const received: WireMessage[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    const message = JSON.parse(line) as WireMessage;
    received.push(message);
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const dispatch = (message: Record<string, unknown>) =>
    new Promise<RawResponse>((resolve) => {
      waiting.set(message.id, resolve);
      child.stdin.write(`${JSON.stringify(message)}\n`);
    });
  return {
    dispatch,
    call: (method, params, capabilities = {}) => dispatch(envelope(method, params, capabilities)),
    received,
    sendLine: (line) => void child.stdin.write(`${line}\n`),
    close: async () => {
      child.stdin.end();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}
