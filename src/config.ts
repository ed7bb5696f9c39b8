/**
 * Configuration: environment first (what Claude Desktop passes), flags override. One pure function
 * that reports every problem at once, each naming the setting and how to fix it.
 */
import { type OAuthConfig, oauthFrom } from "./oauth-config.js";
import { readFileSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { CloudMCredentials } from "./api/cloudm/auth.js";
import { type EndpointOverrides, NO_OVERRIDES, parseEndpointOverrides } from "./api/cloudm/overrides.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./api/http.js";
import { PLANS, type Plan } from "./api/migrateclouds/schemas.js";
import { LOG_LEVELS, type LogLevel } from "./log.js";
import { ALLOW_OLD_NODE, MINIMUM_NODE } from "./node-version.js";
import { OFF, ON } from "./on-off.js";
import { TOOL_NAMES } from "./tools/names.js";
import { DEFAULT_TOOLSETS, TOOLSET_DESCRIPTIONS, TOOLSETS, type Toolset } from "./tools/toolsets.js";

export const CONFIRM_POLICIES = ["auto", "elicitation", "deny"] as const;
export const SIMULATOR_PROFILES = ["full", "guide", "aspnet"] as const;
export type SimulatorProfile = (typeof SIMULATOR_PROFILES)[number];
export type ConfirmPolicy = (typeof CONFIRM_POLICIES)[number];

export interface Config {
  /** `demo` runs against the embedded simulator; `live` against the configured instance. */
  mode: "demo" | "live";
  /** Undefined when CloudM is not configured (its tools, resources and prompts are then absent). */
  cloudm: { url: string; credentials: CloudMCredentials } | undefined;
  /** Undefined unless MIGRATECLOUDS_API_KEY is set (or in demo mode, which configures it itself). */
  migrateclouds: MigrateCloudsConfig | undefined;
  readOnly: boolean;
  toolsets: ReadonlySet<Toolset>;
  /** Single tools added to the toolsets' (`--tools`), and removed (`--exclude-tools`). */
  includeTools: ReadonlySet<string>;
  excludeTools: ReadonlySet<string>;
  logLevel: LogLevel;
  confirm: ConfirmPolicy;
  confirmTtlSeconds: number;
  /** Directories tools may read CSVs from and save reports to; nothing else on disk is reachable. */
  allowedDirs: readonly string[];
  /** Simulated-clock speed in demo mode. */
  simulatorSpeed: number;
  /** Which simulator the demo runs: the full one, or one serving only what the API guide documents. */
  simulatorProfile: SimulatorProfile;
  /** An admin's corrections of the CloudM endpoint map, answer field names and enums (MIGRATE_MCP_ENDPOINTS). */
  endpointOverrides: EndpointOverrides;
  /** How often the shared poller reads a followed batch's statistics. */
  pollIntervalMs: number;
  /** Upstream answers larger than this are refused unread (a report of a large migration may need more). */
  maxResponseBytes: number;
  /** How MCP is served: stdio (one client) or Streamable HTTP (many). */
  transport: "stdio" | "http";
  http: HttpConfig;
  /** Shared by instances behind a load balancer so a confirmation token works on any of them. */
  confirmSecret: string | undefined;
  /** Where replicas share single use, rate windows and the audit trail; unset: one process. */
  redisUrl: string | undefined;
}

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

export interface MigrateCloudsConfig {
  url: string;
  apiKey: string;
  plan: Plan;
  /** The local receiver for webhook deliveries, when MIGRATECLOUDS_WEBHOOK_PORT is set. */
  webhook: { port: number; secret: string | undefined; publicUrl: string | undefined } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

const MIB = 1024 * 1024;

export const USAGE = `Usage: migrate-mcp [options]            serve MCP over stdio
       migrate-mcp simulator [options]    run the CloudM Migrate SIMULATOR alone (simulator --help)
       migrate-mcp doctor [options]       check the configuration, upstreams, licence and tools; exit 1 on a problem
       migrate-mcp --version | --help

Options (each also settable by the environment variable in brackets):
  --demo                  use the embedded SIMULATORS with a seeded demo tenant [MIGRATE_MCP_DEMO=1]
  --read-only             register no tool that writes               [MIGRATE_MCP_READ_ONLY=1]
  --toolsets a,b|all      toolsets to enable (listed below);
                          default ${DEFAULT_TOOLSETS.join(",")}           [MIGRATE_MCP_TOOLSETS]
  --tools a,b             add single tools                            [MIGRATE_MCP_TOOLS]
  --exclude-tools a,b     remove single tools (wins over --tools; --read-only wins over both) [MIGRATE_MCP_EXCLUDE_TOOLS]
  --confirm POLICY        auto | elicitation | deny                  [MIGRATE_MCP_CONFIRM]
                          a confirmation token lives MIGRATE_MCP_CONFIRM_TTL_SECONDS (300)
  --allow-dir DIR         a directory tools may read/write (repeatable) [MIGRATE_MCP_ALLOWED_DIRS]
  --log-level LEVEL       ${LOG_LEVELS.join(" | ")}                 [MIGRATE_MCP_LOG_LEVEL]
  --simulator-profile P   full | guide | aspnet: with --demo, a simulator serving only what the API guide documents (guide),
                          or the API as a stock ASP.NET Core service with CloudM's own models (aspnet) [MIGRATE_MCP_SIMULATOR_PROFILE]
                          the demo's clock runs MIGRATE_MCP_SIMULATOR_SPEED (60) times real time
  CloudM differs on your instance? MIGRATE_MCP_ENDPOINTS=/path/endpoints.json corrects paths, arguments, fields, enums (README)
  Upstream answers over ${DEFAULT_MAX_RESPONSE_BYTES / MIB} MiB are refused unread: MIGRATE_MCP_MAX_RESPONSE_MB raises the limit
  A followed batch's statistics are read every MIGRATE_MCP_POLL_INTERVAL_MS (5000; 500 with --demo)
HTTP:
  --transport stdio|http  how MCP is served (default stdio)              [MIGRATE_MCP_TRANSPORT]
  --host H --port N       HTTP address (default 127.0.0.1:8808)         [MIGRATE_MCP_HOST, MIGRATE_MCP_PORT]
  --stateless             HTTP without 2025-era sessions (behind a load balancer) [MIGRATE_MCP_STATELESS=1]
  MIGRATE_MCP_TOKEN (or _FILE)    bearer token every /mcp request must carry (32+ characters): one shared principal
  OAuth for a team (instead of the token): MIGRATE_MCP_AUTH_ISSUER (issuer URLs, comma-separated) and
    MIGRATE_MCP_RESOURCE_URL (this server's public /mcp URL, the tokens' audience); roles from scopes
    MIGRATE_MCP_SCOPE_READ, MIGRATE_MCP_SCOPE_OPERATE, MIGRATE_MCP_SCOPE_ADMIN (migrate:read, :operate, :admin),
    or a claim naming them, MIGRATE_MCP_ROLES_CLAIM (Entra's roles, say); opaque tokens through RFC 7662 with
    MIGRATE_MCP_INTROSPECTION_URL, MIGRATE_MCP_INTROSPECTION_CLIENT_ID, MIGRATE_MCP_INTROSPECTION_CLIENT_SECRET (or _FILE)
  Off loopback, one of the two is required
  MIGRATE_MCP_ALLOWED_HOSTS       Host headers accepted besides loopback ones, comma-separated (mcp.example.com:8808)
  MIGRATE_MCP_ALLOWED_ORIGINS     browser Origins accepted besides loopback ones, comma-separated (https://app.example.com)
  MIGRATE_MCP_MAX_SESSIONS (200), MIGRATE_MCP_SESSION_IDLE_SECONDS (1800): 2025-era sessions open at once, idle lifetime
  MIGRATE_MCP_MAX_BODY_BYTES (1 MiB), MIGRATE_MCP_MAX_IN_FLIGHT (8 calls a session), MIGRATE_MCP_SHUTDOWN_GRACE_MS (10000)
  Several replicas: MIGRATE_MCP_REDIS_URL=redis://host:6379 shares single use, rate windows, pollers, tasks, audit,
  with the same MIGRATE_MCP_CONFIRM_SECRET (or _FILE) and MIGRATE_MCP_TOKEN on each (README)
Upstreams (one or both):
  CloudM Migrate: CLOUDM_URL, and CLOUDM_EMAIL + CLOUDM_PASSWORD (or CLOUDM_PASSWORD_FILE), or CLOUDM_TOKEN (or _FILE)
  MigrateClouds:  MIGRATECLOUDS_API_KEY (or _FILE), MIGRATECLOUDS_PLAN (pro | enterprise), MIGRATECLOUDS_URL,
                  MIGRATECLOUDS_WEBHOOK_PORT, MIGRATECLOUDS_WEBHOOK_SECRET (or _FILE), MIGRATECLOUDS_WEBHOOK_URL
                  for the local webhook receiver
Node ${MINIMUM_NODE} or newer; ${ALLOW_OLD_NODE}=1 starts on an older one anyway, untested
Toolsets (* = default):
${TOOLSETS.map((t) => `  ${DEFAULT_TOOLSETS.includes(t) ? "*" : " "} ${t.padEnd(14)}${TOOLSET_DESCRIPTIONS[t]}`).join("\n")}`;

export const SIMULATOR_USAGE = `Usage: migrate-mcp simulator [options]   run the CloudM Migrate SIMULATOR alone, to explore its API

Options:
  --port N                 the port to listen on, on 127.0.0.1 (default: a free one)
  --profile P              ${SIMULATOR_PROFILES.join(" | ")}: every endpoint (full), only those the API guide documents (guide),
                           or the API as a stock ASP.NET Core service with CloudM's own models (aspnet)
  --seed N                 the seed of its demo data and faults (default 42)
  --speed N                how many times faster than real time its clock runs (default 30)
  --empty                  start with an empty tenant instead of the demo one
It prints the URL and demo credentials to use as CLOUDM_URL, CLOUDM_EMAIL and CLOUDM_PASSWORD.`;

type Env = Record<string, string | undefined>;

function secretFrom(env: Env, name: string, problems: string[]): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) problems.push(`Set ${name} or ${name}_FILE, not both`);
  if (!file) return direct || undefined;
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    problems.push(
      `${name}_FILE points to '${file}', which cannot be read; fix the path or set ${name} instead`,
    );
    return undefined;
  }
}

