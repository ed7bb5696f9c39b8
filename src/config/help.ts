/**
 * The --help texts: the server's (every setting, by its flag and environment variable, and the
 * toolsets) and the standalone simulator's. test/unit/settings-documented.test.ts holds the first to
 * what the configuration reads.
 */
import { DEFAULT_MAX_RESPONSE_BYTES } from "../api/http.js";
import { SIMULATOR_PROFILES } from "../config.js";
import { LOG_LEVELS } from "../log.js";
import { MIB } from "./env.js";
import { ALLOW_OLD_NODE, MINIMUM_NODE } from "../node-version.js";
import { DEFAULT_TOOLSETS, TOOLSET_DESCRIPTIONS, TOOLSETS } from "../tools/toolsets.js";

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
