// Load over Streamable HTTP: 50 concurrent sessions calling get_batch_statistics, against the same
// calls made directly to the simulator in the same run. Bounded: 50 x BENCH_HTTP_CALLS calls, loopback only.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { directStatistics, startHttpServer, summary } from "../lib.mjs";

export const title = "HTTP load: 50 concurrent sessions, get_batch_statistics, vs direct calls (ms)";

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
  const directRun = await run(() => direct());
  await Promise.all(clients.map((c) => c.close()));
  child.kill("SIGTERM");
  const json = {
    sessions: SESSIONS,
    callsPerSession: CALLS_PER_SESSION,
    mcp,
    direct: directRun,
    ratioP50: mcp.p50 / directRun.p50,
    ratioP99: mcp.p99 / directRun.p99,
  };
  return {
    table: { "mcp over http": mcp, direct: directRun },
    notes: `${SESSIONS} sessions x ${CALLS_PER_SESSION} calls; throughput and latency side by side; ratio p50 ${json.ratioP50.toFixed(2)}x, p99 ${json.ratioP99.toFixed(2)}x`,
    json,
  };
}
