// Cold start: from spawn over stdio to the `initialize` result (the SDK Client's connect() resolving),
// for our built server, server-everything, server-github and `node -e ""` (the floor: spawn to exit).
// The four are interleaved round by round so each sees the same machine noise and file cache.
// Measured on this process's Node and on Node 24 (.ci/node24 installs it), each run on its own:
// 22.1+ has the compile cache ours turns on. BENCH_NODE=/path/to/node replaces Node 24 by another.
import { execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { cloudmEnv, connectStdio, SERVER_ENTRY } from "../lib.mjs";

export const title = "cold start: spawn over stdio to the initialize result (ms)";

const require = createRequire(import.meta.url);

const round2 = (x) => Math.round(x * 100) / 100;
/** Nearest-rank quantile, as in lib.mjs's summary(). */
const quantile = (samples, q) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return round2(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
};

async function timeInitialize(node, args, env) {
  const started = performance.now();
  const client = await connectStdio(node, args, env);
  const ms = performance.now() - started;
  await client.close();
  return ms;
}

function timeFloor(node) {
  const started = performance.now();
  const child = spawn(node, ["-e", ""], { stdio: ["pipe", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", () => resolve(performance.now() - started));
  });
}

const versionOf = (node) => execFileSync(node, ["--version"], { encoding: "utf8" }).trim();

/** The other Node to compare with: BENCH_NODE, else Node 24 as CI runs it. */
function otherNode() {
  if (process.env.BENCH_NODE) return process.env.BENCH_NODE;
  const ci = new URL("../../.ci/node24", import.meta.url).pathname;
  return execFileSync("bash", [ci], { encoding: "utf8" }).trim();
}

export async function run({ sim }) {
  const nodes = [process.execPath, otherNode()];
  const results = [];
  for (const node of nodes) results.push(await measureOn(node, sim));
  const table = Object.fromEntries(
    results.flatMap((r) => Object.entries(r.table).map(([name, row]) => [`${name} (${r.node})`, row])),
  );
  return {
    table,
    notes: results.map((r) => r.note).join("\n"),
    json: { runs: results.map(({ note: _note, ...r }) => r) },
  };
}

async function measureOn(node, sim) {
  const rounds = Number(process.env.BENCH_COLD_ROUNDS ?? 15);
  // Both packages' entries are their bin scripts; neither declares `exports`, so deep paths resolve.
  const everything = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
  const github = require.resolve("@modelcontextprotocol/server-github/dist/index.js");
  const subjects = {
    // Our server signs in lazily, at the first tool call, so initialize makes no upstream request.
    "migrate-mcp": () => timeInitialize(node, [SERVER_ENTRY], cloudmEnv(sim)),
    "server-github": () => timeInitialize(node, [github], { GITHUB_PERSONAL_ACCESS_TOKEN: "unused" }),
    "server-everything": () => timeInitialize(node, [everything, "stdio"], {}),
    'node -e ""': () => timeFloor(node),
  };
  // One unmeasured round warms the file cache and the V8 code cache for every subject.
  for (const measure of Object.values(subjects)) await measure();
  const samples = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, measure] of Object.entries(subjects)) samples[name].push(await measure());
  }
  const p50 = (name) => quantile(samples[name], 0.5);
  const table = {};
  for (const name of Object.keys(subjects)) {
    table[name] = {
      n: samples[name].length,
      p50: p50(name),
      p90: quantile(samples[name], 0.9),
      "x server-github": round2(p50(name) / p50("server-github")),
      "x floor": round2(p50(name) / p50('node -e ""')),
    };
  }
  const ours = p50("migrate-mcp");
  const github50 = p50("server-github");
  const version = versionOf(node);
  return {
    node: version,
    table,
    note:
      `Node ${version}: ${rounds} interleaved rounds after one warm-up round; ratios of medians. ` +
      `migrate-mcp minus the floor: ${round2(ours - p50('node -e ""'))} ms; ` +
      `target (no slower than server-github): ${ours <= github50 ? "met" : "NOT met"}`,
    rounds,
    servers: table,
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(round2)])),
    targetMet: ours <= github50,
  };
}
