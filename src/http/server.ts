/**
 * MCP over Streamable HTTP at `/mcp`, both protocol eras on one endpoint, and `/healthz`.
 * - 2026-07-28 requests (per-request envelope, no session) go to the SDK's handler: a fresh server
 *   per request over the process's shared clients; any replica can answer any request.
 * - 2025-11-25 clients get sessions (sessions.ts); `--stateless` serves them per request instead.
 * Every /mcp request passes the Host, Origin and token checks (guard.ts) and, in OAuth mode, the bearer
 * gate (authorize.ts) first. Over a limit, a request gets a JSON-RPC error, never a crash.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { NodeStreamableHTTPServerTransport, toNodeHandler, toWebRequest } from "@modelcontextprotocol/node";
import {
  createMcpHandler,
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isLegacyRequest,
} from "@modelcontextprotocol/server";
import { AuthorizationServers } from "../api/authorization-servers.js";
import { listenOf, listenRefusal, taskListenRefusal } from "../resources/listen.js";
import { followAll } from "../resources/subscriptions.js";
import type { HttpConfig } from "../config.js";
import { createServer, type SharedDeps } from "../server.js";
import { holderOfRequest, oauthGate } from "./authorize.js";
import { checkHost, checkRequest } from "./guard.js";
import { metadataPaths, protectedResourceMetadata } from "./oauth.js";
import { sessionTable } from "./sessions.js";
import {
  answer,
  BodyTooLarge,
  MAX_JSON_DEPTH,
  NestedTooDeeply,
  readJson,
  refusedBatch,
  rpcError,
} from "./wire.js";

const MCP_PATH = "/mcp";

export interface RunningHttpServer {
  url: string;
  sessionCount: () => number;
  /** Stops accepting, lets in-flight calls finish within the grace period, then closes every session. */
  close: () => Promise<void>;
}

export async function startHttpServer(shared: SharedDeps, config: HttpConfig): Promise<RunningHttpServer> {
  const { logger } = shared;
  const active = new Set<ServerResponse>();
  let port = config.port;
  let shuttingDown = false;
  const oauth = config.oauth;
  const authorizationServers = new AuthorizationServers(logger);
  const authorized = oauthGate(oauth, authorizationServers, logger);

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

  const sessions = sessionTable(shared, config, MCP_PATH);

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
    return sessions.handle(req, res, body);
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
    sessionCount: sessions.size,
    close: async () => {
      shuttingDown = true;
      sessions.stopIdleSweep();
      stopListChanged();
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const deadline = Date.now() + config.shutdownGraceMs;
      while (active.size > 0 && Date.now() < deadline) await sleep(50);
      if (active.size > 0)
        logger.warn({ calls: active.size }, "shutdown grace period over; closing calls still running");
      await sessions.closeAll();
      await modern.close();
      await authorizationServers.close();
      httpServer.closeAllConnections();
      await stopped;
    },
  };
}
