/**
 * A minimal OAuth authorization server's public face for tests: its RFC 8414 metadata and its key set
 * (JWKS) on 127.0.0.1, and access tokens signed with its key by `jose`, shaped as each test needs
 * (another audience, expired, another algorithm, an unknown key id…).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

export interface TestIssuer {
  issuer: string;
  /** A token signed by this issuer's key; `claims` override the defaults (iss, aud, sub, exp…). */
  mint: (claims: JWTPayload, options?: { kid?: string; expiresIn?: string }) => Promise<string>;
  /** A token signed with a shared secret (HS256): an algorithm a resource server must refuse. */
  mintSymmetric: (claims: JWTPayload) => Promise<string>;
  /** An unsigned token (`alg: none`). */
  mintUnsigned: (claims: JWTPayload) => string;
  /** An opaque token its introspection endpoint answers for with `claims` (active unless they say not). */
  mintOpaque: (claims: JWTPayload & { active?: boolean }) => string;
  /** The client credentials its introspection endpoint requires. */
  introspectionClient: { id: string; secret: string };
  /** The next `count` introspection requests are answered 503, as by a server restarting. */
  failIntrospections: (count: number) => void;
  /** How many introspection requests reached it. */
  introspections: () => number;
  close: () => Promise<void>;
}

const KID = "test-key-1";
const INTROSPECTION_CLIENT = { id: "migrate-mcp", secret: "introspection-secret-for-tests" };

export async function startTestIssuer(audience: string): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" };
  let issuer = "";
  const opaque = new Map<string, JWTPayload & { active?: boolean }>();
  let failing = 0;
  let asked = 0;
  const introspect = async (req: IncomingMessage, res: ServerResponse) => {
    asked++;
    if (failing > 0) {
      failing--;
      return res.writeHead(503).end();
    }
    const expected = `Basic ${Buffer.from(`${INTROSPECTION_CLIENT.id}:${INTROSPECTION_CLIENT.secret}`).toString("base64")}`;
    if (req.headers.authorization !== expected) return res.writeHead(401).end();
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const claims = opaque.get(new URLSearchParams(body).get("token") ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(claims ? { active: true, ...claims } : { active: false }));
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/.well-known/oauth-authorization-server")
      return json({
        issuer,
        jwks_uri: `${issuer}/jwks`,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        response_types_supported: ["code"],
      });
    if (path === "/jwks") return json({ keys: [jwk] });
    if (path === "/introspect" && req.method === "POST") return void introspect(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = (claims: JWTPayload) => ({ iss: issuer, aud: audience, sub: "alice", ...claims });
  return {
    issuer,
    mint: (claims, { kid = KID, expiresIn = "10m" } = {}) =>
      new SignJWT(base(claims))
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? expiresIn)
        .sign(privateKey),
    mintSymmetric: (claims) =>
      new SignJWT(base(claims))
        .setProtectedHeader({ alg: "HS256", kid: KID })
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(new TextEncoder().encode("a-shared-secret-the-server-never-knew-32b")),
    mintUnsigned: (claims) => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const exp = Math.floor(Date.now() / 1000) + 600;
      return `${part({ alg: "none", typ: "JWT" })}.${part({ exp, ...base(claims) })}.`;
    },
    mintOpaque: (claims) => {
      const token = randomBytes(24).toString("base64url");
      opaque.set(token, { exp: Math.floor(Date.now() / 1000) + 600, ...base(claims) });
      return token;
    },
    introspectionClient: INTROSPECTION_CLIENT,
    failIntrospections: (count) => {
      failing = count;
    },
    introspections: () => asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
