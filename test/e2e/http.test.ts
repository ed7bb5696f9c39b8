/**
 * The Streamable HTTP transport end to end: the built server spawned with --transport http, real SDK
 * clients over HTTP; sessions, confirmation isolation, security checks, limits and shutdown.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { once } from "node:events";
import { connect } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import { runToExit } from "../helpers/mcp.js";

const TOKEN = "t".repeat(40);
let server: SpawnedHttpServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;
const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

async function demoBatch(client: Client): Promise<string> {
  const projects = (await call(client, "list_projects")).structuredContent as {
    projects: Array<{ projectId: string }>;
  };
  const project = (await call(client, "get_project", { projectId: projects.projects[0]?.projectId }))
    .structuredContent as {
    batches: Array<{ configurationId: string }>;
  };
  return project.batches[0]?.configurationId ?? "";
}

/** Starts the demo batch through the token path (these clients cannot elicit); returns its id. */
async function startDemoRun(client: Client): Promise<string> {
  const configurationId = await demoBatch(client);
  const args = { configurationId, mode: "StartMigration" };
  const preview = (await call(client, "start_migration", args)).structuredContent as {
    confirmationToken: string;
  };
  await call(client, "start_migration", { ...args, confirmationToken: preview.confirmationToken });
  return configurationId;
}

describe("sessions", () => {
  it("runs the lifecycle over HTTP with elicitation", async () => {
    server = await spawnHttpServer();
    const client = await server.connect({ elicit: () => ({ action: "accept", content: { confirm: true } }) });
    expect(text(await call(client, "whoami"))).toContain("SIMULATOR");
    const configurationId = await demoBatch(client);
    expect(
      (await call(client, "start_migration", { configurationId, mode: "StartMigration" })).structuredContent,
    ).toMatchObject({ status: "done" });
    const waited = await call(client, "wait_for_migration", { configurationId, waitSeconds: 45 });
    expect(waited.structuredContent).toMatchObject({ finished: true, state: "Completed" });
    const report = await call(client, "get_report", { configurationId, reportType: "MigrationSummary" });
    expect(report.isError).toBeFalsy();
  });

  it("keeps confirmations per session: one session's token is refused in another", async () => {
    server = await spawnHttpServer();
    const [alice, bob] = [await server.connect(), await server.connect()];
    const configurationId = await demoBatch(alice);
    const args = { configurationId, mode: "CheckUsersOnly" };
    const alicePreview = (await call(alice, "start_migration", args)).structuredContent as {
      confirmationToken: string;
    };
    const bobPreview = (await call(bob, "start_migration", args)).structuredContent as {
      confirmationToken: string;
    };
    expect(alicePreview.confirmationToken).not.toBe(bobPreview.confirmationToken);
    const stolen = await call(bob, "start_migration", {
      ...args,
      confirmationToken: alicePreview.confirmationToken,
    });
    expect(stolen.isError).toBe(true);
    expect(text(stolen)).toContain("another session");
    const own = await call(alice, "start_migration", {
      ...args,
      confirmationToken: alicePreview.confirmationToken,
    });
    expect(own.structuredContent).toMatchObject({ status: "done" });
  });

  it("serves statelessly on request, with POST only", async () => {
    server = await spawnHttpServer(["--stateless"]);
    const client = await server.connect();
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    expect((await call(client, "whoami")).isError).toBeFalsy();
    const get = await request(server.url, { method: "GET", headers: { accept: "text/event-stream" } });
    await get.body.dump();
    expect(get.statusCode).toBe(405);
  });
});

