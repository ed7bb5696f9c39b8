/**
 * CLI entry. `migrate-mcp [options]` serves MCP over stdio (stdout is the protocol's: nothing else is
 * written there); `migrate-mcp simulator` runs the CloudM simulator alone for exploring the API;
 * `migrate-mcp doctor [options]` checks a configuration and its upstreams.
 */
import { parseArgs } from "node:util";
import type { McpServer } from "@modelcontextprotocol/server";
import { serveStdio, StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { tapListens } from "./resources/listen.js";
import { ConfigError, loadConfig, SIMULATOR_PROFILES, type SimulatorProfile } from "./config.js";
import { SIMULATOR_USAGE, USAGE } from "./config/help.js";
import { createLogger } from "./log.js";
import { ServerHub } from "./hub.js";
import { createServer, createShared, SERVER_VERSION } from "./server.js";
import { connectUpstreams } from "./upstreams.js";

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError([`--${name} must be a non-negative number, got '${value}'`]);
  return n;
}

const PROFILE_NOTES: Record<SimulatorProfile, string> = {
  full: "",
  guide: " (only the guide's endpoints)",
  aspnet: " (ASP.NET Core conventions and CloudM's own models; see /openapi/v1.json)",
};

async function runSimulator(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      speed: { type: "string" },
      empty: { type: "boolean" },
      profile: { type: "string" },
    },
    strict: true,
  });
  const profile = SIMULATOR_PROFILES.find((p) => p === (values.profile ?? "full"));
  if (profile === undefined)
    throw new ConfigError([
      `--profile must be one of ${SIMULATOR_PROFILES.join(", ")}, got '${values.profile}'`,
    ]);
  const { startCloudMSimulator } = await import("./simulator/cloudm/server.js");
  const sim = await startCloudMSimulator({
    port: numberOption(values.port, "port", 0),
    seed: numberOption(values.seed, "seed", 42),
    clockSpeed: numberOption(values.speed, "speed", 30),
    tenant: values.empty ? "empty" : "demo",
    profile,
  });
  const lines = [
    `CloudM Migrate SIMULATOR (not a real CloudM instance) listening, ${profile} profile${PROFILE_NOTES[profile]}`,
    `  CLOUDM_URL=${sim.url}`,
    `  CLOUDM_EMAIL=${sim.credentials.email}`,
    `  CLOUDM_PASSWORD=${sim.credentials.password}   (simulator demo credentials)`,
    ...(sim.demo ? [`  demo batch configurationId=${sim.demo.configurationId}`] : []),
    "Press Ctrl+C to stop.",
  ];
  // This command is not an MCP transport, so stdout is free for the user.
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Runs `stop` once, on SIGINT, SIGTERM or whatever else calls the returned function. */
function onShutdown(stop: () => Promise<void>): () => void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", once);
  process.once("SIGTERM", once);
  return once;
}

async function serve(argv: string[]): Promise<void> {
  const config = loadConfig(process.env, argv);
  const hub = new ServerHub();
  const logger = createLogger(config.logLevel, hub.logStream());
  hub.attachLogger(logger, config.logLevel);
  const upstreams = await connectUpstreams(config, logger, hub);
  const shared = createShared(upstreams.deps);
  const describe = { mode: config.mode, readOnly: config.readOnly, toolsets: [...config.toolsets] };
  if (config.transport === "http") {
    const { startHttpServer } = await import("./http/server.js");
    const http = await startHttpServer(shared, config.http);
    onShutdown(async () => {
      logger.info("shutting down: finishing calls in flight");
      upstreams.beginShutdown();
      await http.close();
      await shared.tasks.settled();
      await upstreams.close();
    });
    logger.info(
      { ...describe, url: http.url, stateless: config.http.stateless },
      `migrate-mcp serving MCP at ${http.url}`,
    );
    return;
  }
  // The client's opening message picks the era: initialize (2025-11-25) or a 2026-07-28 request.
  let pinned: McpServer | undefined;
  const transport = tapListens(
    new StdioServerTransport(),
    shared.follow,
    (uri) => void pinned?.server.sendResourceUpdated({ uri }).catch(() => undefined),
  );
  const stdio = serveStdio(() => (pinned = createServer(shared)), {
    transport,
    onerror: (error) => logger.warn({ err: error.message }, "stdio transport error"),
  });
  const stop = onShutdown(async () => {
    upstreams.beginShutdown();
    await stdio.close();
    await shared.tasks.settled();
    await upstreams.close();
  });
  process.stdin.once("end", stop);
  logger.info(describe, "migrate-mcp serving on stdio (MCP 2025-11-25 and 2026-07-28)");
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // Asked anywhere on the line (`doctor --help`, `--demo --version`), as a user types them.
  if (argv.some((a) => a === "--version" || a === "-v")) {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return;
  }
  if (command === "help" || argv.some((a) => a === "--help" || a === "-h")) {
    process.stderr.write(`${command === "simulator" ? SIMULATOR_USAGE : USAGE}\n`);
    return;
  }
  if (command === "simulator") return runSimulator(rest);
  if (command === "doctor") {
    const { runDoctor } = await import("./doctor.js");
    // Like the simulator, not an MCP transport: stdout is free for the report.
    process.exitCode = await runDoctor(rest, process.env, (text) => process.stdout.write(text));
    return;
  }
  return serve(argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const lines =
    error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
  for (const line of lines) process.stderr.write(`migrate-mcp: ${line}\n`);
  process.exit(2);
});
