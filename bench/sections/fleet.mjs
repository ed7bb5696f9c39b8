// Replicas on one Redis (a real redis-server of the system's packages, on a free port): upstream
// statistics polls per interval and GETs per change for 1 vs 3 replicas x 1 vs 150 subscribers; 429s
// from the MigrateClouds simulator when 3 replicas hammer one Pro key, shared window vs each its own.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import pino from "pino";
import { cloudmEnv, startHttpServer } from "../lib.mjs";
import { CloudMClient } from "../../dist/api/cloudm/client.js";
import { MigrateCloudsClient } from "../../dist/api/migrateclouds/client.js";
import { connectFleet } from "../../dist/fleet/connect.js";
import { LocalFleetStore } from "../../dist/fleet/store.js";
import { StatisticsWatcher } from "../../dist/live/watcher.js";
import { startCloudMSimulator } from "../../dist/simulator/cloudm/server.js";
import { DEMO_PRO_KEY, startMigrateCloudsSimulator } from "../../dist/simulator/migrateclouds/server.js";

export const title = "fleet: replicas sharing one Redis (polls, GETs per change, 429s under one key)";

const silent = pino({ level: "silent" });
const STATS_ROUTE = "GET /api/ConnectionBatchesProgress/get-statistics";

async function startRedis() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise((resolve, reject) => {
    let log = "";
    child.once("error", reject);
    child.stdout.on("data", (c) => {
      log += c;
      if (log.includes("Ready to accept connections")) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGKILL") };
}

async function polling(redisUrl, replicas, subscribers) {
  const INTERVAL = 200;
  const sim = await startCloudMSimulator({ tenant: "demo", clockSpeed: 5, seed: 7 });
  const stores = [];
  const watchers = [];
  const clients = [];
  try {
    for (let i = 0; i < replicas; i++) {
      const store = replicas > 1 ? await connectFleet(redisUrl, silent) : new LocalFleetStore();
      stores.push(store);
      const client = new CloudMClient({
        baseUrl: sim.url,
        logger: silent,
        credentials: { kind: "password", ...sim.credentials },
        calibrate: false,
      });
      clients.push(client);
      watchers.push(new StatisticsWatcher(client, INTERVAL, silent, store));
    }
    const id = sim.demo.configurationId;
    await clients[0].startMigration(id, "StartMigration");
    let changes = 0;
    const distinct = new Set();
    for (let s = 0; s < subscribers; s++)
      watchers[s % replicas].subscribe(id, (stats, initial) => {
        if (initial) return;
        changes++;
        distinct.add(JSON.stringify(stats));
      });
    await sleep(INTERVAL * 2);
    const before = sim.countRequests(STATS_ROUTE);
    const changesBefore = distinct.size;
    const INTERVALS = 10;
    await sleep(INTERVAL * INTERVALS);
    const gets = sim.countRequests(STATS_ROUTE) - before;
    const changed = distinct.size - changesBefore;
    return {
      pollsPerInterval: Math.round((gets / INTERVALS) * 100) / 100,
      getsPerChange: changed ? Math.round((gets / changed) * 100) / 100 : null,
      noticesPerChange: changed ? Math.round(changes / distinct.size) : null,
    };
  } finally {
    for (const w of watchers) w.close();
    await Promise.all([...stores, ...clients].map((c) => c.close()));
    await sim.close();
  }
}

async function hammer(redisUrl, shared) {
  const CLOCK = 6;
  const mc = await startMigrateCloudsSimulator({ clockSpeed: CLOCK });
  const stores = [];
  try {
    const clients = [];
    for (let i = 0; i < 3; i++) {
      const store = shared ? await connectFleet(redisUrl, silent) : new LocalFleetStore();
      stores.push(store);
      clients.push(
        new MigrateCloudsClient({
          baseUrl: mc.url,
          apiKey: DEMO_PRO_KEY,
          plan: "pro",
          logger: silent,
          timeScale: CLOCK,
          rateWindows: store,
          retry: { maxRetries: 0 },
        }),
      );
    }
    const until = Date.now() + Math.ceil((70 * 1000) / CLOCK);
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 10 }, async () => {
          while (Date.now() < until)
            await client
              .listFiles(
                { service: "box", path: "/HR" },
                AbortSignal.timeout(Math.max(1, until - Date.now())),
              )
              .catch(() => undefined);
        }),
      ),
    );
    await Promise.all(clients.map((c) => c.close()));
    return { sent: mc.countRequests("GET /v1/files/list"), rejected429: mc.rateLimitRejections() };
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await mc.close();
  }
}

/** 50 concurrent clients, spread over the replicas, calling get_batch_statistics 20 times each. */
async function load(sim, redisUrl, replicas) {
  const env = cloudmEnv(sim, {
    ...(replicas > 1 ? { MIGRATE_MCP_REDIS_URL: redisUrl } : {}),
    MIGRATE_MCP_CONFIRM_SECRET: "b".repeat(40),
  });
  const servers = await Promise.all(Array.from({ length: replicas }, () => startHttpServer(env)));
  const clients = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const client = new Client({ name: "bench-fleet", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(servers[i % replicas].url)));
      return client;
    }),
  );
  const configurationId = sim.demo.configurationId;
  const call = (c) =>
    c.callTool({ name: "get_batch_statistics", arguments: { configurationId, itemLimit: 0 } });
  await Promise.all(clients.map(call));
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let n = 0; n < 20; n++) await call(c);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  for (const s of servers) s.child.kill("SIGTERM");
  return { callsPerSecond: Math.round((50 * 20) / seconds) };
}

export async function run({ sim }) {
  const redis = await startRedis();
  try {
    const table = {};
    for (const replicas of [1, 3])
      for (const subscribers of [1, 150])
        table[`${replicas} replica(s), ${subscribers} subscriber(s)`] = await polling(
          redis.url,
          replicas,
          subscribers,
        );
    const shared = await hammer(redis.url, true);
    const own = await hammer(redis.url, false);
    table["3 replicas, one Pro key, shared window (70 simulated s)"] = shared;
    table["3 replicas, one Pro key, each its own window"] = own;
    table["50 concurrent clients, 1 replica"] = await load(sim, redis.url, 1);
    table["50 concurrent clients, 3 replicas"] = await load(sim, redis.url, 3);
    return {
      table,
      notes:
        "1 replica runs without Redis; 3 replicas share one redis-server. The plan allows 120 requests in the 70 s run's two minutes (simulated at 6x: about 12 s). Calls/s: on 2 cores three replicas share the same two cores, so this shows the cost of coordination, not scaling.",
      json: table,
    };
  } finally {
    redis.stop();
  }
}
