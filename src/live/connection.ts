/**
 * One MCP connection as its handlers see it: a key of its own (what a stdio caller's confirmations
 * and subscriptions bind to), and the capabilities a 2025-11-25 client declared at `initialize`,
 * recorded there by whoever opens the connection (server.ts), so no handler asks the SDK server.
 */
import { randomUUID } from "node:crypto";
import type { ClientCapabilities } from "@modelcontextprotocol/server";

export interface Connection {
  readonly key: string;
  /** What a 2025-11-25 session declared; a 2026-07-28 request declares its own, in its envelope. */
  declared: ClientCapabilities | undefined;
}

export function newConnection(): Connection {
  return { key: randomUUID(), declared: undefined };
}
