#!/usr/bin/env node
/**
 * CLI entry. `migrate-mcp [options]` serves MCP over stdio (stdout is the protocol's: nothing else is
 * written there); `migrate-mcp simulator` runs the CloudM simulator alone for exploring the API.
 */
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ConfigError, loadConfig, USAGE } from "./config.js";
import { createLogger } from "./log.js";
import { ServerHub } from "./hub.js";
import { createServer, createShared } from "./server.js";
import { connectUpstreams } from "./upstreams.js";
import { startCloudMSimulator } from "./simulator/cloudm/server.js";

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError([`--${name} must be a non-negative number, got '${value}'`]);
  return n;
}

async function runSimulator(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      speed: { type: "string" },
      empty: { type: "boolean" },
    },
    strict: true,
  });
  const sim = await startCloudMSimulator({
    port: numberOption(values.port, "port", 0),
    seed: numberOption(values.seed, "seed", 42),
    clockSpeed: numberOption(values.speed, "speed", 30),
    tenant: values.empty ? "empty" : "demo",
  });
  const lines = [
    "CloudM Migrate SIMULATOR (not a real CloudM instance) listening",
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

async function serve(argv: string[]): Promise<void> {
  const config = loadConfig(process.env, argv);
  const hub = new ServerHub();
  const logger = createLogger(config.logLevel, hub.logStream());
  const upstreams = await connectUpstreams(config, logger, hub);
  const server = createServer(createShared(upstreams.deps));
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    await upstreams.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.once("end", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
  await server.connect(transport);
  logger.info(
    { mode: config.mode, readOnly: config.readOnly, toolsets: [...config.toolsets] },
    "migrate-mcp serving on stdio",
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  if (command === "simulator") return runSimulator(rest);
  return serve(argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const lines =
    error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
  for (const line of lines) process.stderr.write(`migrate-mcp: ${line}\n`);
  process.exit(2);
});
