/**
 * MCP over Streamable HTTP at `/mcp`, both protocol eras on one endpoint, and `/healthz`.
 * - 2026-07-28 requests (per-request envelope, no session) go to the SDK's handler: a fresh server
 *   per request over the process's shared clients; any replica can answer any request.
 * - 2025-11-25 clients get sessions (their own McpServer: confirmations, subscriptions, log level),
 *   capped and closed when idle; `--stateless` serves them per request instead.
 * Over a limit, a request gets a JSON-RPC error, never a crash.
 */
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { NodeStreamableHTTPServerTransport, toNodeHandler, toWebRequest } from "@modelcontextprotocol/node";
import {
  createMcpHandler,
  type AuthInfo,
  bearerAuthChallengeResponse,
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isInitializeRequest,
  verifyBearerToken,
  isLegacyRequest,
  OAuthError,
  OAuthErrorCode,
  type McpServer,
} from "@modelcontextprotocol/server";
import { AuthorizationServers } from "../api/authorization-servers.js";
import { listenOf, listenRefusal, taskListenRefusal } from "../resources/listen.js";
import { followAll } from "../resources/subscriptions.js";
import { requestHolder } from "../live/principal.js";
import type { HttpConfig } from "../config.js";
import { createServer, type SharedDeps } from "../server.js";
import { checkHost, checkRequest } from "./guard.js";
import {
  answer,
  BodyTooLarge,
  MAX_JSON_DEPTH,
  NestedTooDeeply,
  readJson,
  refusedBatch,
  requestCount,
  rpcError,
  sendResponse,
} from "./wire.js";
import { ROLES } from "../config/oauth.js";
import { JwtVerifier, metadataPaths, metadataUrlOf, protectedResourceMetadata } from "./oauth.js";

export const MCP_PATH = "/mcp";

interface Session {
  server: McpServer;
  transport: NodeStreamableHTTPServerTransport;
  inFlight: number;
  lastActive: number;
  /** Who opened it (live/principal.ts): nobody else may use it. */
  holder: string;
}

/** A request whose bearer token was verified (OAuth mode); the SDK's transports hand `auth` to MCP. */
type AuthedRequest = IncomingMessage & { auth?: AuthInfo };

const holderOfRequest = (req: AuthedRequest) => requestHolder(req.headers.authorization ?? "", req.auth);

export interface RunningHttpServer {
  url: string;
  sessionCount: () => number;
  /** Stops accepting, lets in-flight calls finish within the grace period, then closes every session. */
  close: () => Promise<void>;
}

