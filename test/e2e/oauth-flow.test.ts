/**
 * OAuth mode against a real authorization server: `oidc-provider` on 127.0.0.1 (test/helpers/
 * oidc-server.ts) issues the access tokens, and SDK v2 clients walk the whole flow for two people,
 * Alice (who may operate) and Bob (who may only read), in both protocol eras: the 401, discovery
 * (this server's metadata, then the authorization server's), the authorization code with PKCE, the
 * token, then calls. A call the token's scope does not cover is refused with 403 naming the scope; the
 * client steps up through the authorization server, which grants Alice the scope and refuses it to Bob.
 * Sessions answer only their opener, and the audit names the person, never their token.
 */
import { randomUUID } from "node:crypto";
import {
  type CallToolResult,
  Client,
  InsufficientScopeError,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthTokens,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from "@modelcontextprotocol/client";
import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedHttpServer, spawnOAuthServer } from "../helpers/http-server.js";
import { type OidcServer, startOidcServer, TEST_USERS, type TestUser } from "../helpers/oidc-server.js";

const READ = "migrate:read";
const OPERATE = "migrate:operate";

let server: SpawnedHttpServer;
let oidc: OidcServer;
let resource: string;
const clients: Client[] = [];
const oauthClients: TestOAuthClient[] = [];

beforeAll(async () => {
  ({ server, issuer: oidc, resource } = await spawnOAuthServer(startOidcServer));
}, 30_000);
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await server?.stop();
  await oidc?.close();
});

/**
 * An MCP host's OAuth state for one person, in memory: the pre-registered public client, the PKCE
 * verifier, discovery and tokens. Sending the person to the authorization URL is `oidc.signIn`, their
 * browser; the redirect back waits here, its `state` checked, for `finishAuth`.
 */
class TestOAuthClient implements OAuthClientProvider {
  /** Every authorization URL the SDK sent the person to, in order. */
  readonly authorizations: URL[] = [];
  /** Every token set the SDK saved, in order. */
  readonly issued: StoredOAuthTokens[] = [];
  private verifier = "";
  private discovery: OAuthDiscoveryState | undefined;
  private sentState = "";
  private callback: URL | undefined;

  constructor(readonly user: TestUser) {}

