/**
 * Opaque access tokens (not JWTs), checked by asking the authorization server (RFC 7662 token
 * introspection) with this server's own client credentials. The answer must say the token is active,
 * was issued by a configured issuer for exactly this server, and is within its validity; what it grants
 * is read as a JWT's claims are. Every request asks again: a revoked token stops working at once.
 */
import { OAuthError, OAuthErrorCode } from "@modelcontextprotocol/server";
import type { JWTPayload } from "jose";
import type { AuthorizationServers } from "../api/authorization-servers.js";
import { ApiError } from "../api/errors.js";
import type { IntrospectionConfig, OAuthConfig } from "../config/oauth.js";

const CLOCK_SKEW_SECONDS = 60;

const invalid = (message: string) => new OAuthError(OAuthErrorCode.InvalidToken, message);

/** The introspection answer's claims, once it shows a token valid for this server. */
export async function introspect(
  token: string,
  introspection: IntrospectionConfig,
  config: OAuthConfig,
  servers: AuthorizationServers,
): Promise<JWTPayload & { iss: string }> {
  const answer = await servers.introspect(token, introspection).catch((error: unknown) => {
    const status = error instanceof ApiError ? error.status : undefined;
    throw new OAuthError(
      OAuthErrorCode.ServerError,
      status === undefined
        ? `Token introspection failed: ${(error as Error).message}`
        : `Token introspection answered HTTP ${status}: check MIGRATE_MCP_INTROSPECTION_URL and its client`,
    );
  });
  const claims = answer as JWTPayload & { active?: unknown };
  if (claims.active !== true) throw invalid("The access token is not active (expired, revoked or unknown)");
  // One issuer may leave `iss` out: the answer then speaks for the only one configured.
  const issuer = claims.iss ?? (config.issuers.length === 1 ? config.issuers[0] : undefined);
  if (issuer === undefined || !config.issuers.includes(issuer))
    throw invalid("The access token was issued by an authorization server this server does not trust");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length !== 1 || audiences[0] !== config.resourceUrl.href)
    throw invalid("The access token was not issued for this server alone");
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp < now - CLOCK_SKEW_SECONDS)
    throw invalid("The access token has expired");
  if (typeof claims.nbf === "number" && claims.nbf > now + CLOCK_SKEW_SECONDS)
    throw invalid("The access token is not valid yet");
  if (typeof claims.sub !== "string") throw invalid("The introspection answer names no subject");
  return { ...claims, iss: issuer };
}