/**
 * An on/off setting. Anything but the words for on or off is a problem, not "off": a typo in
 * MIGRATE_MCP_READ_ONLY must not start a server that writes.
 */
function onOff(env: Env, name: string, problems: string[]): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || OFF.includes(value)) return false;
  if (ON.includes(value)) return true;
  problems.push(`${name} must be one of ${[...ON, ...OFF].join(", ")}, got '${env[name] ?? ""}'`);
  return false;
}

export function loadConfig(environment: Env, argv: string[]): Config {
  // Launchers fill every configured variable, the unanswered ones with "" (a Claude Desktop
  // bundle's empty settings, a VS Code input left blank): an empty variable counts as unset.
  const env: Env = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ""));
  const problems: string[] = [];
  let values: ReturnType<typeof parseFlags>["values"];
  try {
    values = parseFlags(argv).values;
  } catch (error) {
    throw new ConfigError([`${(error as Error).message}. Run 'migrate-mcp --help' for the options`]);
  }
  const demo = (values.demo ?? false) || onOff(env, "MIGRATE_MCP_DEMO", problems);

  const logLevel = (values["log-level"] ?? env.MIGRATE_MCP_LOG_LEVEL ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(
      `Log level '${logLevel}' is not one of ${LOG_LEVELS.join(", ")} (--log-level / MIGRATE_MCP_LOG_LEVEL)`,
    );

  const confirm = (values.confirm ?? env.MIGRATE_MCP_CONFIRM ?? "auto") as ConfirmPolicy;
  if (!CONFIRM_POLICIES.includes(confirm))
    problems.push(
      `Confirmation policy '${confirm}' is not one of ${CONFIRM_POLICIES.join(", ")} (--confirm / MIGRATE_MCP_CONFIRM)`,
    );

  const toolsetText = values.toolsets ?? env.MIGRATE_MCP_TOOLSETS;
  const listOf = (text: string | undefined) =>
    (text ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  const requested = !toolsetText
    ? [...DEFAULT_TOOLSETS]
    : toolsetText.trim() === "all"
      ? [...TOOLSETS]
      : listOf(toolsetText);
  const unknown = requested.filter((t) => !TOOLSETS.includes(t as Toolset));
  if (unknown.length > 0)
    problems.push(
      `Unknown toolset(s) ${unknown.join(", ")}; choose from ${TOOLSETS.join(", ")} (--toolsets / MIGRATE_MCP_TOOLSETS)`,
    );

  const toolNames: ReadonlySet<string> = new Set(TOOL_NAMES);
  const includeTools = listOf(values.tools ?? env.MIGRATE_MCP_TOOLS);
  const excludeTools = listOf(values["exclude-tools"] ?? env.MIGRATE_MCP_EXCLUDE_TOOLS);
  const unknownTools = [...includeTools, ...excludeTools].filter((t) => !toolNames.has(t));
  if (unknownTools.length > 0)
    problems.push(
      `Unknown tool(s) ${unknownTools.join(", ")} in --tools/--exclude-tools; see the README's tool table`,
    );

  const ttlText = env.MIGRATE_MCP_CONFIRM_TTL_SECONDS ?? "300";
  const confirmTtlSeconds = Number(ttlText);
  if (!Number.isFinite(confirmTtlSeconds) || confirmTtlSeconds <= 0)
    problems.push(`MIGRATE_MCP_CONFIRM_TTL_SECONDS must be a positive number of seconds, got '${ttlText}'`);

  const speedText = env.MIGRATE_MCP_SIMULATOR_SPEED ?? "60";
  const simulatorSpeed = Number(speedText);
  if (!Number.isFinite(simulatorSpeed) || simulatorSpeed <= 0)
    problems.push(`MIGRATE_MCP_SIMULATOR_SPEED must be a positive number, got '${speedText}'`);

  // The demo's clock runs fast, so it is followed more closely.
  const pollText = env.MIGRATE_MCP_POLL_INTERVAL_MS ?? (demo ? "500" : "5000");
  const pollIntervalMs = Number(pollText);
  if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 100)
    problems.push(
      `MIGRATE_MCP_POLL_INTERVAL_MS must be a whole number of milliseconds, at least 100, got '${pollText}'`,
    );

  const maxResponseText = env.MIGRATE_MCP_MAX_RESPONSE_MB ?? String(DEFAULT_MAX_RESPONSE_BYTES / MIB);
  const maxResponseBytes = Math.round(Number(maxResponseText) * MIB);
  if (!Number.isFinite(maxResponseBytes) || maxResponseBytes <= 0)
    problems.push(
      `MIGRATE_MCP_MAX_RESPONSE_MB must be a positive number of MiB (default ${DEFAULT_MAX_RESPONSE_BYTES / MIB}), got '${maxResponseText}'`,
    );

  const simulatorProfile = (values["simulator-profile"] ??
    env.MIGRATE_MCP_SIMULATOR_PROFILE ??
    "full") as SimulatorProfile;
  if (!SIMULATOR_PROFILES.includes(simulatorProfile))
    problems.push(
      `Simulator profile '${simulatorProfile}' is not one of ${SIMULATOR_PROFILES.join(", ")} (--simulator-profile / MIGRATE_MCP_SIMULATOR_PROFILE)`,
    );
  const endpointOverrides = endpointOverridesFrom(env.MIGRATE_MCP_ENDPOINTS, problems);

  const dirs = [
    ...(values["allow-dir"] ?? []),
    ...(env.MIGRATE_MCP_ALLOWED_DIRS?.split(delimiter).filter(Boolean) ?? []),
  ];

  const cloudm = demo ? undefined : cloudmFrom(env, problems);
  const migrateclouds = demo ? undefined : migrateCloudsFrom(env, problems);
  if (!demo && !cloudm && !migrateclouds && problems.length === 0) {
    problems.push(
      "No upstream configured: set CLOUDM_URL with CLOUDM_EMAIL and CLOUDM_PASSWORD (or CLOUDM_TOKEN), and/or MIGRATECLOUDS_API_KEY; or run with --demo to use the simulators",
    );
  }
  const transport = (values.transport ?? env.MIGRATE_MCP_TRANSPORT ?? "stdio") as Config["transport"];
  if (transport !== "stdio" && transport !== "http")
    problems.push(`--transport must be stdio or http, got '${transport}'`);
  const http = httpFrom(values, env, problems);
  const readOnly = (values["read-only"] ?? false) || onOff(env, "MIGRATE_MCP_READ_ONLY", problems);
  const redisUrl = redisUrlFrom(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: demo ? "demo" : "live",
    cloudm,
    migrateclouds,
    readOnly,
    toolsets: new Set(requested as Toolset[]),
    includeTools: new Set(includeTools),
    excludeTools: new Set(excludeTools),
    logLevel,
    confirm,
    confirmTtlSeconds,
    allowedDirs: dirs.map((d) => resolve(d)),
    simulatorSpeed,
    simulatorProfile,
    endpointOverrides,
    pollIntervalMs,
    maxResponseBytes,
    transport,
    http,
    confirmSecret: secretFrom(env, "MIGRATE_MCP_CONFIRM_SECRET", problems),
    redisUrl,
  };
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      demo: { type: "boolean" },
      "read-only": { type: "boolean" },
      toolsets: { type: "string" },
      tools: { type: "string" },
      "exclude-tools": { type: "string" },
      confirm: { type: "string" },
      "allow-dir": { type: "string", multiple: true },
      "log-level": { type: "string" },
      transport: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      stateless: { type: "boolean" },
      "simulator-profile": { type: "string" },
    },
  });
}

