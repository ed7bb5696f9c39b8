/**
 * Serving MCP over HTTP: the address, how callers are authenticated (one shared token, or OAuth with
 * each caller's own), the Host and Origin headers accepted, the per-session limits, and the Redis that
 * replicas behind a load balancer share. Off loopback, a server without authentication is refused.
 */
import { type OAuthConfig, oauthFrom } from "./oauth.js";
import { commaList, type Env, onOff, positiveInt, secretFrom } from "./env.js";

export interface HttpConfig {
  host: string;
  port: number;
  /** No sessions: each request gets a fresh server (see README for what that gives up). */
  stateless: boolean;
  /** The shared bearer token: one operator (or everyone holding it) is one principal. */
  token: string | undefined;
  /** OAuth mode: each caller's own access token, from the configured authorization servers. */
  oauth: OAuthConfig | undefined;
  /** Host headers accepted (DNS-rebinding protection); loopback names of the port are always in. */
  allowedHosts: readonly string[];
  /** Origin headers accepted from browsers; requests without Origin are not browsers and pass. */
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  maxInFlightPerSession: number;
  /** 2025-era HTTP sessions open at once; an initialize past it is refused. */
  maxSessions: number;
  /** A 2025-era session with no request for this long (and no call running) is closed. */
  sessionIdleMs: number;
  shutdownGraceMs: number;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function httpFrom(
  flags: { host?: string; port?: string; stateless?: boolean },
  env: Env,
  problems: string[],
): HttpConfig {
  const host = flags.host ?? env.MIGRATE_MCP_HOST ?? "127.0.0.1";
  const portText = flags.port ?? env.MIGRATE_MCP_PORT ?? "8808";
  const port = Number(portText);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535))
    problems.push(`--port must be a port number (0 picks a free one), got '${portText}'`);
  const token = secretFrom(env, "MIGRATE_MCP_TOKEN", problems);
  const oauth = oauthFrom(
    env,
    problems,
    secretFrom(env, "MIGRATE_MCP_INTROSPECTION_CLIENT_SECRET", problems),
  );
  if (token !== undefined && oauth !== undefined)
    problems.push(
      "Choose one way to authenticate callers: MIGRATE_MCP_TOKEN (one shared token) or MIGRATE_MCP_AUTH_ISSUER (OAuth, each person their own), not both",
    );
  if (!LOOPBACK.has(host) && !token && !oauth) {
    problems.push(
      `--host ${host} would expose the server beyond this machine without authentication: set MIGRATE_MCP_AUTH_ISSUER and MIGRATE_MCP_RESOURCE_URL (OAuth, for a team), or MIGRATE_MCP_TOKEN (a long random secret clients send as 'Authorization: Bearer ...'), or bind to 127.0.0.1`,
    );
  }
  if (token !== undefined && token.length < 32)
    problems.push("MIGRATE_MCP_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)");
  return {
    host,
    port,
    stateless: flags.stateless ?? onOff(env, "MIGRATE_MCP_STATELESS", problems),
    token,
    oauth,
    allowedHosts: commaList(env.MIGRATE_MCP_ALLOWED_HOSTS),
    allowedOrigins: commaList(env.MIGRATE_MCP_ALLOWED_ORIGINS),
    maxBodyBytes: positiveInt(
      env.MIGRATE_MCP_MAX_BODY_BYTES,
      "MIGRATE_MCP_MAX_BODY_BYTES",
      1024 * 1024,
      problems,
    ),
    maxInFlightPerSession: positiveInt(
      env.MIGRATE_MCP_MAX_IN_FLIGHT,
      "MIGRATE_MCP_MAX_IN_FLIGHT",
      8,
      problems,
    ),
    maxSessions: positiveInt(env.MIGRATE_MCP_MAX_SESSIONS, "MIGRATE_MCP_MAX_SESSIONS", 200, problems),
    sessionIdleMs:
      positiveInt(
        env.MIGRATE_MCP_SESSION_IDLE_SECONDS,
        "MIGRATE_MCP_SESSION_IDLE_SECONDS",
        30 * 60,
        problems,
      ) * 1000,
    shutdownGraceMs: positiveInt(
      env.MIGRATE_MCP_SHUTDOWN_GRACE_MS,
      "MIGRATE_MCP_SHUTDOWN_GRACE_MS",
      10_000,
      problems,
    ),
  };
}

/** A Redis URL the client can use (redis:// or rediss://, with a host), or the problem naming the setting. */
export function redisUrlFrom(env: Env, problems: string[]): string | undefined {
  const text = env.MIGRATE_MCP_REDIS_URL?.trim();
  if (!text) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url && (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "") return text;
  // The URL may carry a password: it is not echoed.
  problems.push(
    "MIGRATE_MCP_REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://redis:6379",
  );
  return undefined;
}