describe("security", () => {
  it("refuses a missing or wrong bearer token with 401 and WWW-Authenticate", async () => {
    server = await spawnHttpServer([], { MIGRATE_MCP_TOKEN: TOKEN });
    for (const authorization of [undefined, `Bearer ${"x".repeat(40)}`]) {
      const r = await request(server.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }),
      });
      expect(r.statusCode).toBe(401);
      expect(r.headers["www-authenticate"]).toContain("Bearer");
      expect(await r.body.text()).not.toContain(TOKEN);
    }
    const client = await server.connect({ token: TOKEN });
    expect((await call(client, "whoami")).isError).toBeFalsy();
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it("refuses a foreign Origin and a foreign Host", async () => {
    server = await spawnHttpServer();
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} });
    const base = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const origin = await request(server.url, {
      method: "POST",
      headers: { ...base, origin: "https://evil.example" },
      body,
    });
    expect(origin.statusCode).toBe(403);
    expect(await origin.body.text()).toContain("Origin");
    const host = await request(server.url, {
      method: "POST",
      headers: { ...base, host: "evil.example" },
      body,
    });
    expect(host.statusCode).toBe(403);
    expect(await host.body.text()).toContain("DNS-rebinding");
  });

  it("answers a malformed request with 400, not 500: an absolute-form target, JSON nested 10,000 deep", async () => {
    server = await spawnHttpServer();
    const { host, port } = new URL(server.url);
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
    socket.end(
      `POST http://evil.example/mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    let raw = "";
    for await (const chunk of socket) raw += String(chunk);
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain("must be a path");

    const deep = await request(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    });
    expect(deep.statusCode).toBe(400);
    expect(await deep.body.text()).toContain("nests deeper than");
  });

  it("answers /healthz with only ok, and only to an allowed Host", async () => {
    server = await spawnHttpServer();
    const healthz = server.url.replace(/\/mcp$/, "/healthz");
    const ok = await request(healthz);
    expect(ok.statusCode).toBe(200);
    expect(await ok.body.text()).toBe("ok");
    const foreign = await request(healthz, { headers: { host: "evil.example" } });
    expect(foreign.statusCode).toBe(403);
    expect(await foreign.body.text()).toContain("DNS-rebinding");
  });

  it("will not bind beyond loopback without a token", async () => {
    const { code, stderr } = await runToExit([
      "--demo",
      "--transport",
      "http",
      "--host",
      "0.0.0.0",
      "--port",
      "0",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("MIGRATE_MCP_TOKEN");
  });
});

const WIRE_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** One raw POST to a 2025 session (or, without one, to a --stateless endpoint) at `revision`. */
async function postAt(url: string, revision: string, message: unknown, sessionId?: string) {
  const r = await request(url, {
    method: "POST",
    headers: {
      ...WIRE_HEADERS,
      "mcp-protocol-version": revision,
      ...(sessionId ? { "mcp-session-id": sessionId } : {}),
    },
    body: JSON.stringify(message),
  });
  return { status: r.statusCode, text: await r.body.text() };
}

/** Opens a 2025 session on the wire, negotiating `revision`; its id. */
async function rawSession(url: string, revision: string): Promise<string> {
  const init = await request(url, {
    method: "POST",
    headers: WIRE_HEADERS,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: revision, capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    }),
  });
  const answer = await init.body.text();
  expect(answer).toContain(`"protocolVersion":"${revision}"`);
  const sessionId = String(init.headers["mcp-session-id"]);
  await postAt(url, revision, { jsonrpc: "2.0", method: "notifications/initialized" }, sessionId);
  return sessionId;
}

/** `count` whoami calls in one JSON-RPC batch. */
const whoamiBatch = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    jsonrpc: "2.0",
    id: i + 1,
    method: "tools/call",
    params: { name: "whoami", arguments: {} },
  }));

/** The JSON-RPC error of a refusal answered as plain JSON. */
const rpcErrorOf = (body: string) => (JSON.parse(body) as { error: { code: number; message: string } }).error;

describe("JSON-RPC batches", () => {
  it("refuses a batch on a 2025-06-18 or later session with 400 -32600, runs none of it, and keeps serving", async () => {
    server = await spawnHttpServer();
    for (const revision of ["2025-11-25", "2025-06-18"]) {
      const sessionId = await rawSession(server.url, revision);
      const batch = await postAt(server.url, revision, whoamiBatch(40), sessionId);
      expect(batch.status).toBe(400);
      const error = rpcErrorOf(batch.text);
      expect(error.code).toBe(-32600);
      expect(error.message).toContain(`batches are not supported in protocol revision ${revision}`);
      expect(error.message).toContain("one message per POST");
      const single = await postAt(server.url, revision, whoamiBatch(1)[0], sessionId);
      expect(single.status).toBe(200);
      expect(single.text).toContain("SIMULATOR");
    }
  });

  it("refuses a batch on a --stateless endpoint by the revision the request names", async () => {
    server = await spawnHttpServer(["--stateless"]);
    const batch = await postAt(server.url, "2025-11-25", whoamiBatch(40));
    expect(batch.status).toBe(400);
    expect(rpcErrorOf(batch.text)).toMatchObject({ code: -32600 });
  });

  it("counts every request of a batch against the in-flight limit on a 2025-03-26 session, which has batches", async () => {
    server = await spawnHttpServer([], { MIGRATE_MCP_MAX_IN_FLIGHT: "4" });
    const sessionId = await rawSession(server.url, "2025-03-26");
    const tooMany = await postAt(server.url, "2025-03-26", whoamiBatch(40), sessionId);
    expect(tooMany.status).toBe(400);
    expect(rpcErrorOf(tooMany.text).message).toContain("MIGRATE_MCP_MAX_IN_FLIGHT");
    const fits = await postAt(server.url, "2025-03-26", whoamiBatch(2), sessionId);
    expect(fits.status).toBe(200);
    expect(fits.text.match(/"result"/g)).toHaveLength(2);
  });
});

describe("limits and shutdown", () => {
  it("answers an oversized body and too many calls in flight with JSON-RPC errors, and keeps serving", async () => {
    server = await spawnHttpServer([], {
      MIGRATE_MCP_MAX_BODY_BYTES: "2000",
      MIGRATE_MCP_MAX_IN_FLIGHT: "1",
      MIGRATE_MCP_SIMULATOR_SPEED: "1",
    });
    const big = await request(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { padding: "x".repeat(5000) },
      }),
    });
    expect(big.statusCode).toBe(413);
    expect(((await big.body.json()) as { error: { message: string } }).error.message).toContain(
      "MIGRATE_MCP_MAX_BODY_BYTES",
    );

    const client = await server.connect();
    const configurationId = await startDemoRun(client);
    const waiting = call(client, "wait_for_migration", { configurationId, waitSeconds: 3 });
    await new Promise((r) => setTimeout(r, 300));
    await expect(call(client, "whoami")).rejects.toThrow(/in flight/);
    expect((await waiting).isError).toBeFalsy();
    expect((await call(client, "whoami")).isError).toBeFalsy();
  });

  it("caps 2025 sessions and closes idle ones, but never one with a call running", async () => {
    server = await spawnHttpServer([], {
      MIGRATE_MCP_MAX_SESSIONS: "2",
      MIGRATE_MCP_SESSION_IDLE_SECONDS: "1",
      MIGRATE_MCP_SIMULATOR_SPEED: "1",
    });
    const busy = await server.connect();
    const idle = await server.connect();
    await expect(server.connect()).rejects.toThrow(/MIGRATE_MCP_MAX_SESSIONS/);
    const configurationId = await startDemoRun(busy);
    // The wait outlasts the idle limit; its session stays, the other one is closed.
    const waited = await call(busy, "wait_for_migration", { configurationId, waitSeconds: 3 });
    expect(waited.isError).toBeFalsy();
    await expect(call(idle, "whoami")).rejects.toThrow(/session/i);
    expect((await call(busy, "whoami")).isError).toBeFalsy();
    // The closed session's place is free again.
    const next = await server.connect();
    expect((await call(next, "whoami")).isError).toBeFalsy();
  });

  it("on SIGTERM during wait_for_migration, answers the call and exits cleanly", async () => {
    server = await spawnHttpServer([], { MIGRATE_MCP_SIMULATOR_SPEED: "1" });
    const client = await server.connect();
    const configurationId = await startDemoRun(client);
    const waiting = call(client, "wait_for_migration", { configurationId, waitSeconds: 50 });
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    server.child.kill("SIGTERM");
    const result = await waiting;
    expect(result.structuredContent).toMatchObject({ finished: false });
    expect(text(result)).toContain("shutting down");
    const child = server.child;
    const [code] = (child.exitCode !== null ? [child.exitCode] : await once(child, "exit")) as [
      number | null,
    ];
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
