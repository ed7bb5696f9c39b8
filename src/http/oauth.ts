/**
 * OAuth mode at the HTTP edge: this server is a resource server (RFC 9728 metadata, RFC 6750 bearer
 * tokens, RFC 8707 audiences). Access tokens are JWTs checked with `jose` against their issuer's keys,
 * found through the issuer's metadata and cached (an unknown key id fetches the key set again, once per
 * cooldown). A token is taken only from a configured issuer, for exactly this server's URL, within its
 * validity (a minute's skew), signed with an asymmetric algorithm; an opaque token is introspected
 * (introspection.ts) when that is configured. The roles it grants come from its
 * scopes (or a roles claim), each role including those below it. The token itself never goes upstream.
 */
import {
  type AuthInfo,
  type OAuthProtectedResourceMetadata,
  OAuthError,
  OAuthErrorCode,
  type OAuthTokenVerifier,
  getOAuthProtectedResourceMetadataUrl,
} from "@modelcontextprotocol/server";
import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, jwtVerify } from "jose";
import type { AuthorizationServers } from "../api/authorization-servers.js";
import { introspect } from "./introspection.js";
import type { TokenUser } from "../live/principal.js";
import { type OAuthConfig, ROLES } from "../config/oauth.js";

/** Signature algorithms a token may use: asymmetric only (`none` and shared secrets never verify). */
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
const CLOCK_SKEW_SECONDS = 60;
/** How long before an unknown key id may fetch an issuer's key set again. */
const JWKS_COOLDOWN_MS = 30_000;

const invalid = (message: string) => new OAuthError(OAuthErrorCode.InvalidToken, message);

/** The scopes a token's scope or roles claims grant, each role's implied ones added. */
function grantedScopes(payload: JWTPayload, config: OAuthConfig): string[] {
  const words = (value: unknown): string[] =>
    typeof value === "string" ? value.split(" ") : Array.isArray(value) ? value.map(String) : [];
  const held = new Set([
    ...words(payload.scope),
    ...words(payload.scp),
    ...(config.rolesClaim ? words(payload[config.rolesClaim]) : []),
  ]);
  const top = ROLES.findLastIndex((role) => held.has(config.scopes[role]));
  return ROLES.slice(0, top + 1).map((role) => config.scopes[role]);
}

function userOf(issuer: string, payload: JWTPayload): TokenUser {
  const subject = payload.sub ?? "";
  const named = [payload.email, payload.preferred_username, payload.name].find((v) => typeof v === "string");
  return { principal: `${issuer}#${subject}`, name: (named as string | undefined) ?? subject };
}

export class JwtVerifier implements OAuthTokenVerifier {
  private readonly keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

  constructor(
    private readonly config: OAuthConfig,
    private readonly servers: AuthorizationServers,
  ) {}

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      const { introspection } = this.config;
      if (!introspection) throw invalid("The access token is not a JWT");
      return this.authInfo(token, await introspect(token, introspection, this.config, this.servers));
    }
    const issuer = this.config.issuers.find((i) => i === unverified.iss);
    if (!issuer)
      throw invalid("The access token was issued by an authorization server this server does not trust");
    const keys = await this.keysOf(issuer);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience: this.config.resourceUrl.href,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ["exp", "sub"],
      }));
    } catch (error) {
      throw invalid(`The access token was refused: ${reasonOf(error)}`);
    }
    // Issued for this server alone: a token also meant for another resource could be replayed here by it.
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audiences.length !== 1) throw invalid("The access token names other audiences besides this server");
    return this.authInfo(token, { ...payload, iss: issuer });
  }

  /** What the SDK hands MCP of a checked token: its scopes as roles, and the person it names. */
  private authInfo(token: string, claims: JWTPayload & { iss: string }): AuthInfo {
    return {
      token,
      clientId: String(claims.client_id ?? claims.azp ?? ""),
      scopes: grantedScopes(claims, this.config),
      expiresAt: claims.exp,
      resource: this.config.resourceUrl,
      extra: { user: userOf(claims.iss, claims) },
    };
  }

  private keysOf(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
    let keys = this.keySets.get(issuer);
    if (!keys) {
      keys = this.servers.jwksUriOf(issuer).then((uri) => {
        if (!uri)
          throw new OAuthError(
            OAuthErrorCode.ServerError,
            `The authorization server ${issuer} publishes no metadata naming itself with a jwks_uri`,
          );
        return createRemoteJWKSet(uri, { cooldownDuration: JWKS_COOLDOWN_MS });
      });
      // A failed discovery is tried again by the next request, not remembered.
      keys.catch(() => this.keySets.delete(issuer));
      this.keySets.set(issuer, keys);
    }
    return keys;
  }
}

/** Why jose refused a token, in words for the 401 (never the token itself). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return "it is not valid yet";
    if (error.claim === "aud") return "it was issued for another resource, not this server";
    return `its '${error.claim}' claim is not acceptable`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return "it is signed with an algorithm this server does not accept";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of its issuer matches its key id";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not verify";
  return "it is malformed";
}

/** RFC 9728 metadata: where clients learn which authorization servers issue tokens for this server. */
export function protectedResourceMetadata(config: OAuthConfig): OAuthProtectedResourceMetadata {
  return {
    resource: config.resourceUrl.href,
    authorization_servers: [...config.issuers],
    scopes_supported: ROLES.map((role) => config.scopes[role]),
    bearer_methods_supported: ["header"],
    resource_name: "migrate-mcp (CloudM Migrate)",
  };
}

/** Both places a client may look: the origin's well-known path, and it suffixed with the resource's path. */
export function metadataPaths(config: OAuthConfig): string[] {
  return [
    "/.well-known/oauth-protected-resource",
    new URL(getOAuthProtectedResourceMetadataUrl(config.resourceUrl)).pathname,
  ];
}

export const metadataUrlOf = (config: OAuthConfig): string =>
  getOAuthProtectedResourceMetadataUrl(config.resourceUrl);
