// Load over Streamable HTTP: 50 concurrent 2025-11-25 sessions calling get_batch_statistics, then 50
// 2026-07-28 clients (no session: a server per request), against the same calls made directly to the
// simulator in the same run. Bounded: 50 x BENCH_HTTP_CALLS calls each, loopback only.
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { directStatistics, startHttpServer, summary } from "../lib.mjs";

export const title = "HTTP load: 50 concurrent clients per era, get_batch_statistics, vs direct calls (ms)";

/** 50 sessions over Streamable HTTP calling get_batch_statistics at once, against direct calls to the same simulator. */
export async function run({ sim }) {
  const SESSIONS = 50;
  const CALLS_PER_SESSION = Number(process.env.BENCH_HTTP_CALLS ?? 20);
  const { child, url } = await startHttpServer({
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
  });
  const configurationId = sim.demo.configurationId;
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const client = new Client({ name: "bench-http", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    }),
  );
  const modern = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const client = new ModernClient(
        { name: "bench-http", version: "1" },
        { versionNegotiation: { mode: { pin: "2026-07-28" } } },
      );
      await client.connect(new ModernTransport(new URL(url)));
      return client;
    }),
  );
  const direct = await directStatistics(sim, configurationId);
  const run = async (call) => {
    const samples = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        for (let n = 0; n < CALLS_PER_SESSION; n++) {
          const t = performance.now();
          await call(i);
          samples.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { ...summary(samples), throughputPerSecond: Math.round(samples.length / seconds) };
  };
  await run((i) => clients[i].callTool({ name: "get_batch_statistics", arguments: { configurationId } }));
  const mcp = await run((i) =>
    clients[i].callTool({ name: "get_batch_statistics", arguments: { configurationId } }),
  );
  const statistics = { name: "get_batch_statistics", arguments: { configurationId } };
  await run((i) => modern[i].callTool(statistics));
  const mcpModern = await run((i) => modern[i].callTool(statistics));
  const directRun = await run(() => direct());
  await Promise.all([...clients, ...modern].map((c) => c.close()));
  child.kill("SIGTERM");
  const json = {
    sessions: SESSIONS,
    callsPerSession: CALLS_PER_SESSION,
    mcp,
    mcpModern,
    direct: directRun,
    ratioP50: mcp.p50 / directRun.p50,
    ratioP99: mcp.p99 / directRun.p99,
  };
  return {
    table: { "2025-11-25 sessions": mcp, "2026-07-28 (server per request)": mcpModern, direct: directRun },
    notes: `${SESSIONS} clients x ${CALLS_PER_SESSION} calls per era; throughput and latency side by side; 2025 ratio p50 ${json.ratioP50.toFixed(2)}x, p99 ${json.ratioP99.toFixed(2)}x`,
    json,
  };
}
