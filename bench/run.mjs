// Benchmarks on the built server (npm run bench builds first). Prints a table and writes
// bench/results/latest.json. Every figure is measured in this run, side by side.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { spawn } from "node:child_process";
import { request } from "undici";
import { startCloudMSimulator } from "../dist/simulator/cloudm/server.js";
import { TOOLSETS } from "../dist/tools/toolsets.js";

const entry = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 300);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

async function connect(env, args = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, ...args],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(transport);
  return client;
}

async function toolListSizes(sim) {
  const env = {
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
  };
  const rows = [];
  for (const toolset of ["default", ...TOOLSETS, "all"]) {
    const client = await connect(env, toolset === "default" ? [] : ["--toolsets", toolset]);
    // A server with no tools registered has no tools/list at all.
    const { tools } = await client.listTools().catch(() => ({ tools: [] }));
    // What a model is shown: name, description and input schema.
    const shown = tools.map((t) =>
      JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema }),
    );
    const bytes = shown.reduce((n, s) => n + Buffer.byteLength(s), 0);
    rows.push({
      toolset,
      tools: tools.length,
      bytes,
      bytesPerTool: tools.length ? Math.round(bytes / tools.length) : 0,
    });
    await client.close();
  }
  return rows;
}

async function perCallOverhead(sim) {
  const env = {
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
    MIGRATE_MCP_LOG_LEVEL: "error",
  };
  const client = await connect(env);
  const configurationId = sim.demo.configurationId;
  const login = await request(`${sim.url}/api/Account/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userEmail: sim.credentials.email, password: sim.credentials.password }),
  });
  const { accessToken } = await login.body.json();
  const direct = async () => {
    const r = await request(
      `${sim.url}/api/ConnectionBatchesProgress/get-statistics?configurationId=${configurationId}`,
      { headers: { authorization: `Bearer ${accessToken}` } },
    );
    await r.body.json();
  };
  const viaMcp = () => client.callTool({ name: "get_batch_statistics", arguments: { configurationId } });
  for (let i = 0; i < 20; i++) {
    await direct();
    await viaMcp();
  }
  const samples = { direct: [], mcp: [] };
  // Interleaved, so both see the same machine noise.
  for (let i = 0; i < CALLS; i++) {
    let t = performance.now();
    await direct();
    samples.direct.push(performance.now() - t);
    t = performance.now();
    await viaMcp();
    samples.mcp.push(performance.now() - t);
  }
  await client.close();
  const direct_ = summary(samples.direct);
  const mcp = summary(samples.mcp);
  return {
    calls: CALLS,
    directMs: direct_,
    mcpMs: mcp,
    ratioP50: mcp.p50 / direct_.p50,
    ratioP99: mcp.p99 / direct_.p99,
  };
}

/** 50 sessions over Streamable HTTP calling get_batch_statistics at once, against direct calls to the same simulator. */
async function httpLoad(sim) {
  const SESSIONS = 50;
  const CALLS_PER_SESSION = Number(process.env.BENCH_HTTP_CALLS ?? 20);
  const env = {
    PATH: process.env.PATH ?? "",
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
    MIGRATE_MCP_LOG_LEVEL: "info",
  };
  const child = spawn(process.execPath, [entry, "--transport", "http", "--port", "0"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HTTP server did not start: ${log}`)), 15_000);
    child.stderr.on("data", (c) => {
      log += c;
      const m = /serving MCP at (http:\/\/[^"\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const configurationId = sim.demo.configurationId;
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const client = new Client({ name: "bench-http", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    }),
  );
  const login = await request(`${sim.url}/api/Account/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userEmail: sim.credentials.email, password: sim.credentials.password }),
  });
  const { accessToken } = await login.body.json();
  const direct = async () => {
    const r = await request(
      `${sim.url}/api/ConnectionBatchesProgress/get-statistics?configurationId=${configurationId}`,
      { headers: { authorization: `Bearer ${accessToken}` } },
    );
    await r.body.json();
  };
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
  return {
    sessions: SESSIONS,
    callsPerSession: CALLS_PER_SESSION,
    mcp,
    direct: directRun,
    ratioP50: mcp.p50 / directRun.p50,
    ratioP99: mcp.p99 / directRun.p99,
  };
}

const sim = await startCloudMSimulator({ tenant: "demo" });
try {
  const sizes = await toolListSizes(sim);
  const overhead = await perCallOverhead(sim);
  const load = await httpLoad(sim);
  console.log("\ntools/list (name + description + inputSchema, what a model is shown)");
  console.table(sizes);
  console.log("\nper-call: get_batch_statistics via MCP stdio vs direct HTTP GET of the same endpoint (ms)");
  console.table({ direct: overhead.directMs, mcp: overhead.mcpMs });
  console.log(
    `ratio p50 ${overhead.ratioP50.toFixed(2)}x, p99 ${overhead.ratioP99.toFixed(2)}x over ${overhead.calls} interleaved calls`,
  );
  console.log(
    `\nHTTP load: ${load.sessions} concurrent sessions x ${load.callsPerSession} get_batch_statistics calls, and the same calls made directly to the simulator (ms)`,
  );
  console.table({ "mcp over http": load.mcp, direct: load.direct });
  console.log(`ratio p50 ${load.ratioP50.toFixed(2)}x, p99 ${load.ratioP99.toFixed(2)}x`);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("./results/latest.json", import.meta.url),
    JSON.stringify({ date: new Date().toISOString(), sizes, overhead, load }, null, 2),
  );
} finally {
  await sim.close();
}
