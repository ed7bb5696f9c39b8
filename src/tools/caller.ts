/**
 * Who is calling and on which protocol era: decided here, once per request, by each handler the SDK
 * calls (tools/call, tools/list, tasks/*), and carried down in the tool's context; nothing below asks
 * again. A 2026-07-28 request carries its era and client capabilities in its `_meta` envelope and has
 * no session; a 2025-11-25 request has the capabilities its connection declared at `initialize`.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { getUiCapability, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";
import type { Connection } from "../live/connection.js";
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

export function callerOf(extra: ServerContext, connection: Connection): Caller {
  const envelope = extra.mcpReq.envelope as Record<string, unknown> | undefined;
  const modern = envelope !== undefined;
  const principal = extra.sessionId ? `session:${extra.sessionId}` : holderOf(extra, connection.key);
  const state = extra.mcpReq.requestState<unknown>();
  return {
    era: modern ? "2026-07-28" : "2025-11-25",
    capabilities: modern
      ? (envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined)
      : connection.declared,
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
