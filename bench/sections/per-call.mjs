// Per-call overhead: get_batch_statistics through MCP over stdio against a direct undici GET of the
// same endpoint on the same simulator, interleaved so both see the same machine noise. An MCP ping over
// the same stdio connection is measured too: the transport's own round trip, which no tool can go below.
import { cloudmEnv, connectStdio, directStatistics, SERVER_ENTRY, summary } from "../lib.mjs";

export const title = "per-call: get_batch_statistics via MCP stdio vs direct HTTP GET (ms)";

export async function run({ sim }) {
  const calls = Number(process.env.BENCH_CALLS ?? 300);
  const client = await connectStdio(process.execPath, [SERVER_ENTRY], cloudmEnv(sim));
  const configurationId = sim.demo.configurationId;
  const direct = await directStatistics(sim, configurationId);
  const viaMcp = () => client.callTool({ name: "get_batch_statistics", arguments: { configurationId } });
  const ping = () => client.ping();
  // BENCH_BASELINE_ENTRY: another build's server entry, interleaved with this one's, to compare two
  // releases on the same machine noise.
  const baselineEntry = process.env.BENCH_BASELINE_ENTRY;
  const baseline = baselineEntry
    ? await connectStdio(process.execPath, [baselineEntry], cloudmEnv(sim))
    : undefined;
  const subjects = {
    direct,
    mcp: viaMcp,
    "mcp ping": ping,
    ...(baseline
      ? {
          "mcp baseline": () =>
            baseline.callTool({ name: "get_batch_statistics", arguments: { configurationId } }),
        }
      : {}),
  };
  for (let i = 0; i < 20; i++) for (const call of Object.values(subjects)) await call();
  const samples = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
  for (let i = 0; i < calls; i++) {
    for (const [name, call] of Object.entries(subjects)) {
      const t = performance.now();
      await call();
      samples[name].push(performance.now() - t);
    }
  }
  await client.close();
  await baseline?.close();
  const b = baseline ? summary(samples["mcp baseline"]) : undefined;
  const d = summary(samples.direct);
  const m = summary(samples.mcp);
  const p = summary(samples["mcp ping"]);
  // The least any stdio MCP server could take: its transport's round trip plus the upstream call.
  const floorRatio = (p.p50 + d.p50) / d.p50;
  return {
    table: { direct: d, mcp: m, "mcp ping": p, ...(b ? { "mcp baseline": b } : {}) },
    notes:
      `ratio p50 ${(m.p50 / d.p50).toFixed(2)}x, p99 ${(m.p99 / d.p99).toFixed(2)}x over ${calls} interleaved calls; ` +
      `a ping's round trip alone puts the floor at ${floorRatio.toFixed(2)}x; ` +
      `overhead beyond ping + direct: ${(m.p50 - p.p50 - d.p50).toFixed(2)} ms p50` +
      (b ? `; this build vs the baseline build: ${(m.p50 / b.p50).toFixed(2)}x p50` : ""),
    json: {
      calls,
      direct: d,
      mcp: m,
      ping: p,
      ratioP50: m.p50 / d.p50,
      ratioP99: m.p99 / d.p99,
      floorRatio,
      ...(b ? { baseline: b, vsBaselineP50: m.p50 / b.p50 } : {}),
    },
  };
}
