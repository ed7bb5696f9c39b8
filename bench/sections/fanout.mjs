// Fan-out: upstream statistics polls per poll interval with 0, 1 and 50 sessions subscribed to one
// batch's statistics resource, in one server process over Streamable HTTP. The process shares one
// poller per batch, so the upstream load should not grow with the subscribers (ratio ≈ 1).
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { startCloudMSimulator } from "../../dist/simulator/cloudm/server.js";
import { cloudmEnv, startHttpServer } from "../lib.mjs";

export const title = "fan-out: upstream statistics polls per interval vs subscribers (one process, HTTP)";

const STATISTICS_ROUTE = "GET /api/ConnectionBatchesProgress/get-statistics";
const SUBSCRIBERS = 50;

async function session(url) {
  const client = new Client({ name: "bench-fanout", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Starts a run through the confirmation gate: the first call previews, the second confirms. */
async function startRun(client, configurationId) {
  const args = { configurationId, mode: "StartMigration" };
  const preview = await client.callTool({ name: "start_migration", arguments: args });
  const confirmationToken = preview.structuredContent?.confirmationToken;
  if (!confirmationToken)
    throw new Error(`start_migration gave no confirmationToken: ${JSON.stringify(preview)}`);
  const started = await client.callTool({
    name: "start_migration",
    arguments: { ...args, confirmationToken },
  });
  if (started.isError) throw new Error(`start_migration failed: ${JSON.stringify(started.content)}`);
}

function assertActive(sim, configurationId, when) {
  const state = sim.state.batches.get(configurationId)?.run.state;
  if (!["PreparingData", "Queueing", "Running"].includes(state ?? ""))
    throw new Error(`the run is not active ${when} (${state})`);
}

export async function run() {
  const intervalMs = Number(process.env.BENCH_FANOUT_INTERVAL_MS ?? 200);
  const windowMs = Number(process.env.BENCH_FANOUT_WINDOW_MS ?? 3_000);
  // A clock 1,000 times slower than real time: the run stays in PreparingData (active) throughout.
  const sim = await startCloudMSimulator({ tenant: "demo", clockSpeed: 0.001 });
  const configurationId = sim.demo.configurationId;
  const uri = `cloudm://batches/${configurationId}/statistics`;
  const { child, url } = await startHttpServer(
    cloudmEnv(sim, { MIGRATE_MCP_LOG_LEVEL: "info", MIGRATE_MCP_POLL_INTERVAL_MS: String(intervalMs) }),
  );
  const clients = [];
  const updates = { count: 0 };
  const subscribe = async (client) => {
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void updates.count++);
    await client.subscribeResource({ uri });
  };
  /** Statistics requests and all requests at the simulator during one window, after a settling pause. */
  const measure = async (subscribers) => {
    await sleep(2 * intervalMs);
    const polls = sim.countRequests(STATISTICS_ROUTE);
    const all = sim.requests.length;
    const started = performance.now();
    await sleep(windowMs);
    const elapsed = performance.now() - started;
    const intervals = elapsed / intervalMs;
    const p = sim.countRequests(STATISTICS_ROUTE) - polls;
    return {
      subscribers,
      windowMs: Math.round(elapsed),
      statisticsRequests: p,
      otherRequests: sim.requests.length - all - p,
      pollsPerInterval: Math.round((p / intervals) * 100) / 100,
    };
  };
  const rows = {};
  try {
    clients.push(await session(url));
    await startRun(clients[0], configurationId);
    assertActive(sim, configurationId, "after start_migration");
    rows["0 subscribers"] = await measure(0);
    await subscribe(clients[0]);
    rows["1 subscriber"] = await measure(1);
    const more = await Promise.all(Array.from({ length: SUBSCRIBERS - 1 }, () => session(url)));
    clients.push(...more);
    await Promise.all(more.map(subscribe));
    rows[`${SUBSCRIBERS} subscribers`] = await measure(clients.length);
    // A finished run stops the poller, which would make every row read 0.
    assertActive(sim, configurationId, "at the end of the measurement");
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
    await sim.close();
  }
  const one = rows["1 subscriber"].pollsPerInterval;
  const many = rows[`${SUBSCRIBERS} subscribers`].pollsPerInterval;
  const ratio = one > 0 ? Math.round((many / one) * 100) / 100 : null;
  return {
    table: rows,
    notes:
      `one server process, ${SUBSCRIBERS} Streamable HTTP sessions, poll interval ${intervalMs} ms, ` +
      `${windowMs} ms window per row; polls per interval ${SUBSCRIBERS}:1 ratio ${ratio} (expected ≈1); ` +
      `resource-updated notifications received: ${updates.count} (figures frozen by a slow clock)`,
    json: { intervalMs, windowMs, rows, ratio },
  };
}
