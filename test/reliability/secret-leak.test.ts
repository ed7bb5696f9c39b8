/**
 * Secret leaks: the built server, against simulators in this process (so every credential and every
 * token they issue is known here), runs the whole lifecycle at the most verbose log level, once over
 * stdio and once over Streamable HTTP with a bearer token. Its stdout, stderr, every tool result (text
 * and structuredContent), every error, every notification (notifications/message included) and every
 * resource read are scanned for: the CloudM password, every JWT the simulator issued, the connection
 * secrets sent in settings, the MigrateClouds API key, the webhook secret and the HTTP bearer token.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudMSimulator, startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import {
  type MigrateCloudsSimulator,
  startMigrateCloudsSimulator,
} from "../../src/simulator/migrateclouds/server.js";
import { CHILD_ENV, SERVER_ENTRY } from "../helpers/mcp.js";

const CALL_TIMEOUT_MS = 25_000;
const unique = (prefix: string) => `${prefix}${randomBytes(12).toString("base64url")}`;

/** Distinct, unguessable values; some with quotes, spaces and non-ASCII so redaction cannot rely on simple shapes. */
const S = {
  cloudmPassword: unique('Pw "quoted" and spaced ü-'),
  adminPassword: unique("AdminPw-"),
  newAdminPassword: unique('New "Pw" '),
  graphSecret: unique("GraphSecret~"),
  googleKeyBody: unique("MIIEvQIBADANBgkqhkiG9w0B"),
  callApiPassword: unique("CallApiPw-"),
  apiKey: unique("mc_live_"),
  webhookSecret: unique("whsec_"),
  bearer: unique("mcp-bearer-") + randomBytes(16).toString("hex"),
};
const GOOGLE_KEY = JSON.stringify({
  type: "service_account",
  private_key_id: "k1",
  private_key: `-----BEGIN PRIVATE KEY-----\n${S.googleKeyBody}\n-----END PRIVATE KEY-----\n`,
  client_email: "sa@dst.example",
});

/** The forms a secret takes in output: as is, JSON-escaped, URL-encoded. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

/** What of `secrets` appears in `text`; JWTs also by their signature alone (a cut-off token). */
function leaksIn(text: string, secrets: Record<string, string>, jwts: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets))
    if (forms(secret).some((form) => text.includes(form))) found.push(name);
  for (const [i, jwt] of jwts.entries()) {
    const signature = jwt.split(".")[2] ?? jwt;
    if (text.includes(jwt) || text.includes(signature)) found.push(`CloudM JWT #${i}`);
  }
  if (/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(text))
    found.push("a JWT-shaped string");
  return found;
}

// ------------------------------------------------------------------ the server, spawned

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<void>;
}

