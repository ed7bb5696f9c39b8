/**
 * OAuth mode end to end: the built server over HTTP as a resource server for a test authorization
 * server (its metadata and keys on 127.0.0.1, tokens signed by `jose`). Discovery, every bad token
 * refused with 401, roles from scopes (what tools/list shows, 403 insufficient_scope naming the scope
 * to step up to), sessions and confirmations bound to the person, and the audit naming them.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedHttpServer, spawnOAuthServer } from "../helpers/http-server.js";
import { modernHttp, rawModern } from "../helpers/modern.js";
import { startTestIssuer, type TestIssuer } from "../helpers/oauth-issuer.js";

const READ = "migrate:read";
const OPERATE = "migrate:operate";

let server: SpawnedHttpServer;
let issuer: TestIssuer;
let resource: string;

beforeAll(async () => {
  ({ server, issuer, resource } = await spawnOAuthServer(startTestIssuer, (started) => ({
    MIGRATE_MCP_INTROSPECTION_URL: `${started.issuer}/introspect`,
    MIGRATE_MCP_INTROSPECTION_CLIENT_ID: started.introspectionClient.id,
    MIGRATE_MCP_INTROSPECTION_CLIENT_SECRET: started.introspectionClient.secret,
  })));
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await issuer?.close();
});

/** One JSON-RPC POST as any client sends it; SSE answers are read for their one message. */
async function post(token: string | undefined, body: unknown, sessionId?: string) {
  const answer = await request(resource, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(sessionId ? { "mcp-session-id": sessionId } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await answer.body.text();
  const data = /^data: (.*)$/m.exec(text)?.[1] ?? text;
  return {
    status: answer.statusCode,
    challenge: String(answer.headers["www-authenticate"] ?? ""),
    json: data ? (JSON.parse(data) as Record<string, unknown>) : undefined,
  };
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

async function connectAs(token: string): Promise<Client> {
  return server.connect({ token });
}

const sessionOf = (client: Client) => (client.transport as StreamableHTTPClientTransport).sessionId ?? "";

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

describe("discovery", () => {
  it("publishes its protected-resource metadata at both well-known places", async () => {
    for (const path of [
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/mcp",
    ]) {
      const answer = await request(new URL(path, resource));
      expect(answer.statusCode, path).toBe(200);
      expect(await answer.body.json()).toMatchObject({
        resource,
        authorization_servers: [issuer.issuer],
        scopes_supported: [READ, OPERATE, "migrate:admin"],
      });
    }
  });

  it("answers a request without a token 401, pointing to the metadata and every scope to ask for", async () => {
    const refused = await post(undefined, initialize);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toMatch(/^Bearer /);
    expect(refused.challenge).toContain(
      `resource_metadata="http://127.0.0.1:${new URL(resource).port}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(refused.challenge).toContain(`scope="${READ} ${OPERATE} migrate:admin"`);
  });
});

describe("bad tokens", () => {
  const cases: Array<[string, () => Promise<string> | string]> = [
    ["issued for another resource", () => issuer.mint({ scope: READ, aud: "https://other.example/mcp" })],
    [
      "also issued for another resource",
      () => issuer.mint({ scope: READ, aud: [resource, "https://other.example/mcp"] }),
    ],
    [
      "from an issuer this server does not trust",
      () => issuer.mint({ scope: READ, iss: "https://evil.example" }),
    ],
    ["expired", () => issuer.mint({ scope: READ, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ["not valid yet", () => issuer.mint({ scope: READ, nbf: Math.floor(Date.now() / 1000) + 3600 })],
    ["unsigned (alg none)", () => issuer.mintUnsigned({ scope: READ })],
    ["signed with a shared secret (HS256)", () => issuer.mintSymmetric({ scope: READ })],
    [
      "signed with a key its issuer never published",
      () => issuer.mint({ scope: READ }, { kid: "unknown-key" }),
    ],
    ["that is opaque and unknown to its issuer", () => "opaque-token-nobody-issued"],
    ["that is opaque and no longer active", () => issuer.mintOpaque({ scope: READ, active: false })],
    [
      "that is opaque and issued for another resource",
      () => issuer.mintOpaque({ scope: READ, aud: "https://other.example/mcp" }),
    ],
  ];
  for (const [what, token] of cases)
    it(`refuses a token ${what} with 401 invalid_token`, async () => {
      const refused = await post(await token(), initialize);
      expect(refused.status, what).toBe(401);
      expect(refused.challenge).toContain('error="invalid_token"');
      expect(refused.challenge).toContain("resource_metadata=");
    });

  it("refuses a valid token that grants no role with 403 insufficient_scope naming the read scope", async () => {
    const refused = await post(await issuer.mint({ scope: "openid profile" }), initialize);
    expect(refused.status).toBe(403);
    expect(refused.challenge).toContain('error="insufficient_scope"');
    expect(refused.challenge).toContain(`scope="${READ}"`);
  });
});

describe("opaque tokens", () => {
  it("takes an active one its issuer vouches for (RFC 7662), with the roles it grants", async () => {
    const reader = await connectAs(
      issuer.mintOpaque({ scope: READ, sub: "carol", email: "carol@example.com" }),
    );
    const names = (await reader.listTools()).tools.map((t) => t.name);
    expect(names).toContain("whoami");
    expect(names).not.toContain("stop_migration");
  });

  it("asks the introspection endpoint again when it answers 503 once", async () => {
    const token = issuer.mintOpaque({ scope: READ, sub: "dave" });
    const before = issuer.introspections();
    issuer.failIntrospections(1);
    expect((await post(token, initialize)).status).toBe(200);
    expect(issuer.introspections() - before).toBe(2);
  });

  it("refuses the request, naming the setting to check, when introspection keeps failing", async () => {
    const token = issuer.mintOpaque({ scope: READ, sub: "erin" });
    issuer.failIntrospections(10);
    const refused = await post(token, initialize);
    issuer.failIntrospections(0);
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(refused.json)).toContain(
      "Token introspection answered HTTP 503: check MIGRATE_MCP_INTROSPECTION_URL and its client",
    );
    expect(JSON.stringify(refused.json)).not.toContain(token);
  });
});

describe("roles from scopes", () => {
  it("shows a reader only the read tools, and refuses stop_migration with 403 naming migrate:operate", async () => {
    const token = await issuer.mint({ scope: READ, sub: "reader", email: "reader@example.com" });
    const reader = await connectAs(token);
    const { tools } = await reader.listTools();
    expect(tools.length).toBeGreaterThan(10);
    // Read tools only, and call_api, whose GETs read (its other methods need migrate:admin).
    expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([
      "call_api",
    ]);
    expect(tools.map((t) => t.name)).not.toContain("stop_migration");
    const stop = await post(
      token,
      {
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "stop_migration", arguments: { configurationId: "x" } },
      },
      sessionOf(reader),
    );
    expect(stop.status).toBe(403);
    expect(stop.challenge).toContain('error="insufficient_scope"');
    expect(stop.challenge).toContain(`scope="${OPERATE}"`);
    expect((await call(reader, "whoami")).isError).toBeFalsy();
  });

  it("lets an operator start and stop but not delete, and an admin (who can operate too) see everything", async () => {
    const operator = await connectAs(await issuer.mint({ scope: OPERATE, sub: "operator" }));
    const names = (await operator.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["start_migration", "stop_migration", "whoami"]));
    expect(names).not.toContain("delete_project");
    const admin = await connectAs(await issuer.mint({ scope: "migrate:admin", sub: "admin" }));
    const all = (await admin.listTools()).tools.map((t) => t.name);
    expect(all).toEqual(expect.arrayContaining(["delete_project", "start_migration", "whoami"]));
  });
});

describe("a principal is a person", () => {
  it("keeps each person's session and confirmations their own, and the audit names who acted", async () => {
    const aliceToken = await issuer.mint({ scope: OPERATE, sub: "alice", email: "alice@example.com" });
    const bobToken = await issuer.mint({ scope: OPERATE, sub: "bob", email: "bob@example.com" });
    const alice = await connectAs(aliceToken);
    const bob = await connectAs(bobToken);
    // Bob holding Alice's session id gets nothing of it.
    const borrowed = await post(
      bobToken,
      { jsonrpc: "2.0", id: 3, method: "tools/list", params: {} },
      sessionOf(alice),
    );
    expect(borrowed.status).toBe(404);
    const { projects } = (await call(alice, "list_projects")).structuredContent as {
      projects: Array<{ projectId: string }>;
    };
    const { batches } = (await call(alice, "get_project", { projectId: projects[0]?.projectId }))
      .structuredContent as { batches: Array<{ configurationId: string }> };
    const args = { configurationId: batches[0]?.configurationId, mode: "StartMigration" };
    const preview = (await call(alice, "start_migration", args)).structuredContent as {
      confirmationToken: string;
    };
    const stolen = await call(bob, "start_migration", {
      ...args,
      confirmationToken: preview.confirmationToken,
    });
    expect(stolen.isError).toBe(true);
    const done = await call(alice, "start_migration", {
      ...args,
      confirmationToken: preview.confirmationToken,
    });
    expect(done.isError, JSON.stringify(done.content)).toBeFalsy();
    await expect
      .poll(() => server.stderr())
      .toMatch(/"event":"confirmed_action".*"user":"alice@example.com"/);
    expect(server.stderr()).not.toContain(aliceToken);
    expect(server.stderr()).not.toContain(bobToken);
  });
});

describe("the 2026-07-28 era", () => {
  const TASK_CALLER = { extensions: { "io.modelcontextprotocol/tasks": {} }, elicitation: { form: {} } };
  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it("shows a reader only what it may call, and refuses stop_migration with 403", async () => {
    const token = await issuer.mint({ scope: READ, sub: "reader-2026" });
    const reader = await modernHttp(resource, { token });
    const names = (await reader.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("whoami");
    expect(names).not.toContain("stop_migration");
    await reader.close();
    const stop = await rawModern(
      resource,
      "tools/call",
      { name: "stop_migration", arguments: { configurationId: "x" } },
      as(token),
    );
    expect(stop.status).toBe(403);
  });

  it("keeps a person's task their own: another can neither read nor cancel it", async () => {
    const alice = await issuer.mint({ scope: OPERATE, sub: "alice-2026", email: "alice@example.com" });
    const bob = await issuer.mint({ scope: OPERATE, sub: "bob-2026" });
    const session = await modernHttp(resource, { token: alice });
    const { projects } = (await session.call("list_projects")).structuredContent as {
      projects: Array<{ projectId: string }>;
    };
    const { batches } = (await session.call("get_project", { projectId: projects[0]?.projectId }))
      .structuredContent as { batches: Array<{ configurationId: string }> };
    await session.close();
    const call = (extra: Record<string, unknown> = {}) =>
      rawModern(
        resource,
        "tools/call",
        {
          name: "start_migration",
          arguments: { configurationId: batches[1]?.configurationId, mode: "CheckUsersOnly" },
          ...extra,
        },
        { capabilities: TASK_CALLER, ...as(alice) },
      );
    const asked = await call();
    const created = await call({
      requestState: asked.body.result?.requestState,
      inputResponses: { confirm: { action: "accept", content: { confirm: true } } },
    });
    const taskId = created.body.result?.taskId as string;
    expect(taskId, JSON.stringify(created.body)).toBeTruthy();
    const task = (method: string, token: string) =>
      rawModern(
        resource,
        method,
        { taskId },
        { capabilities: TASK_CALLER, headers: { ...as(token).headers, "mcp-name": taskId } },
      );
    expect((await task("tasks/get", alice)).body.result).toMatchObject({ taskId });
    expect((await task("tasks/get", bob)).body.error).toBeDefined();
    expect((await task("tasks/cancel", bob)).body.error).toBeDefined();
    expect((await task("tasks/get", alice)).body.result).toMatchObject({ taskId });
  });
});
