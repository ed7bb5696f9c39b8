// tools/list cost: bytes and o200k tokens of what a model is shown for each tool (name, description,
// input schema), for the default and for all toolsets, per toolset, against server-github's tools/list
// measured the same way.
import { createRequire } from "node:module";
import { getEncoding } from "js-tiktoken";
import { TOOLSETS } from "../../dist/tools/toolsets.js";
import { cloudmEnv, connectStdio, SERVER_ENTRY } from "../lib.mjs";

export const title = "tools/list: o200k tokens of name + description + inputSchema";

const encoding = getEncoding("o200k_base");
const require = createRequire(import.meta.url);

/** Tokens and bytes of each tool as a model is shown it. */
export function measureTools(tools) {
  const per = tools.map((t) => {
    const shown = JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema });
    return { name: t.name, tokens: encoding.encode(shown).length, bytes: Buffer.byteLength(shown) };
  });
  const tokens = per.reduce((n, t) => n + t.tokens, 0);
  const bytes = per.reduce((n, t) => n + t.bytes, 0);
  return {
    tools: per.length,
    tokens,
    bytes,
    tokensPerTool: per.length ? Math.round(tokens / per.length) : 0,
    per,
  };
}

async function listOurs(env, args) {
  const client = await connectStdio(process.execPath, [SERVER_ENTRY, ...args], env);
  // A server with no tools registered has no tools/list at all.
  const { tools } = await client.listTools().catch(() => ({ tools: [] }));
  await client.close();
  return tools;
}

export async function run({ sim }) {
  const env = cloudmEnv(sim, {
    MIGRATECLOUDS_API_KEY: "mc_bench_key_unused",
    MIGRATECLOUDS_URL: "http://127.0.0.1:9/v1",
  });
  const rows = {};
  const json = {};
  for (const set of ["default", "all", ...TOOLSETS]) {
    const args = set === "default" ? [] : ["--toolsets", set];
    const m = measureTools(await listOurs(env, args));
    rows[set] = { tools: m.tools, tokens: m.tokens, bytes: m.bytes, tokensPerTool: m.tokensPerTool };
    json[set] = m;
  }
  const githubEntry = require.resolve("@modelcontextprotocol/server-github/dist/index.js");
  const github = await connectStdio(process.execPath, [githubEntry], {
    GITHUB_PERSONAL_ACCESS_TOKEN: "unused",
  });
  const g = measureTools((await github.listTools()).tools);
  await github.close();
  rows["server-github"] = {
    tools: g.tools,
    tokens: g.tokens,
    bytes: g.bytes,
    tokensPerTool: g.tokensPerTool,
  };
  json.serverGithub = g;
  return {
    table: rows,
    notes: `targets: default <= 3000 tokens (test/e2e/tool-budget.test.ts), <= 120 per tool on average; server-github ${g.tokensPerTool} per tool`,
    json,
  };
}
