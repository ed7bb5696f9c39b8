/**
 * Configuration: environment first (what Claude Desktop passes), flags override. One pure function
 * that reports every problem at once, each naming the setting and how to fix it. This entry holds the
 * flags and the general settings; each area's are read in src/config/ (`http.ts`, `upstreams.ts`,
 * `tool-selection.ts`, OAuth mode's `oauth.ts`; `env.ts` for how one value is read). The --help
 * texts are src/config/help.ts.
 */
import { delimiter, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { EndpointOverrides } from "./api/cloudm/overrides.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./api/http.js";
import { type Env, MIB, onOff, secretFrom } from "./config/env.js";
import { type HttpConfig, httpFrom, redisUrlFrom } from "./config/http.js";
import { toolSelectionFrom } from "./config/tool-selection.js";
import {
  type CloudMConfig,
  cloudmFrom,
  endpointOverridesFrom,
  type MigrateCloudsConfig,
  migrateCloudsFrom,
} from "./config/upstreams.js";
import { LOG_LEVELS, type LogLevel } from "./log.js";
import type { Toolset } from "./tools/toolsets.js";

export type { HttpConfig } from "./config/http.js";
export type { CloudMConfig, MigrateCloudsConfig } from "./config/upstreams.js";

export const CONFIRM_POLICIES = ["auto", "elicitation", "deny"] as const;
export const SIMULATOR_PROFILES = ["full", "guide", "aspnet"] as const;
export type SimulatorProfile = (typeof SIMULATOR_PROFILES)[number];
export type ConfirmPolicy = (typeof CONFIRM_POLICIES)[number];

export interface Config {
  /** `demo` runs against the embedded simulator; `live` against the configured instance. */
  mode: "demo" | "live";
  /** Undefined when CloudM is not configured (its tools, resources and prompts are then absent). */
  cloudm: CloudMConfig | undefined;
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
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

  const tools = toolSelectionFrom(values, env, problems);

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
  const confirmSecret = secretFrom(env, "MIGRATE_MCP_CONFIRM_SECRET", problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: demo ? "demo" : "live",
    cloudm,
    migrateclouds,
    readOnly,
    ...tools,
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
    confirmSecret,
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
