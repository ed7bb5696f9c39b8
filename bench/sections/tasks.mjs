// Long jobs as tasks (2026-07-28 tasks extension) over HTTP, the server in this process so its heap
// can be read after a full GC: what N report tasks followed at once keep (a simulator whose clock
// stands still, so no report is ready), against the same number of plain calls; a tasks/get against a
// tools/call of get_batch_statistics; and how long all N take to end once the reports are ready.
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { loadConfig } from "../../dist/config.js";
import { startHttpServer } from "../../dist/http/server.js";
import { ServerHub } from "../../dist/hub.js";
import { createLogger } from "../../dist/log.js";
import { createShared } from "../../dist/server.js";
import { startCloudMSimulator } from "../../dist/simulator/cloudm/server.js";
import { connectUpstreams } from "../../dist/upstreams.js";
import { summary } from "../lib.mjs";

export const title = "tasks: report tasks followed at once over HTTP (2026-07-28, tasks extension)";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");
const heapMiB = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const TASKS = { extensions: { "io.modelcontextprotocol/tasks": {} } };
let ids = 0;
async function rpc(url, method, params, capabilities = TASKS) {
  const name = params.name ?? params.taskId;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": method,
      ...(name ? { "mcp-name": name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: ++ids,
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "bench-tasks", version: "1" },
          "io.modelcontextprotocol/clientCapabilities": capabilities,
        },
      },
    }),
  });
  const text = await res.text();
  const json = text.startsWith("{")
    ? text
    : text
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .pop()
        .slice(5);
  return JSON.parse(json).result;
}

export async function run() {
  const N = Number(process.env.BENCH_TASKS ?? 150);
  const still = await startCloudMSimulator({ tenant: "demo", clockSpeed: 0 });
  const env = {
    CLOUDM_URL: still.url,
    CLOUDM_EMAIL: still.credentials.email,
    CLOUDM_PASSWORD: still.credentials.password,
  };
  const config = loadConfig(env, ["--transport", "http", "--port", "0", "--log-level", "silent"]);
  const hub = new ServerHub();
  const logger = createLogger("silent", hub.logStream());
  const upstreams = await connectUpstreams(config, logger, hub);
  const http = await startHttpServer(createShared(upstreams.deps), config.http);
  const url = http.url;
  try {
    const configurationId = still.demo.configurationId;
    const report = { name: "get_report", arguments: { configurationId, reportType: "MigrationSummary" } };
    const stats = { name: "get_batch_statistics", arguments: { configurationId, itemLimit: 0 } };
    for (let i = 0; i < 50; i++) await rpc(url, "tools/call", stats);
    const warm = await heapMiB();
    for (let i = 0; i < N; i++) await rpc(url, "tools/call", stats);
    const afterPlain = await heapMiB();
    const taskIds = [];
    for (let i = 0; i < N; i++) taskIds.push((await rpc(url, "tools/call", report)).taskId);
    const following = await heapMiB();
    const samples = { "tasks/get": [], "tools/call get_batch_statistics": [] };
    for (let i = 0; i < 200; i++) {
      let t = performance.now();
      await rpc(url, "tasks/get", { taskId: taskIds[i % N] });
      samples["tasks/get"].push(performance.now() - t);
      t = performance.now();
      await rpc(url, "tools/call", stats);
      samples["tools/call get_batch_statistics"].push(performance.now() - t);
    }
    const working = (await Promise.all(taskIds.map((taskId) => rpc(url, "tasks/get", { taskId })))).filter(
      (t) => t.status === "working",
    ).length;
    still.clock.advance(5_000);
    const released = performance.now();
    let left = new Set(taskIds);
    while (left.size > 0 && performance.now() - released < 60_000) {
      const read = await Promise.all(
        [...left].map(async (taskId) => [taskId, await rpc(url, "tasks/get", { taskId })]),
      );
      left = new Set(read.filter(([, t]) => t.status === "working").map(([taskId]) => taskId));
      if (left.size > 0) await sleep(100);
    }
    const endedAfterMs = performance.now() - released;
    const ended = await heapMiB();
    const perTaskKiB = ((following - afterPlain) * 1024) / N;
    const perCallKiB = ((afterPlain - warm) * 1024) / N;
    return {
      table: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)])),
      notes:
        `heap after GC: ${warm.toFixed(1)} MiB warm, +${perCallKiB.toFixed(1)} KiB per plain call after ${N} calls, ` +
        `+${perTaskKiB.toFixed(1)} KiB per task with ${N} followed at once (${working} of ${N} still working while no report was ready), ${ended.toFixed(1)} MiB once all ended (their records kept for 24 h); ` +
        `all ended ${(endedAfterMs / 1000).toFixed(1)} s after the reports were ready (each polls with a back-off up to 5 s)${left.size > 0 ? `; ${left.size} had not` : ""}`,
      json: { tasks: N, warm, afterPlain, following, ended, perTaskKiB, perCallKiB, working, endedAfterMs },
    };
  } finally {
    await http.close();
    await upstreams.close();
    await still.close();
  }
}
