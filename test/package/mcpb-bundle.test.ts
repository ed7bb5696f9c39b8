/**
 * The Claude Desktop bundle, as Claude Desktop runs it: `scripts/mcpb.mjs` packs it, mcpb's own
 * library unpacks and validates it and turns the manifest plus a user's settings into the command
 * line and environment, and a real MCP client talks to what that starts.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { getMcpConfigForManifest, unpackExtension, v0_3, validateManifest } from "@anthropic-ai/mcpb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudMSimulator, startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { CHILD_ENV, connectStdio, type McpSession, textOf } from "../helpers/mcp.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

let work: string;
let unpacked: string;
let sim: CloudMSimulator;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "migrate-mcp-mcpb-"));
  const { stdout } = await run(process.execPath, [join(root, "scripts/mcpb.mjs"), "--out", work], {
    cwd: root,
  });
  const bundlePath = stdout.trim().split("\n").at(-1) ?? "";
  expect(bundlePath).toMatch(/migrate-mcp-[\d.]+\.mcpb$/);
  unpacked = join(work, "unpacked");
  expect(await unpackExtension({ mcpbPath: bundlePath, outputDir: unpacked, silent: true })).toBe(true);
  sim = await startCloudMSimulator({ seed: 7 });
}, 60_000);

afterAll(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Starts the unpacked bundle the way Claude Desktop would, with these answers to its settings. */
async function startBundle(userConfig: Record<string, string | boolean>): Promise<McpSession> {
  const manifest = v0_3.McpbManifestSchema.parse(
    JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")),
  );
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: unpacked,
    systemDirs: {},
    userConfig,
    pathSeparator: "/",
  });
  if (!config) throw new Error("mcpb found required settings missing");
  return connectStdio({
    command: config.command,
    args: config.args ?? [],
    env: { ...CHILD_ENV, ...config.env },
  });
}

describe("Claude Desktop bundle (.mcpb)", () => {
  it("carries a valid manifest and the server, without node_modules", () => {
    expect(validateManifest(join(unpacked, "manifest.json"))).toBe(true);
    expect(readFileSync(join(unpacked, "server/migrate-mcp.mjs"), "utf8")).toMatch(/^#!\/usr\/bin\/env node/);
  });

  it("starts on the simulators when 'Use the simulators' is ticked and nothing else is set", async () => {
    const session = await startBundle({ demo: true });
    try {
      expect(session.client.getServerVersion()?.name).toBe("migrate-mcp");
      expect(textOf(await session.call("whoami"))).toMatch(/SIMULATOR/);
    } finally {
      await session.close();
    }
  });

  it("passes the instance URL, email, password and read-only switch through to the server", async () => {
    const session = await startBundle({
      cloudm_url: sim.url,
      cloudm_email: sim.credentials.email,
      cloudm_password: sim.credentials.password,
      read_only: true,
    });
    try {
      const whoami = await session.ok("whoami");
      expect(JSON.stringify(whoami)).toContain(sim.credentials.email);
      const { tools } = await session.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(
        tools.filter((tool) => tool.annotations?.readOnlyHint !== true).map((tool) => tool.name),
      ).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
