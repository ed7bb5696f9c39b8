/**
 * The published package, as a user gets it: `npm pack`, install the tarball into an empty folder,
 * run it with npx. Uses the build of `npm test`, so the pack skips the prepack build.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHILD_ENV, connectStdio, textOf } from "../helpers/mcp.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
  dependencies?: Record<string, string>;
};
/** Only what npm needs: no developer settings leak into the installed package's run. */
const npmEnv = { ...CHILD_ENV, HOME: process.env.HOME ?? tmpdir() };

interface PackedFile {
  path: string;
  mode: number;
}

let work: string;
let tarball: string;
let files: PackedFile[];
let userFolder: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "migrate-mcp-pack-"));
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
    cwd: root,
    env: npmEnv,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: PackedFile[] }>;
  if (!packed) throw new Error(`npm pack printed no package: ${stdout}`);
  tarball = join(work, packed.filename);
  files = packed.files;
  userFolder = join(work, "empty-folder");
  await run("mkdir", [userFolder]);
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
    cwd: userFolder,
    env: npmEnv,
  });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm package", () => {
  it("holds the bundled server, its notices, README and LICENSE, and no development files", () => {
    const paths = files.map((f) => f.path).sort();
    expect(paths).toContain("package.json");
    expect(paths).toContain("README.md");
    expect(paths).toContain("LICENSE");
    expect(paths).toContain("build/migrate-mcp.mjs");
    expect(paths).toContain("build/THIRD_PARTY_NOTICES.md");
    const unexpected = paths.filter(
      (p) =>
        !["package.json", "README.md", "LICENSE"].includes(p) &&
        !/^build\/([^/]+\.(mjs|md)|apps\/[a-z-]+\.js)$/.test(p),
    );
    expect(unexpected).toEqual([]);
  });

  it("declares a bin with a shebang, the engines it needs, and nothing to install", () => {
    expect(pkg.bin["migrate-mcp"]).toBe("build/migrate-mcp.mjs");
    expect(readFileSync(join(root, "build/migrate-mcp.mjs"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(pkg.engines.node).toMatch(/^>=22\./);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("runs with npx from an empty folder where the tarball was installed", async () => {
    const { stdout, stderr } = await run("npx", ["--no-install", "migrate-mcp", "--help"], {
      cwd: userFolder,
      env: npmEnv,
    });
    expect(stdout + stderr).toMatch(/Usage: migrate-mcp/);
  });

  it("serves MCP over stdio from there, against the simulators", async () => {
    const session = await connectStdio({
      command: "npx",
      args: ["--no-install", "migrate-mcp", "--demo", "--log-level", "warn"],
      env: npmEnv,
      cwd: userFolder,
    });
    try {
      expect(session.client.getServerVersion()).toMatchObject({ version: pkg.version });
      const whoami = await session.call("whoami");
      expect(textOf(whoami)).toMatch(/SIMULATOR/);
      expect(whoami.isError).toBeFalsy();
    } finally {
      await session.close();
    }
  });
});
