/**
 * Who stands behind a request, whatever session it came in on: over HTTP the bearer credential (a
 * digest of the Authorization header, so stateless requests and every replica agree; all holders of
 * one shared token, and all loopback clients without a token, are one), else the connection (stdio:
 * one client per process). Per-caller limits count against it; confirmations and tasks bind to the
 * 2025 session first, where there is one (tools/caller.ts).
 */
import { createHash } from "node:crypto";
import type { ServerContext } from "@modelcontextprotocol/server";

/** The holder of an Authorization header (empty when the request carried none). */
export function credentialHolder(authorization: string): string {
  return `credential:${createHash("sha256").update(authorization).digest("base64url")}`;
}

/** The holder of a request: its HTTP credential, else `connectionKey`, the connection's own. */
export function holderOf(extra: ServerContext, connectionKey: string): string {
  if (!extra.http) return `connection:${connectionKey}`;
  return credentialHolder(extra.http.req?.headers.get("authorization") ?? extra.http.authInfo?.token ?? "");
}
