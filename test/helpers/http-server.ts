/** Spawns the built server with `--transport http` and connects SDK Clients to it over Streamable HTTP. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { CHILD_ENV, SERVER_ENTRY } from "./mcp.js";
import { freePort } from "./redis.js";

export interface SpawnedHttpServer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  connect: (options?: {
    token?: string;
    elicit?: (r: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
  }) => Promise<Client>;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** With `demo: false`, the upstreams come from `env` (CLOUDM_URL…), as replicas of one deployment share them. */
export async function spawnHttpServer(
  args: string[] = [],
  env: Record<string, string> = {},
  { demo = true }: { demo?: boolean } = {},
): Promise<SpawnedHttpServer> {
  const child = spawn(
    process.execPath,
    [SERVER_ENTRY, ...(demo ? ["--demo"] : []), "--transport", "http", "--port", "0", ...args],
    {
      env: { ...CHILD_ENV, MIGRATE_MCP_SIMULATOR_SPEED: "600", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const found = /serving MCP at (http:\/\/\S+?)"/.exec(log) ?? /serving MCP at (http:\/\/\S+)/.exec(log);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  const clients: Client[] = [];
  return {
    url,
    child,
    stderr: () => log,
    connect: async ({ token, elicit } = {}) => {
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
      });
      const client = new Client(
        { name: "http-e2e", version: "1.0.0" },
        { capabilities: elicit ? { elicitation: { form: {} } } : {} },
      );
      if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request));
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    stop: async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * The built server in OAuth mode, as the resource an authorization server issues tokens for: the
 * resource URL is fixed first, the issuer started for it, then the server trusting that issuer.
 */
export async function spawnOAuthServer<I extends { issuer: string; close: () => Promise<void> }>(
  startIssuer: (resource: string) => Promise<I>,
  env: (issuer: I) => Record<string, string> = () => ({}),
): Promise<{ server: SpawnedHttpServer; issuer: I; resource: string }> {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const issuer = await startIssuer(resource);
  const server = await spawnHttpServer(["--port", String(port), "--toolsets", "all"], {
    MIGRATE_MCP_AUTH_ISSUER: issuer.issuer,
    MIGRATE_MCP_RESOURCE_URL: resource,
    ...env(issuer),
  });
  return { server, issuer, resource };
}
