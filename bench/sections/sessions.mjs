// HTTP session memory: RSS of the server with 0, then 300 idle 2025-era sessions, then after the idle
// limit has closed them; and the same 300 clients speaking 2026-07-28 (no session at all).
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startHttpServer } from "../lib.mjs";

export const title = "HTTP sessions: server RSS with idle clients, per era (MiB)";

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

export async function run({ sim }) {
  const N = Number(process.env.BENCH_SESSIONS ?? 300);
  const IDLE_SECONDS = 5;
  const { child, url } = await startHttpServer({
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
    MIGRATE_MCP_MAX_SESSIONS: String(N + 10),
    MIGRATE_MCP_SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
  });
  await sleep(500);
  const empty = rssMiB(child.pid);
  const legacy = [];
  for (let i = 0; i < N; i++) {
    const client = new Client({ name: "bench-sessions", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    await client.callTool({ name: "whoami", arguments: {} });
    legacy.push(client);
  }
  const withSessions = rssMiB(child.pid);
  await sleep((IDLE_SECONDS + 3) * 1000);
  const afterIdle = rssMiB(child.pid);
  const modern = [];
  for (let i = 0; i < N; i++) {
    const client = new ModernClient(
      { name: "bench-sessions", version: "1" },
      { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    await client.connect(new ModernTransport(new URL(url)));
    await client.callTool({ name: "whoami", arguments: {} });
    modern.push(client);
  }
  const withModern = rssMiB(child.pid);
  await Promise.allSettled([...legacy, ...modern].map((c) => c.close()));
  child.kill("SIGTERM");
  const perSession = (withSessions - empty) / N;
  return {
    table: {
      "no clients": { rssMiB: Number(empty.toFixed(1)) },
      [`${N} idle 2025 sessions`]: { rssMiB: Number(withSessions.toFixed(1)) },
      [`after the ${IDLE_SECONDS} s idle limit`]: { rssMiB: Number(afterIdle.toFixed(1)) },
      [`${N} 2026 clients (no sessions)`]: { rssMiB: Number(withModern.toFixed(1)) },
    },
    notes: `${(perSession * 1024).toFixed(0)} KiB per idle 2025 session; RSS after reaping is what the heap kept, not live sessions`,
    json: { sessions: N, empty, withSessions, afterIdle, withModern, perSessionKiB: perSession * 1024 },
  };
}
