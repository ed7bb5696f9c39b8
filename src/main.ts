#!/usr/bin/env node
/** CLI entry: `migrate-mcp simulator [--port N] [--seed N] [--speed X]` starts the CloudM simulator. */
import { parseArgs } from "node:util";
import { createLogger } from "./log.js";
import { startCloudMSimulator } from "./simulator/cloudm/server.js";

const USAGE = `Usage:
  migrate-mcp simulator [--port N] [--seed N] [--speed X] [--empty]
      Starts the CloudM Migrate SIMULATOR on 127.0.0.1 (not a real CloudM instance).`;

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number, got '${value}'`);
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
  const logger = createLogger("info");
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
  // The simulator CLI is not an MCP transport, so stdout is free for the user.
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => {
    logger.info("simulator stopping");
    void sim.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === "simulator") return runSimulator(rest);
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = command === "--help" || command === "-h" ? 0 : 2;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`migrate-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
