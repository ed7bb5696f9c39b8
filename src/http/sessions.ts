/**
 * The 2025-11-25 clients' sessions: each its own McpServer (confirmations, subscriptions, log level),
 * opened by an initialize up to a cap, used only by whoever opened it, with a cap on its calls in
 * flight, and closed once idle (a call still running keeps it open).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isInitializeRequest,
  type McpServer,
} from "@modelcontextprotocol/server";
import type { HttpConfig } from "../config.js";
import { createServer, type SharedDeps } from "../server.js";
import { holderOfRequest } from "./authorize.js";
import { refusedBatch, requestCount, rpcError } from "./wire.js";

interface Session {
  server: McpServer;
  transport: NodeStreamableHTTPServerTransport;
  inFlight: number;
  lastActive: number;
  /** Who opened it (live/principal.ts): nobody else may use it. */
  holder: string;
}

export interface SessionTable {
  /** A 2025-era request without `--stateless`: an initialize opens a session, anything else goes to its own. */
  handle: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
  size: () => number;
  /** On shutdown idle sessions are no longer closed one by one: they close together once calls finish. */
  stopIdleSweep: () => void;
  closeAll: () => Promise<void>;
}

export function sessionTable(shared: SharedDeps, config: HttpConfig, mcpPath: string): SessionTable {
  const { logger } = shared;
  const sessions = new Map<string, Session>();

  // Idle sessions are closed; a call still running (a wait, say) keeps its session open.
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

  async function open(res: ServerResponse, req: IncomingMessage, body: unknown): Promise<void> {
    if (sessions.size >= config.maxSessions)
      return rpcError(
        res,
        503,
        `Too many open sessions (limit ${config.maxSessions}, MIGRATE_MCP_MAX_SESSIONS); close one (DELETE ${mcpPath}) or try again once idle ones expire`,
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

  async function handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = req.headers["mcp-session-id"];
    const sessionId = Array.isArray(id) ? id[0] : id;
    if (!sessionId) {
      if (req.method === "POST" && isInitializeRequest(body)) return open(res, req, body);
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

  return {
    handle,
    size: () => sessions.size,
    stopIdleSweep: () => clearInterval(reaper),
    closeAll: async () => {
      await Promise.all([...sessions.values()].map((s) => s.transport.close()));
    },
  };
}
