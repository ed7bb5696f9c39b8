/**
 * What every /mcp request must pass before MCP sees it: an allowed Host (DNS-rebinding protection),
 * an allowed Origin when a browser sends one, and the bearer token when one is configured.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { HttpConfig } from "../config.js";

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** Host headers (and browser origins) a loopback listener on `port` always accepts. */
export function loopbackAllowlist(port: number): { hosts: string[]; origins: string[] } {
  const hosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  return { hosts, origins: hosts.flatMap((h) => [`http://${h}`, `https://${h}`]) };
}

/** Equal-length digests, so the comparison takes the same time whatever the guess. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The Host check alone: what `/healthz` passes through too. */
export function checkHost(req: IncomingMessage, config: HttpConfig, port: number): Refusal | undefined {
  const host = (req.headers.host ?? "").toLowerCase();
  const hosts = new Set([
    ...loopbackAllowlist(port).hosts,
    ...config.allowedHosts.map((h) => h.toLowerCase()),
  ]);
  if (hosts.has(host)) return undefined;
  return {
    status: 403,
    message: `Host '${host}' is not allowed (DNS-rebinding protection); add it to MIGRATE_MCP_ALLOWED_HOSTS if this server is meant to be reached by that name`,
  };
}

export function checkRequest(req: IncomingMessage, config: HttpConfig, port: number): Refusal | undefined {
  const hostRefusal = checkHost(req, config, port);
  if (hostRefusal) return hostRefusal;
  const loopback = loopbackAllowlist(port);
  const origin = req.headers.origin;
  if (origin !== undefined && !new Set([...loopback.origins, ...config.allowedOrigins]).has(origin)) {
    return {
      status: 403,
      message: `Origin '${origin}' is not allowed; add it to MIGRATE_MCP_ALLOWED_ORIGINS to let that web page connect`,
    };
  }
  if (config.token !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!match?.[1] || !sameSecret(match[1], config.token)) {
      return {
        status: 401,
        message: "Missing or wrong bearer token: send 'Authorization: Bearer <MIGRATE_MCP_TOKEN>'",
        headers: { "www-authenticate": 'Bearer realm="migrate-mcp", error="invalid_token"' },
      };
    }
  }
  return undefined;
}
