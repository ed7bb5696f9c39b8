/**
 * The OAuth authorization servers the HTTP transport trusts, asked through the one HTTP layer (a
 * timeout per attempt, retries of what is safe, a size cap): where an issuer publishes its signing
 * keys (RFC 8414, or OpenID Connect discovery), and what it says of an opaque token (RFC 7662). What
 * their answers mean for a request is decided at the edge (src/http/oauth.ts, introspection.ts).
 */
import type { Logger } from "pino";
import { z } from "zod";
import { HttpClient } from "./http.js";

const PROVIDER = "authorization server";
/** A sign-in waits on these: an authorization server that does not answer fails the request soon. */
const TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

const metadata = z.looseObject({ issuer: z.unknown(), jwks_uri: z.unknown() });
const introspection = z.looseObject({});

/** RFC 8414 puts the well-known segment before the issuer's path; OpenID Connect appends it. */
function metadataUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin),
    new URL(`${path}/.well-known/openid-configuration`, url.origin),
  ];
}

export class AuthorizationServers {
  private readonly clients = new Map<string, HttpClient>();

  constructor(private readonly logger: Logger) {}

  /** The key set URL an issuer's metadata names, when metadata naming that issuer is found. */
  async jwksUriOf(issuer: string, signal?: AbortSignal): Promise<URL | undefined> {
    for (const place of metadataUrls(issuer)) {
      const found = await this.clientFor(place)
        .json({ method: "GET", path: place.pathname, signal }, metadata)
        .catch(() => undefined);
      if (found?.issuer === issuer && typeof found.jwks_uri === "string") return new URL(found.jwks_uri);
    }
    return undefined;
  }

  /**
   * What the introspection endpoint says of a token, asked with this server's client credentials.
   * Asking changes nothing, so a failed attempt is retried like a read. Throws the HTTP layer's errors.
   */
  introspect(
    token: string,
    endpoint: { url: URL; clientId: string; clientSecret: string },
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const credentials = Buffer.from(
      `${encodeURIComponent(endpoint.clientId)}:${encodeURIComponent(endpoint.clientSecret)}`,
    ).toString("base64");
    return this.clientFor(endpoint.url).json(
      {
        method: "POST",
        path: `${endpoint.url.pathname}${endpoint.url.search}`,
        form: new URLSearchParams({ token, token_type_hint: "access_token" }),
        headers: { accept: "application/json", authorization: `Basic ${credentials}` },
        idempotent: true,
        signal,
      },
      introspection,
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }

  private clientFor(url: URL): HttpClient {
    let client = this.clients.get(url.origin);
    if (!client) {
      client = new HttpClient({
        provider: PROVIDER,
        baseUrl: url.origin,
        timeoutMs: TIMEOUT_MS,
        maxResponseBytes: MAX_ANSWER_BYTES,
        // A person's request waits on this: one more try, soon, then the request is refused.
        retry: { maxRetries: 1, baseDelayMs: 100 },
        logger: this.logger,
        parseErrorBody: () => ({}),
      });
      this.clients.set(url.origin, client);
    }
    return client;
  }
}
