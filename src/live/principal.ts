/**
 * Who stands behind a request, whatever session it came in on: in OAuth mode the person (issuer and
 * subject of their verified token, whichever token or client they use); otherwise over HTTP the bearer
 * credential (a digest of the Authorization header, so stateless requests and every replica agree; all
 * holders of one shared token, and all loopback clients without a token, are one); else the connection
 * (stdio: one client per process). Per-caller limits count against it; confirmations and tasks bind to
 * the 2025 session first, where there is one (tools/caller.ts), and a session to its opener's holder.
 */
import { createHash } from "node:crypto";
import type { AuthInfo, ServerContext } from "@modelcontextprotocol/server";

/** Who a verified OAuth token speaks for, as the HTTP edge puts it in `AuthInfo.extra.user`. */
export interface TokenUser {
  /** Issuer and subject: one person, whichever client or token they use. */
  principal: string;
  /** What the audit shows: email, else preferred name, else the subject. */
  name: string;
}

/** The person a request's verified token names; undefined outside OAuth mode. */
export function tokenUserOf(auth: AuthInfo | undefined): TokenUser | undefined {
  const user = auth?.extra?.user as Partial<TokenUser> | undefined;
  return typeof user?.principal === "string" && typeof user.name === "string"
    ? { principal: user.principal, name: user.name }
    : undefined;
}

/** The holder of an Authorization header (empty when the request carried none). */
export function credentialHolder(authorization: string): string {
  return `credential:${createHash("sha256").update(authorization).digest("base64url")}`;
}

/** The holder of an HTTP request: the person its token names, else its credential. */
export function requestHolder(authorization: string, auth: AuthInfo | undefined): string {
  const user = tokenUserOf(auth);
  return user ? `user:${user.principal}` : credentialHolder(authorization);
}

/** The holder of a request: its person or HTTP credential, else `connectionKey`, the connection's own. */
export function holderOf(extra: ServerContext, connectionKey: string): string {
  if (!extra.http) return `connection:${connectionKey}`;
  return requestHolder(
    extra.http.req?.headers.get("authorization") ?? extra.http.authInfo?.token ?? "",
    extra.http.authInfo,
  );
}
