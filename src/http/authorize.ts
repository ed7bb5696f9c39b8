/**
 * OAuth mode's gate on every /mcp request, and whom a request speaks for: the holder that 2025
 * sessions and 2026 listens are bound to (live/principal.ts), read from its verified token.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AuthInfo,
  bearerAuthChallengeResponse,
  OAuthError,
  OAuthErrorCode,
  verifyBearerToken,
} from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { AuthorizationServers } from "../api/authorization-servers.js";
import { requestHolder } from "../live/principal.js";
import { type OAuthConfig, ROLES } from "../config/oauth.js";
import { JwtVerifier, metadataUrlOf } from "./oauth.js";
import { sendResponse } from "./wire.js";

/** A request whose bearer token was verified (OAuth mode); the SDK's transports hand `auth` to MCP. */
export type AuthedRequest = IncomingMessage & { auth?: AuthInfo };

export const holderOfRequest = (req: AuthedRequest) =>
  requestHolder(req.headers.authorization ?? "", req.auth);

/** True when the request may go on; otherwise its answer has been sent. */
export type Authorize = (req: AuthedRequest, res: ServerResponse) => Promise<boolean>;

/**
 * OAuth mode: the request's token is verified (and what it grants put on the request) before MCP
 * sees it; a missing or bad one gets 401, one granting no role 403, each with the challenge that
 * points the client to this server's metadata. The 401 names every role's scope, so a client asks
 * for all of them and the authorization server grants each person what they may hold (naming only
 * reading would leave an operator a reader until a call they were never shown stepped them up).
 * Without OAuth every request goes on.
 */
export function oauthGate(
  oauth: OAuthConfig | undefined,
  servers: AuthorizationServers,
  logger: Logger,
): Authorize {
  if (!oauth) return () => Promise.resolve(true);
  const verifier = new JwtVerifier(oauth, servers);
  const resourceMetadataUrl = metadataUrlOf(oauth);
  const reading = [oauth.scopes.read];
  return async (req, res) => {
    try {
      req.auth = await verifyBearerToken(req.headers.authorization, {
        verifier,
        expectedResource: oauth.resourceUrl,
        resourceMetadataUrl,
        requiredScopes: reading,
      });
      return true;
    } catch (error) {
      logger.info({ err: (error as Error).message }, "MCP request refused: bearer token");
      const insufficient = error instanceof OAuthError && error.code === OAuthErrorCode.InsufficientScope;
      const requiredScopes = insufficient ? reading : ROLES.map((role) => oauth.scopes[role]);
      await sendResponse(res, bearerAuthChallengeResponse(error, { resourceMetadataUrl, requiredScopes }));
      return false;
    }
  };
}