const DEFAULT_MIGRATECLOUDS_URL = "https://api.migrateclouds.com/v1";

function endpointOverridesFrom(file: string | undefined, problems: string[]): EndpointOverrides {
  if (!file) return NO_OVERRIDES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    problems.push(
      `MIGRATE_MCP_ENDPOINTS points to '${file}', which cannot be read as JSON (${(error as Error).message}); fix the file or unset the variable`,
    );
    return NO_OVERRIDES;
  }
  const parsed = parseEndpointOverrides(json);
  if ("problems" in parsed) {
    problems.push(...parsed.problems.map((p) => `MIGRATE_MCP_ENDPOINTS (${file}): ${p}`));
    return NO_OVERRIDES;
  }
  return parsed.overrides;
}

function cloudmFrom(env: Env, problems: string[]): Config["cloudm"] {
  const url = env.CLOUDM_URL;
  const email = env.CLOUDM_EMAIL;
  const password = secretFrom(env, "CLOUDM_PASSWORD", problems);
  const token = secretFrom(env, "CLOUDM_TOKEN", problems);
  if (!url && !email && !password && !token) return undefined;
  if (!url) {
    problems.push(
      "CLOUDM_URL is not set: set it to your CloudM Migrate instance (https://migrate.example.com)",
    );
  } else if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    problems.push(
      `CLOUDM_URL '${url}' is not an http(s) URL; it should look like https://migrate.example.com`,
    );
  }
  if (!token && !(email && password)) {
    problems.push(
      email
        ? "CLOUDM_PASSWORD is not set: set CLOUDM_PASSWORD (or CLOUDM_PASSWORD_FILE) for CLOUDM_EMAIL, or set CLOUDM_TOKEN"
        : "No CloudM credentials: set CLOUDM_EMAIL and CLOUDM_PASSWORD, or CLOUDM_TOKEN",
    );
  }
  if (!url) return undefined;
  if (token) return { url, credentials: { kind: "token", token } };
  return email && password ? { url, credentials: { kind: "password", email, password } } : undefined;
}