  get redirectUrl(): string {
    return oidc.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: `migrate-mcp tests (${this.user})`,
      redirect_uris: [oidc.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state(): string {
    this.sentState = randomUUID();
    return this.sentState;
  }

  clientInformation() {
    return { client_id: oidc.clientId };
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.issued.at(-1);
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    this.issued.push(tokens);
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.authorizations.push(authorizationUrl);
    this.callback = await oidc.signIn(authorizationUrl, this.user);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  /** The redirect back's parameters (its code and `iss`), for `finishAuth`; the SDK leaves `state` to us. */
  takeCallback(): URLSearchParams {
    const params = this.callback?.searchParams;
    this.callback = undefined;
    if (!params) throw new Error(`${this.user} was never sent back to the client`);
    expect(params.get("state")).toBe(this.sentState);
    return params;
  }

  /** The claims of the current access token, read (not verified: the server does that) to check them. */
  claims() {
    return decodeJwt(this.tokens()?.access_token ?? "");
  }
}

type Era = "2025-11-25" | "2026-07-28";

interface SignedIn {
  client: Client;
  transport: StreamableHTTPClientTransport;
  oauth: TestOAuthClient;
}

/**
 * A 2025 client is the SDK's default; a 2026 one probes (`auto`), so the era is what the server offers.
 * `throw` leaves a 403 to the caller instead of stepping up.
 */
function connectTo(oauth: TestOAuthClient, era: Era, onInsufficientScope?: "throw") {
  const transport = new StreamableHTTPClientTransport(new URL(resource), {
    authProvider: oauth,
    ...(onInsufficientScope ? { onInsufficientScope } : {}),
  });
  const client = new Client(
    { name: "oauth-flow-e2e", version: "1.0.0" },
    era === "2026-07-28" ? { versionNegotiation: { mode: "auto" } } : {},
  );
  clients.push(client);
  return { client, transport, connect: () => client.connect(transport) };
}

/** The whole flow: connect, get 401, discover, send the person to sign in, redeem the code, reconnect. */
async function signIn(user: TestUser, era: Era, onInsufficientScope?: "throw"): Promise<SignedIn> {
  const oauth = new TestOAuthClient(user);
  oauthClients.push(oauth);
  const first = connectTo(oauth, era, onInsufficientScope);
  await expect(first.connect()).rejects.toBeInstanceOf(UnauthorizedError);
  await first.transport.finishAuth(oauth.takeCallback());
  const signedIn = connectTo(oauth, era, onInsufficientScope);
  await signedIn.connect();
  return { client: signedIn.client, transport: signedIn.transport, oauth };
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name);

/** The names of the tools a client is shown that are not read-only. */
const changingTools = async (client: Client) =>
  (await client.listTools()).tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name);

/** A batch of the demo's project to start, found through read tools as a model would. */
async function someBatch(client: Client, index: number): Promise<string> {
  const { projects } = (await call(client, "list_projects")).structuredContent as {
    projects: Array<{ projectId: string }>;
  };
  const { batches } = (await call(client, "get_project", { projectId: projects[0]?.projectId }))
    .structuredContent as { batches: Array<{ configurationId: string }> };
  const batch = batches[index]?.configurationId;
  if (!batch) throw new Error(`the demo project has no batch ${index}`);
  return batch;
}

/** One raw JSON-RPC POST with a bearer token, in a 2025 session: what the SDK hides (the status, the challenge). */
async function post(token: string, sessionId: string, body: Record<string, unknown>) {
  const answer = await request(resource, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      authorization: `Bearer ${token}`,
      "mcp-session-id": sessionId,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, ...body }),
  });
  await answer.body.dump();
  return { status: answer.statusCode, challenge: String(answer.headers["www-authenticate"] ?? "") };
}

