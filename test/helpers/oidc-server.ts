/**
 * A real OAuth authorization server for tests: `oidc-provider` on 127.0.0.1, issuing JWT access tokens
 * (RS256) for one resource (RFC 8707) to one public client that must use PKCE. Its users sign in
 * without forms: the interaction route logs in the user the request names and consents to the scopes
 * that user may hold, refusing the rest, as a login page and consent screen would. `signIn` is the
 * user's browser: it follows an authorization URL through the server's redirects, keeping cookies,
 * until the server sends it back to the client's redirect URI.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import { errors, type Interaction, Provider } from "oidc-provider";

export const TEST_USERS = {
  alice: { email: "alice@example.com", scopes: ["migrate:read", "migrate:operate"] },
  bob: { email: "bob@example.com", scopes: ["migrate:read"] },
} as const;
export type TestUser = keyof typeof TEST_USERS;

/** Every scope the resource knows; a user's consent grants those of them the user may hold. */
const RESOURCE_SCOPES = "migrate:read migrate:operate migrate:admin";
/** The header by which `signIn` says who is signing in: the test's stand-in for a login form. */
const USER_HEADER = "x-test-user";
const MAX_REDIRECTS = 10;
/** Longer than any test; a fixed lifetime for everything the server issues. */
const TTL_SECONDS = 600;

export interface OidcServer {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Follows `authorizationUrl` as `user`'s browser would; the redirect back to the client, with its code. */
  signIn: (authorizationUrl: URL, user: TestUser) => Promise<URL>;
  close: () => Promise<void>;
}

const isTestUser = (name: unknown): name is TestUser =>
  typeof name === "string" && Object.hasOwn(TEST_USERS, name);

/** The user's answer to one interaction: who they are, or which of the missing scopes they grant. */
async function interact(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const user = req.headers[USER_HEADER];
  if (!isTestUser(user)) {
    res.writeHead(400).end(`name the user signing in in ${USER_HEADER}`);
    return;
  }
  const interaction = await provider.interactionDetails(req, res);
  if (interaction.prompt.name === "login")
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: user } },
      { mergeWithLastSubmission: false },
    );
  const grantId = await consent(provider, interaction, TEST_USERS[user].scopes);
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function consent(provider: Provider, interaction: Interaction, allowed: readonly string[]) {
  const { details } = interaction.prompt;
  const grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
    new provider.Grant({
      accountId: interaction.session?.accountId ?? "",
      clientId: interaction.params.client_id,
    });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    const granted = scopes.filter((s) => allowed.includes(s));
    const refused = scopes.filter((s) => !allowed.includes(s));
    if (granted.length) grant.addResourceScope(resource, granted.join(" "));
    if (refused.length) grant.rejectResourceScope(resource, refused.join(" "));
  }
  return grant.save();
}

/** Cookies by name, as one browser keeps them for one server (paths and expiry do not matter here). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** An authorization server issuing access tokens for `resource` (the MCP server's URL, their audience). */
export async function startOidcServer(resource: string): Promise<OidcServer> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: "oidc-test-key", alg: "RS256", use: "sig" };
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "migrate-mcp-test";
  // Never fetched: the browser stops when the server sends it there.
  const redirectUri = "http://127.0.0.1/oauth/callback";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: "native",
        token_endpoint_auth_method: "none",
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["oidc-test-cookie-key"] },
    findAccount: async (_ctx, id) =>
      isTestUser(id)
        ? { accountId: id, claims: () => ({ sub: id, email: TEST_USERS[id].email }) }
        : undefined,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: TTL_SECONDS,
      AuthorizationCode: TTL_SECONDS,
      Grant: TTL_SECONDS,
      Interaction: TTL_SECONDS,
      Session: TTL_SECONDS,
    },
    // The audit names the person: their email goes into every access token.
    extraTokenClaims: async (_ctx, token) =>
      isTestUser(token.accountId) ? { email: TEST_USERS[token.accountId].email } : {},
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: RESOURCE_SCOPES,
            audience: resource,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
  });
  const serveProvider = provider.callback();
  handle = (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return serveProvider(req, res);
    interact(provider, req, res).catch((error: unknown) => {
      res.writeHead(500).end(`interaction failed: ${(error as Error).message}`);
    });
  };

  return {
    issuer,
    clientId,
    redirectUri,
    signIn: async (authorizationUrl, user) => {
      const jar = new CookieJar();
      let next = authorizationUrl;
      for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
        if (next.href.startsWith(`${redirectUri}?`)) return next;
        const answer = await fetch(next, {
          redirect: "manual",
          headers: { cookie: jar.header(), [USER_HEADER]: user },
        });
        jar.keep(answer.headers.getSetCookie());
        const location = answer.headers.get("location");
        if (!location)
          throw new Error(
            `${next.pathname} answered ${answer.status}, not a redirect: ${await answer.text()}`,
          );
        await answer.body?.cancel();
        next = new URL(location, next);
      }
      throw new Error(`signing in as ${user} took over ${MAX_REDIRECTS} redirects`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
