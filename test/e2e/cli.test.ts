/**
 * The installed command as a first-time user meets it: the built CLI in its own process. Its version,
 * the help of each command, the Node versions it starts on, and the warning lines it logs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE, nodeVersionProblem } from "../../src/node-version.js";
import { startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { spawnHttpServer } from "../helpers/http-server.js";
import { runToExit } from "../helpers/mcp.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  engines: { node: string };
};

describe("--version", () => {
  it.each(["--version", "-v"])("%s prints the package's version on stdout and exits 0", async (flag) => {
    const { code, stdout } = await runToExit([flag]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });
});

describe("--help", () => {
  it.each([[["--help"]], [["-h"]], [["--demo", "--help"]], [["doctor", "--help"]]])(
    "%j shows the options and every setting, and exits 0",
    async (args) => {
      const { code, stdout, stderr } = await runToExit(args);
      expect(code).toBe(0);
      const help = stdout + stderr;
      expect(help).toMatch(/^Usage: migrate-mcp/);
      expect(help).toContain("migrate-mcp doctor [options]");
      expect(help).toContain("MIGRATE_MCP_TOKEN");
      expect(help).not.toMatch(/Unknown option/i);
    },
  );

  it("simulator --help shows the simulator's own options, and exits 0", async () => {
    const { code, stdout, stderr } = await runToExit(["simulator", "--help"]);
    expect(code).toBe(0);
    const help = stdout + stderr;
    expect(help).toMatch(/^Usage: migrate-mcp simulator/);
    for (const option of ["--port", "--profile", "--seed", "--speed", "--empty"])
      expect(help).toContain(option);
    expect(help).not.toMatch(/Unknown option/i);
  });
});

describe("the Node it runs on", () => {
  it("requires what package.json's engines and the README say", () => {
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE}`);
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(`Requires Node ${MINIMUM_NODE.replace(/\.0$/, "")} or newer`);
  });

  it("refuses an older Node, naming the version it needs and the one it has", () => {
    for (const old of ["20.20.2", "22.11.0", "18.0.0", "22.9.10"]) {
      const problem = nodeVersionProblem(old, undefined);
      expect(problem).toContain(`Node ${MINIMUM_NODE} or newer`);
      expect(problem).toContain(`this is Node ${old}`);
    }
    for (const supported of ["22.12.0", "22.13.1", "23.0.0", "24.21.0", "100.0.0"])
      expect(nodeVersionProblem(supported, undefined)).toBeUndefined();
  });

  it("starts an older Node only when told to, with the words an on/off setting takes", () => {
    for (const yes of ["1", "true", "YES", "on"]) expect(nodeVersionProblem("20.20.2", yes)).toBeUndefined();
    for (const no of ["", "0", "off", "banana"]) expect(nodeVersionProblem("20.20.2", no)).toBeDefined();
  });

  it("is checked by the installed command before anything else, with exit code 2 on an older Node", async () => {
    const { code, stdout, stderr } = await runToExit(["--version"], { MIGRATE_MCP_ALLOW_OLD_NODE: "" });
    const problem = nodeVersionProblem(process.versions.node, undefined);
    if (problem === undefined) {
      expect(code).toBe(0);
      expect(stdout).toBe(`${pkg.version}\n`);
    } else {
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`migrate-mcp: ${problem}\n`);
    }
  });
});

describe("warning lines", () => {
  it("name the error that was logged, as pino's err", async () => {
    const sim = await startCloudMSimulator({ tenant: "demo" });
    const server = await spawnHttpServer(
      [],
      { CLOUDM_URL: sim.url, CLOUDM_EMAIL: sim.credentials.email, CLOUDM_PASSWORD: sim.credentials.password },
      { demo: false },
    );
    try {
      const client = await server.connect();
      await client.callTool({ name: "whoami", arguments: {} });
      // Every attempt of the next read is answered 503.
      sim.faults.enqueue({ kind: "server_error", method: "GET" }, 10);
      const failed = await client.callTool({ name: "list_projects", arguments: {} });
      expect(failed.isError).toBe(true);
      // stderr is its own pipe: the line may arrive after the answer.
      const warningLine = () =>
        server
          .stderr()
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => line.msg === "tool call failed upstream");
      await expect.poll(warningLine).toBeDefined();
      const warning = warningLine();
      expect(warning).toMatchObject({ tool: "list_projects", err: { type: "ServerError" } });
      expect(JSON.stringify(warning)).not.toContain('"error"');
    } finally {
      await server.stop();
      await sim.close();
    }
  });
});