function spawnServer(args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    env: { ...CHILD_ENV, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** An MCP client transport over a spawned server's stdin/stdout that keeps the raw stdout for scanning. */
class RecordingStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private buffer = "";

  constructor(private readonly server: Spawned) {}

  async start(): Promise<void> {
    this.server.child.stdout?.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let newline: number;
      while ((newline = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, newline).trim();
        this.buffer = this.buffer.slice(newline + 1);
        if (!line) continue;
        try {
          this.onmessage?.(JSON.parse(line) as JSONRPCMessage);
        } catch (error) {
          this.onerror?.(error as Error);
        }
      }
    });
    this.server.child.once("exit", () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.server.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  async close(): Promise<void> {
    this.server.child.stdin?.end();
    await this.server.stop();
  }
}

// ------------------------------------------------------------------ the lifecycle

interface Collected {
  /** Every tool result, resource read, thrown error and notification, serialised. */
  outputs: string[];
  notifications: Array<{ method: string }>;
}

async function newClient(collected: Collected): Promise<Client> {
  const client = new Client({ name: "secret-scan", version: "1.0.0" });
  client.fallbackNotificationHandler = async (notification) => {
    collected.notifications.push(notification);
    collected.outputs.push(JSON.stringify(notification));
  };
  return client;
}

async function runLifecycle(
  client: Client,
  collected: Collected,
  sims: { cloudm: CloudMSimulator; mc: MigrateCloudsSimulator },
): Promise<void> {
  const record = (value: unknown) =>
    collected.outputs.push(typeof value === "string" ? value : JSON.stringify(value));
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> => {
    try {
      const result = (await client.callTool({ name, arguments: args }, undefined, {
        timeout: CALL_TIMEOUT_MS,
      })) as CallToolResult;
      record(result);
      return result;
    } catch (error) {
      record(`${name} threw: ${String(error)} ${JSON.stringify(error)}`);
      throw error;
    }
  };
  const ok = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await call(name, args);
    expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  };
  const confirmed = async (name: string, args: Record<string, unknown>) => {
    const preview = await ok(name, args);
    expect(preview.confirmationToken, name).toEqual(expect.any(String));
    return ok(name, { ...args, confirmationToken: preview.confirmationToken });
  };
  const read = async (uri: string) => record(await client.readResource({ uri }));

  await client.setLoggingLevel("debug");
  await ok("whoami");
  await ok("describe_platform_settings", { platform: "Microsoft365" });

  const source = (await ok("create_connection", {
    platform: "Microsoft365",
    name: "Leak check source",
    connectionType: "Source",
    settings: {
      domainName: "src.example",
      adminName: "admin@src.example",
      adminPassword: S.adminPassword,
      microsoftGraphClientId: "00000000-0000-0000-0000-00000000c11d",
      microsoftGraphClientSecret: S.graphSecret,
      testUserName: "a@src.example",
    },
  })) as { connection: { id: number } };
  const destination = (await ok("create_connection", {
    platform: "GoogleWorkspace",
    name: "Leak check destination",
    connectionType: "Destination",
    settings: {
      domainName: "dst.example",
      adminUsername: "admin@dst.example",
      serviceAccountEmailAddress: "sa@dst.example",
      key: GOOGLE_KEY,
      testUsername: "a@dst.example",
    },
  })) as { connection: { id: number } };
  // Refused upstream (a required setting is missing) while carrying a secret: the error must not echo it.
  const refused = await call("create_connection", {
    platform: "Microsoft365",
    name: "Leak check refused",
    connectionType: "Source",
    settings: { adminName: "admin@src.example", adminPassword: S.adminPassword },
  });
  expect(refused.isError).toBe(true);
  const sourceId = source.connection.id;
  await ok("get_connection", { connectionId: sourceId, platform: "Microsoft365" });
  await ok("get_connection", { connectionId: destination.connection.id });
  await ok("list_connections");
  await ok("test_connection", { connectionId: sourceId, waitSeconds: 20 });
  await confirmed("update_connection", {
    connectionId: sourceId,
    platform: "Microsoft365",
    settings: { adminPassword: S.newAdminPassword },
  });
  await read(`cloudm://connections/${sourceId}`);
  await read("cloudm://connections");

  const project = (await ok("create_project", {
    name: "Leak check",
    sourceConnectionId: sourceId,
    destinationConnectionId: destination.connection.id,
  })) as { project: { projectId: string } };
  const batch = (await ok("create_batch", { projectId: project.project.projectId, batchName: "Wave" })) as {
    batch: { configurationId: string };
  };
  const configurationId = batch.batch.configurationId;
  await ok("add_migration_items", {
    configurationId,
    items: [
      { exportName: "one@src.example" },
      { exportName: "two@src.example", importName: "two@dst.example" },
    ],
  });
  await ok("import_migration_items", {
    configurationId,
    csv: [
      "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
      "three@src.example,three@dst.example,User,User,true",
    ].join("\n"),
  });
  await ok("get_batch_settings", { configurationId });
  await confirmed("update_batch_settings", { configurationId, general: { folderSelection: "NoDeleted" } });
  await read(`cloudm://batches/${configurationId}/settings`);
  await confirmed("start_migration", { configurationId, mode: "CheckUsersOnly" });
  await ok("wait_for_migration", { configurationId, waitSeconds: 20 });
  await confirmed("start_migration", { configurationId, mode: "StartMigration" });
  await ok("wait_for_migration", { configurationId, waitSeconds: 20 });
  await ok("get_batch_statistics", { configurationId });
  await read(`cloudm://batches/${configurationId}/statistics`);
  await ok("get_report", { configurationId, reportType: "UserProgress" });
  await ok("run_readiness_checks", { projectId: project.project.projectId, waitSeconds: 20 });
  await ok("call_api", { method: "GET", path: `/api/Microsoft365Connections/${sourceId}` });
  await confirmed("call_api", {
    method: "POST",
    path: "/api/Microsoft365Connections",
    body: {
      name: "Leak check raw",
      connectionType: "Source",
      settings: {
        domainName: "raw.example",
        adminName: "admin@raw.example",
        adminPassword: S.callApiPassword,
      },
    },
  });
  await ok("query_audit_log", { pageSize: 100 });
  await ok("list_notifications");

  // MigrateClouds: files, a transfer with its webhook event, the webhook itself.
  await ok("list_cloud_files", { service: "box", path: "/", maxEntries: 50 });
  const webhook = (await ok("create_webhook", { events: ["transfer.started", "transfer.completed"] })) as {
    webhook: { id: string };
  };
  await ok("list_webhooks");
  const transfer = (await confirmed("start_transfer", {
    sourceService: "box",
    sourcePath: "/Legal",
    destinationService: "onedrive",
    destinationPath: "/Leak check",
    conflictResolution: "skip",
  })) as { transfer: { id: string } };
  await ok("get_transfer", { transferId: transfer.transfer.id });
  await ok("list_transfers");
  // A signed delivery reached the server's receiver (and was logged there).
  const delivered = () =>
    sims.mc.deliveries.some((d) => d.webhookId === webhook.webhook.id && d.outcome === "delivered");
  for (let i = 0; i < 100 && !delivered(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(delivered()).toBe(true);
  await confirmed("delete_webhook", { webhookId: webhook.webhook.id });

  // Tokens revoked: the server signs in again (a second login, a second JWT to look for).
  sims.cloudm.revokeAllTokens();
  await ok("list_projects");
  // Then the password stops working: the login failure must name the setting, not the password.
  const admin = sims.cloudm.state.admins[0]!;
  admin.password = unique("changed-");
  sims.cloudm.revokeAllTokens();
  const failed = await call("list_projects");
  expect(failed.isError).toBe(true);
  admin.password = S.cloudmPassword;
  await ok("list_projects");
}

// ------------------------------------------------------------------ the runs

let cloudm: CloudMSimulator;
let mc: MigrateCloudsSimulator;
let serverEnv: Record<string, string>;

beforeAll(async () => {
  cloudm = await startCloudMSimulator({ tenant: "demo", clockSpeed: 600 });
  cloudm.state.admins[0]!.password = S.cloudmPassword;
  mc = await startMigrateCloudsSimulator({
    clockSpeed: 600,
    apiKeys: [{ key: S.apiKey, plan: "enterprise" }],
  });
  serverEnv = {
    CLOUDM_URL: cloudm.url,
    CLOUDM_EMAIL: cloudm.credentials.email,
    CLOUDM_PASSWORD: S.cloudmPassword,
    MIGRATECLOUDS_URL: mc.url,
    MIGRATECLOUDS_API_KEY: S.apiKey,
    MIGRATECLOUDS_PLAN: "enterprise",
    MIGRATECLOUDS_WEBHOOK_PORT: "0",
    MIGRATECLOUDS_WEBHOOK_SECRET: S.webhookSecret,
    MIGRATE_MCP_LOG_LEVEL: "trace",
    MIGRATE_MCP_TOOLSETS: "all",
    // The simulator runs 600x real time: follow runs closely so waits end as soon as they finish.
    MIGRATE_MCP_POLL_INTERVAL_MS: "200",
  };
});
afterAll(async () => {
  await mc?.close();
  await cloudm?.close();
});

function expectNoLeaks(where: Record<string, string>, secrets: Record<string, string>): void {
  for (const [name, text] of Object.entries(where))
    expect(leaksIn(text, secrets, cloudm.issuedTokens), `secrets found in ${name}`).toEqual([]);
}

function expectMeaningful(collected: Collected, stderr: string): void {
  // The scan looked at something: verbose logs, log notifications, a login per token.
  expect(stderr).toMatch(/"level":10|"level":20/);
  expect(stderr).toContain("upstream response");
  expect(collected.notifications.some((n) => n.method === "notifications/message")).toBe(true);
  expect(cloudm.issuedTokens.length).toBeGreaterThanOrEqual(2);
}

it("the scanner finds each secret in each of its forms, and any JWT", () => {
  const secrets = { password: S.cloudmPassword };
  expect(leaksIn(`x ${S.cloudmPassword} y`, secrets, [])).toEqual(["password"]);
  expect(leaksIn(JSON.stringify({ p: S.cloudmPassword }), secrets, [])).toEqual(["password"]);
  expect(leaksIn(`?p=${encodeURIComponent(S.cloudmPassword)}`, secrets, [])).toEqual(["password"]);
  expect(leaksIn("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3ItMDAwMSJ9.c2lnbmF0dXJlLXNpZw", {}, [])).toEqual([
    "a JWT-shaped string",
  ]);
});

describe("over stdio at log level trace", () => {
  it("no secret appears on stdout, stderr, in any result, error, notification or resource", async () => {
    const server = spawnServer(["--log-level", "trace"], serverEnv);
    const collected: Collected = { outputs: [], notifications: [] };
    const client = await newClient(collected);
    await client.connect(new RecordingStdioTransport(server));
    try {
      await runLifecycle(client, collected, { cloudm, mc });
    } finally {
      await client.close();
    }
    const { bearer: _unused, ...secrets } = S;
    expectMeaningful(collected, server.stderr());
    expectNoLeaks(
      {
        stdout: server.stdout(),
        stderr: server.stderr(),
        "results and notifications": collected.outputs.join("\n"),
      },
      { ...secrets, googleKey: GOOGLE_KEY },
    );
  });
});

describe("over Streamable HTTP with a bearer token, at log level trace", () => {
  let server: Spawned;
  let url: string;
  beforeAll(async () => {
    server = spawnServer(["--transport", "http", "--port", "0"], {
      ...serverEnv,
      MIGRATE_MCP_TOKEN: S.bearer,
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${server.stderr()}`)), 15_000);
      const check = () => {
        const found = /serving MCP at (http:\/\/[^\s"]+)/.exec(server.stderr());
        if (found?.[1]) {
          clearTimeout(timer);
          server.child.stderr?.off("data", check);
          resolve(found[1]);
        }
      };
      server.child.stderr?.on("data", check);
      server.child.once("exit", (code) =>
        reject(new Error(`server exited with ${code}:\n${server.stderr()}`)),
      );
    });
  });
  afterAll(() => server?.stop());

  it("no secret appears on stdout, stderr, in any result, error, notification or resource", async () => {
    const collected: Collected = { outputs: [], notifications: [] };
    // Refused requests first: a wrong and a missing token are answered without echoing anything.
    for (const authorization of [`Bearer ${S.bearer}x`, undefined]) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
      });
      expect(response.status).toBe(401);
      collected.outputs.push(JSON.stringify([...response.headers]), await response.text());
    }
    const client = await newClient(collected);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${S.bearer}` } },
      }),
    );
    try {
      await runLifecycle(client, collected, { cloudm, mc });
    } finally {
      await client.close();
    }
    expectMeaningful(collected, server.stderr());
    expectNoLeaks(
      {
        stdout: server.stdout(),
        stderr: server.stderr(),
        "results and notifications": collected.outputs.join("\n"),
      },
      { ...S, googleKey: GOOGLE_KEY },
    );
  });
});
