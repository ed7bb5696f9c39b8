/**
 * SDK v2 Clients for the 2026-07-28 era (pinned, so a fallback to 2025 fails the test), over stdio
 * (the built server spawned) or HTTP; and raw 2026 requests for what a client library hides.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { CallToolResult, ElicitRequest, ElicitResult } from "@modelcontextprotocol/client";
import { SERVER_ENTRY } from "./mcp.js";

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
      env: { PATH: process.env.PATH ?? "", MIGRATE_MCP_SIMULATOR_SPEED: "600" },
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

/** One raw 2026-07-28 POST, with the envelope and the headers the spec requires (unless left out). */
export async function rawModern(
  url: string,
  method: string,
  params: Record<string, unknown>,
  options: {
    capabilities?: Record<string, unknown>;
    omitHeaders?: string[];
    headers?: Record<string, string>;
  } = {},
): Promise<{
  status: number;
  body: { result?: Record<string, unknown>; error?: { code: number; message: string } };
}> {
  const name =
    typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
    "mcp-method": method,
    ...(name ? { "mcp-name": name } : {}),
    ...options.headers,
  };
  for (const h of options.omitHeaders ?? []) delete headers[h];
  const body = {
    jsonrpc: "2.0",
    id: Math.floor(Math.random() * 1e9),
    method,
    params: {
      ...params,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
        "io.modelcontextprotocol/clientCapabilities": options.capabilities ?? { elicitation: { form: {} } },
      },
    },
  };
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await res.text();
  // An SSE answer carries the JSON-RPC response in its last data line.
  const json = res.headers.get("content-type")?.includes("text/event-stream")
    ? (text
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .pop() ?? "{}")
    : text || "{}";
  return { status: res.status, body: JSON.parse(json) as { result?: Record<string, unknown> } };
}
