// Per-call overhead: get_batch_statistics through MCP over stdio against a direct undici GET of the
// same endpoint on the same simulator, interleaved so both see the same machine noise.
import { cloudmEnv, connectStdio, directStatistics, SERVER_ENTRY, summary } from "../lib.mjs";

export const title = "per-call: get_batch_statistics via MCP stdio vs direct HTTP GET (ms)";

export async function run({ sim }) {
  const calls = Number(process.env.BENCH_CALLS ?? 300);
  const client = await connectStdio(process.execPath, [SERVER_ENTRY], cloudmEnv(sim));
  const configurationId = sim.demo.configurationId;
  const direct = await directStatistics(sim, configurationId);
  const viaMcp = () => client.callTool({ name: "get_batch_statistics", arguments: { configurationId } });
  for (let i = 0; i < 20; i++) {
    await direct();
    await viaMcp();
  }
  const samples = { direct: [], mcp: [] };
  for (let i = 0; i < calls; i++) {
    let t = performance.now();
    await direct();
    samples.direct.push(performance.now() - t);
    t = performance.now();
    await viaMcp();
    samples.mcp.push(performance.now() - t);
  }
  await client.close();
  const d = summary(samples.direct);
  const m = summary(samples.mcp);
  return {
    table: { direct: d, mcp: m },
    notes: `ratio p50 ${(m.p50 / d.p50).toFixed(2)}x, p99 ${(m.p99 / d.p99).toFixed(2)}x over ${calls} interleaved calls`,
    json: { calls, direct: d, mcp: m, ratioP50: m.p50 / d.p50, ratioP99: m.p99 / d.p99 },
  };
}