function migrateCloudsFrom(env: Env, problems: string[]): Config["migrateclouds"] {
  const apiKey = secretFrom(env, "MIGRATECLOUDS_API_KEY", problems);
  const url = env.MIGRATECLOUDS_URL ?? DEFAULT_MIGRATECLOUDS_URL;
  const plan = (env.MIGRATECLOUDS_PLAN ?? "pro").toLowerCase();
  const others = ["MIGRATECLOUDS_URL", "MIGRATECLOUDS_PLAN", "MIGRATECLOUDS_WEBHOOK_PORT"].filter(
    (name) => env[name],
  );
  if (!apiKey) {
    if (others.length > 0)
      problems.push(
        `${others.join(", ")} set but MIGRATECLOUDS_API_KEY is not: set the API key (Settings > API Keys)`,
      );
    return undefined;
  }
  if (!/^https?:\/\/[^/\s]+/i.test(url))
    problems.push(
      `MIGRATECLOUDS_URL '${url}' is not an http(s) URL; the default is ${DEFAULT_MIGRATECLOUDS_URL}`,
    );
  if (!(plan in PLANS))
    problems.push(`MIGRATECLOUDS_PLAN '${plan}' is not one of ${Object.keys(PLANS).join(", ")}`);
  const portText = env.MIGRATECLOUDS_WEBHOOK_PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    problems.push(`MIGRATECLOUDS_WEBHOOK_PORT must be a port number (0 picks a free one), got '${portText}'`);
  }
  const secret = secretFrom(env, "MIGRATECLOUDS_WEBHOOK_SECRET", problems);
  if (secret !== undefined && secret.length < 16)
    problems.push("MIGRATECLOUDS_WEBHOOK_SECRET must be at least 16 characters");
  return {
    url,
    apiKey,
    plan: plan as Plan,
    webhook: port === undefined ? undefined : { port, secret, publicUrl: env.MIGRATECLOUDS_WEBHOOK_URL },
  };
}

/** A Redis URL the client can use (redis:// or rediss://, with a host), or the problem naming the setting. */
function redisUrlFrom(env: Env, problems: string[]): string | undefined {
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

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function positiveInt(text: string | undefined, name: string, fallback: number, problems: string[]): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (Number.isInteger(n) && n > 0) return n;
  problems.push(`${name} must be a positive whole number, got '${text}'`);
  return fallback;
}

function httpFrom(values: ReturnType<typeof parseFlags>["values"], env: Env, problems: string[]): HttpConfig {
  const host = values.host ?? env.MIGRATE_MCP_HOST ?? "127.0.0.1";
  const portText = values.port ?? env.MIGRATE_MCP_PORT ?? "8808";
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
  const list = (text: string | undefined) =>
    (text ?? "")
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    host,
    port,
    stateless: values.stateless ?? onOff(env, "MIGRATE_MCP_STATELESS", problems),
    token,
    oauth,
    allowedHosts: list(env.MIGRATE_MCP_ALLOWED_HOSTS),
    allowedOrigins: list(env.MIGRATE_MCP_ALLOWED_ORIGINS),
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
