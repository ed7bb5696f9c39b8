/**
 * A minimal OAuth authorization server's public face for tests: its RFC 8414 metadata and its key set
 * (JWKS) on 127.0.0.1, and access tokens signed with its key by `jose`, shaped as each test needs
 * (another audience, expired, another algorithm, an unknown key id…).
 */
import { createServer } from "node:http";
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
  close: () => Promise<void>;
}

const KID = "test-key-1";

export async function startTestIssuer(audience: string): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" };
  let issuer = "";
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