export async function startHttpServer(shared: SharedDeps, config: HttpConfig): Promise<RunningHttpServer> {
  const { logger } = shared;
  const sessions = new Map<string, Session>();
  const active = new Set<ServerResponse>();
  let port = config.port;
  let shuttingDown = false;
  const oauth = config.oauth;
  const authorizationServers = new AuthorizationServers(logger);
  const verifier = oauth ? new JwtVerifier(oauth, authorizationServers) : undefined;
  const resourceMetadataUrl = oauth ? metadataUrlOf(oauth) : undefined;

  /**
   * OAuth mode: the request's token is verified (and what it grants put on the request) before MCP
   * sees it; a missing or bad one gets 401, one granting no role 403, each with the challenge that
   * points the client to this server's metadata. The 401 names every role's scope, so a client asks
   * for all of them and the authorization server grants each person what they may hold (naming only
   * reading would leave an operator a reader until a call they were never shown stepped them up).
   * True when the request may go on.
   */
  async function authorized(req: AuthedRequest, res: ServerResponse): Promise<boolean> {
    if (!oauth || !verifier) return true;
    const reading = [oauth.scopes.read];
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
  }

  const modern = createMcpHandler(() => createServer(shared, { perRequest: true }), {
    legacy: "reject",
    onerror: (error) => logger.debug({ err: error.message }, "MCP 2026-07-28 request refused or failed"),
  });
  const serveModern = toNodeHandler(modern);
  const stopListChanged = shared.hub.onResourceListChanged(() => modern.notify.resourcesChanged());

  /**
   * A 2026 listen stream is served by the SDK; what it listens to is followed here first, and for as
   * long as the stream is open, so the one watcher polls a batch only while someone hears about it.
   * A listen over its caller's budget, or naming a batch that cannot be read, is answered with that
   * error instead; false when it was (or its client left meanwhile).
   */
  async function followWhileOpen(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<boolean> {
    const listening = listenOf(body);
    if (!listening || listening.uris.length === 0) return true;
    let gone = false;
    const leave = () => (gone = true);
    res.once("close", leave);
    let stop: () => void;
    try {
      const holder = holderOfRequest(req);
      stop = await followAll(listening.uris, shared.follow, holder, (uri) =>
        modern.notify.resourceUpdated(uri),
      );
    } catch (error) {
      answer(res, listenRefusal(listening.id, error));
      return false;
    } finally {
      res.off("close", leave);
    }
    if (gone) stop();
    else res.on("close", stop);
    return !gone;
  }

  // Idle 2025 sessions are closed; a call still running (a wait, say) keeps its session open.
  const reaper = setInterval(
    () => {
      const idleSince = Date.now() - config.sessionIdleMs;
      for (const [id, session] of sessions) {
        if (session.inFlight > 0 || session.lastActive > idleSince) continue;
        logger.info({ session: id }, "MCP session closed after being idle");
        void session.transport.close();
      }
    },
    Math.min(60_000, Math.max(250, config.sessionIdleMs / 4)),
  );
  reaper.unref();

  async function openSession(res: ServerResponse, req: IncomingMessage, body: unknown): Promise<void> {
    if (sessions.size >= config.maxSessions)
      return rpcError(
        res,
        503,
        `Too many open sessions (limit ${config.maxSessions}, MIGRATE_MCP_MAX_SESSIONS); close one (DELETE ${MCP_PATH}) or try again once idle ones expire`,
        { "retry-after": "30" },
      );
    const server = createServer(shared);
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        const holder = holderOfRequest(req);
        sessions.set(id, { server, transport, inFlight: 0, lastActive: Date.now(), holder });
        logger.info({ session: id, holder }, "MCP session opened");
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      void server.close();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function stateless(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const server = createServer(shared);
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    if (req.method === "POST") {
      try {
        body = await readJson(req, config.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge)
          return rpcError(
            res,
            413,
            `Request body over ${config.maxBodyBytes} bytes (MIGRATE_MCP_MAX_BODY_BYTES)`,
          );
        if (error instanceof NestedTooDeeply)
          return rpcError(res, 400, `The body nests deeper than ${MAX_JSON_DEPTH} levels`, {}, -32600);
        return rpcError(res, 400, "The body is not valid JSON", {}, -32700);
      }
    }
    if (!(await isLegacyRequest(await toWebRequest(req, body), body))) {
      const refusal = taskListenRefusal(body);
      if (refusal) return answer(res, refusal);
      if (await followWhileOpen(req, res, body)) await serveModern(req, res, body);
      return;
    }
    if (config.stateless) {
      if (req.method !== "POST")
        return rpcError(
          res,
          405,
          "This server is stateless (--stateless): 2025-era clients get POST only, with no sessions or server streams",
          { allow: "POST" },
        );
      // No session to have negotiated a revision: the request's own header names it.
      const revision = req.headers["mcp-protocol-version"];
      const named = typeof revision === "string" ? revision : DEFAULT_NEGOTIATED_PROTOCOL_VERSION;
      if (refusedBatch(res, body, named)) return;
      return stateless(req, res, body);
    }
    const id = req.headers["mcp-session-id"];
    const sessionId = Array.isArray(id) ? id[0] : id;
    if (!sessionId) {
      if (req.method === "POST" && isInitializeRequest(body)) return openSession(res, req, body);
      return rpcError(res, 400, "No mcp-session-id: start a session with an initialize request first");
    }
    const session = sessions.get(sessionId);
    // Another person's session is as unknown to this caller as one that ended.
    if (!session || session.holder !== holderOfRequest(req))
      return rpcError(res, 404, "Unknown or ended session: initialize a new one");
    session.lastActive = Date.now();
    const revision =
      session.server.server.getNegotiatedProtocolVersion() ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION;
    if (refusedBatch(res, body, revision)) return;
    const calls = req.method === "POST" ? requestCount(body) : 0;
    if (calls > 0) {
      const limit = config.maxInFlightPerSession;
      if (calls > limit)
        return rpcError(
          res,
          400,
          `A batch of ${calls} requests is over the limit of ${limit} calls in flight per session (MIGRATE_MCP_MAX_IN_FLIGHT): send at most ${limit} at once`,
          {},
          -32600,
        );
      if (session.inFlight + calls > limit) {
        return rpcError(
          res,
          429,
          `Too many calls in flight for this session (limit ${limit}, MIGRATE_MCP_MAX_IN_FLIGHT); wait for one to finish`,
        );
      }
      session.inFlight += calls;
      res.on("close", () => {
        session.inFlight -= calls;
        session.lastActive = Date.now();
      });
    }
    await session.transport.handleRequest(req, res, body);
  }

  const httpServer = createHttpServer((req, res) => {
    // Only a path (origin-form) names a resource here; an absolute URL or `*` is not ours to follow.
    if (!req.url?.startsWith("/"))
      return rpcError(res, 400, "The request target must be a path such as /mcp, not a URL", {}, -32600);
    const path = new URL(req.url, "http://local").pathname;
    if (shuttingDown)
      return rpcError(res, 503, "The server is shutting down; reconnect in a moment", {
        connection: "close",
      });
    if (path === "/healthz" && req.method === "GET") {
      // Load balancers probe without the bearer token, but through the same Host check; nothing else is told.
      const refusal = checkHost(req, config, port);
      if (refusal) return rpcError(res, refusal.status, refusal.message);
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("ok");
    }
    if (oauth && metadataPaths(oauth).includes(path) && req.method === "GET") {
      const refusal = checkHost(req, config, port);
      if (refusal) return rpcError(res, refusal.status, refusal.message);
      // Browser-based clients read it across origins before they hold any token.
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      return res.end(JSON.stringify(protectedResourceMetadata(oauth)));
    }
    if (path !== MCP_PATH) return rpcError(res, 404, `Not found; MCP is served at ${MCP_PATH}`);
    const refusal = checkRequest(req, config, port);
    if (refusal) return rpcError(res, refusal.status, refusal.message, refusal.headers);
    if (req.method === "POST") {
      active.add(res);
      res.on("close", () => active.delete(res));
    }
    authorized(req, res)
      .then((ok) => (ok ? handleMcp(req, res) : undefined))
      .catch((error: unknown) => {
        logger.error({ err: (error as Error).message }, "MCP HTTP request failed");
        rpcError(res, 500, "Internal error handling the request");
      });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  port = (httpServer.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: `http://${hostForUrl}:${port}${MCP_PATH}`,
    sessionCount: () => sessions.size,
    close: async () => {
      shuttingDown = true;
      clearInterval(reaper);
      stopListChanged();
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const deadline = Date.now() + config.shutdownGraceMs;
      while (active.size > 0 && Date.now() < deadline) await sleep(50);
      if (active.size > 0)
        logger.warn({ calls: active.size }, "shutdown grace period over; closing calls still running");
      await Promise.all([...sessions.values()].map((s) => s.transport.close()));
      await modern.close();
      await authorizationServers.close();
      httpServer.closeAllConnections();
      await stopped;
    },
  };
}
