/** HS256 JWTs for the simulated login: signed, expiring, verifiable, like the real API's tokens. */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface TokenClaims {
  sub: string;
  email: string;
  name: string;
  role: string;
  iat: number;
  exp: number;
  /** Issue sequence number, so tokens can be revoked up to a point. */
  jti: number;
  /** Set on the limited token a user who must reset their password gets. */
  pwdReset?: boolean;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function signToken(claims: TokenClaims, secret: Buffer): string {
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

export type Verification =
  { ok: true; claims: TokenClaims } | { ok: false; reason: "malformed" | "signature" | "expired" };

export function verifyToken(token: string, secret: Buffer, nowSeconds: number): Verification {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "signature" };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}