describe.each<{ era: Era; batch: number }>([
  { era: "2025-11-25", batch: 0 },
  { era: "2026-07-28", batch: 1 },
])("over $era", ({ era, batch }) => {
  let alice: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    alice = await signIn("alice", era);
    bob = await signIn("bob", era, "throw");
  });

  it("signs each person in through discovery from the 401, the authorization code with PKCE and the token", () => {
    for (const { client, oauth } of [alice, bob]) {
      expect(client.getNegotiatedProtocolVersion()).toBe(era);
      // Discovery: this server's metadata where the 401 pointed, then the authorization server's.
      expect(oauth.discoveryState()).toMatchObject({
        resourceMetadataUrl: `${new URL(resource).origin}/.well-known/oauth-protected-resource/mcp`,
        resourceMetadata: { resource, authorization_servers: [oidc.issuer] },
        authorizationServerUrl: oidc.issuer,
        authorizationServerMetadata: { issuer: oidc.issuer, code_challenge_methods_supported: ["S256"] },
      });
      const [authorization] = oauth.authorizations;
      expect(authorization?.origin).toBe(oidc.issuer);
      const params = authorization?.searchParams;
      expect(params?.get("client_id")).toBe(oidc.clientId);
      expect(params?.get("code_challenge_method")).toBe("S256");
      expect(params?.get("code_challenge")).toMatch(/^[\w-]{43}$/);
      expect(params?.get("resource")).toBe(resource);
      // What the 401 names: every role's scope; the authorization server grants what the person may hold.
      expect(params?.get("scope")).toBe(`${READ} ${OPERATE} migrate:admin`);
      const granted = TEST_USERS[oauth.user].scopes.join(" ");
      expect(oauth.tokens()).toMatchObject({ token_type: "Bearer", scope: granted, issuer: oidc.issuer });
      expect(oauth.claims()).toMatchObject({
        iss: oidc.issuer,
        aud: resource,
        sub: oauth.user,
        email: TEST_USERS[oauth.user].email,
        scope: granted,
      });
    }
  });

  it("shows Bob the read tools only, and refuses his stop_migration with 403 naming migrate:operate", async () => {
    // Read tools only, and call_api, whose GETs read.
    expect(await changingTools(bob.client)).toEqual(["call_api"]);
    expect((await call(bob.client, "list_projects")).isError).toBeFalsy();
    const refused = await call(bob.client, "stop_migration", { configurationId: "any" }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InsufficientScopeError);
    expect(refused).toMatchObject({
      requiredScope: OPERATE,
      errorDescription: `stop_migration needs the ${OPERATE} scope`,
    });
  });

  it("shows Alice the operate tools from her first sign-in, and she starts a migration on her confirmation", async () => {
    const configurationId = await someBatch(alice.client, batch);
    expect(await toolNames(alice.client)).toEqual(
      expect.arrayContaining(["start_migration", "stop_migration"]),
    );
    const args = { configurationId, mode: "StartMigration" };
    const preview = await call(alice.client, "start_migration", args);
    expect(preview.isError, JSON.stringify(preview.content)).toBeFalsy();
    const { confirmationToken } = preview.structuredContent as { confirmationToken: string };
    expect(confirmationToken).toEqual(expect.any(String));
    const done = await call(alice.client, "start_migration", { ...args, confirmationToken });
    expect(done.isError, JSON.stringify(done.content)).toBeFalsy();
    await expect
      .poll(() => server.stderr())
      .toMatch(
        new RegExp(
          `"event":"confirmed_action".*"configurationId\\\\":\\\\"${configurationId}.*"user":"alice@example.com","subject":"${oidc.issuer}#alice"`,
        ),
      );
  });

  it("lets Bob's client step up too, but the authorization server grants him no more than reading", async () => {
    const stepping = connectTo(bob.oauth, era);
    await stepping.connect();
    await expect(call(stepping.client, "stop_migration", { configurationId: "any" })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(bob.oauth.authorizations.at(-1)?.searchParams.get("scope")).toBe(`${READ} ${OPERATE}`);
    await stepping.transport.finishAuth(bob.oauth.takeCallback());
    expect(bob.oauth.claims()).toMatchObject({ sub: "bob", scope: READ });
    expect(await changingTools(stepping.client)).toEqual(["call_api"]);
  });
});

describe("2025-11-25 sessions", () => {
  it("answer only the person who opened them", async () => {
    const alice = await signIn("alice", "2025-11-25");
    const bob = await signIn("bob", "2025-11-25");
    const aliceToken = alice.oauth.tokens()?.access_token ?? "";
    const bobToken = bob.oauth.tokens()?.access_token ?? "";
    const aliceSession = alice.transport.sessionId ?? "";
    const bobSession = bob.transport.sessionId ?? "";
    const list = { method: "tools/list", params: {} };
    expect((await post(aliceToken, aliceSession, list)).status).toBe(200);
    expect((await post(bobToken, bobSession, list)).status).toBe(200);
    expect((await post(bobToken, aliceSession, list)).status).toBe(404);
    expect((await post(aliceToken, bobSession, list)).status).toBe(404);
    // Bob's 403 is the server's own, before anything is read upstream.
    const stop = await post(bobToken, bobSession, {
      method: "tools/call",
      params: { name: "stop_migration", arguments: { configurationId: "any" } },
    });
    expect(stop.status).toBe(403);
    expect(stop.challenge).toContain('error="insufficient_scope"');
    expect(stop.challenge).toContain(`scope="${OPERATE}"`);
  });
});

describe("the server's log", () => {
  it("holds none of the access tokens it was shown", () => {
    const tokens = oauthClients.flatMap((o) => o.issued.map((t) => t.access_token));
    expect(tokens.length).toBeGreaterThanOrEqual(oauthClients.length);
    const log = server.stderr();
    for (const token of tokens) expect(log).not.toContain(token);
  });
});
