// Shared by the benchmark sections: percentiles, spawning the built server, an SDK client over stdio.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { request } from "undici";

export const SERVER_ENTRY = fileURLToPath(new URL("../build/migrate-mcp.mjs", import.meta.url));

/** PATH, and leave to start on this Node where it is older than the package supports (Node 20 is measured too). */
const CHILD_ENV = { PATH: process.env.PATH ?? "", MIGRATE_MCP_ALLOW_OLD_NODE: "1" };

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** n, p50 and p99 of samples (ms), rounded to 0.01. */
export function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  return { n: sorted.length, p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)) };
}

export const median = (samples) => summary(samples).p50;

/** An SDK client over stdio to `command args`, with `env` (PATH is added). */
export async function connectStdio(command, args, env = {}) {
  const transport = new StdioClientTransport({
    command,
    args,
    env: { ...CHILD_ENV, ...env },
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(transport);
  return client;
}

/** Environment that points the built server at a CloudM simulator. */
export const cloudmEnv = (sim, extra = {}) => ({
  CLOUDM_URL: sim.url,
  CLOUDM_EMAIL: sim.credentials.email,
  CLOUDM_PASSWORD: sim.credentials.password,
  MIGRATE_MCP_LOG_LEVEL: "error",
  ...extra,
});

/** A direct get-statistics call to the simulator (logged in once), the baseline MCP calls are compared with. */
export async function directStatistics(sim, configurationId) {
  const login = await request(`${sim.url}/api/Account/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userEmail: sim.credentials.email, password: sim.credentials.password }),
  });
  const { accessToken } = await login.body.json();
  return async () => {
    const r = await request(
      `${sim.url}/api/ConnectionBatchesProgress/get-statistics?configurationId=${configurationId}`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    await r.body.json();
  };
}

/** The built server over HTTP on a free port, with `env` (PATH is added); its URL once it serves. */
export async function startHttpServer(env) {
  const child = spawn(process.execPath, [SERVER_ENTRY, "--transport", "http", "--port", "0"], {
    // Info, whatever env says: the start is read off the "serving MCP at" line.
    env: { ...CHILD_ENV, ...env, MIGRATE_MCP_LOG_LEVEL: "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HTTP server did not start: ${log}`)), 15_000);
    child.once("exit", (code) => reject(new Error(`HTTP server exited (${code}): ${log}`)));
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /serving MCP at (http:\/\/[^"\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, url };
}
