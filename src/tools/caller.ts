/**
 * Who is calling and on which protocol era, read once per tool call from the SDK's request context.
 * A 2026-07-28 request carries its era and client capabilities in `_meta` and has no session; a
 * 2025-11-25 request has the capabilities its session declared at `initialize`.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type McpServer,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { getUiCapability, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";
import { holderOf, tokenUserOf, type TokenUser } from "../live/principal.js";

export const PROTOCOL_ERAS = ["2025-11-25", "2026-07-28"] as const;
export type ProtocolEra = (typeof PROTOCOL_ERAS)[number];

export interface Caller {
  era: ProtocolEra;
  capabilities: ClientCapabilities | undefined;
  /**
   * What a confirmation is bound to: the 2025 session; else the request's holder
   * (live/principal.ts): over HTTP the caller's credential, on stdio this connection.
   */
  principal: string;
  /** The opaque state a 2026 client echoes back on the retry of an input_required answer. */
  requestState: string | undefined;
  inputResponses: Record<string, unknown> | undefined;
  /** The person an OAuth token names (the audit names them); undefined in the other modes. */
  user: TokenUser | undefined;
}

export function callerOf(extra: ServerContext, server: McpServer, connectionKey: string): Caller {
  const envelope = extra.mcpReq.envelope as Record<string, unknown> | undefined;
  const modern = envelope !== undefined;
  const capabilities =
    (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ??
    server.server.getClientCapabilities();
  const principal = extra.sessionId ? `session:${extra.sessionId}` : holderOf(extra, connectionKey);
  const state = extra.mcpReq.requestState<unknown>();
  return {
    era: modern ? "2026-07-28" : "2025-11-25",
    capabilities,
    principal,
    requestState: typeof state === "string" ? state : undefined,
    inputResponses: extra.mcpReq.inputResponses,
    user: tokenUserOf(extra.http?.authInfo),
  };
}

/** Whether the caller's host renders MCP Apps views (it declared the extension with their MIME type). */
export function rendersApps(capabilities: ClientCapabilities | undefined): boolean {
  return getUiCapability(capabilities)?.mimeTypes?.includes(RESOURCE_MIME_TYPE) ?? false;
}
