/**
 * `migrate-mcp doctor` as a user runs it: the built CLI in its own process, with only the environment
 * given here, against the embedded simulators (--demo) or simulators started by the test (live mode).
 */
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudMSimulator, startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import {
  DEMO_PRO_KEY,
  type MigrateCloudsSimulator,
  startMigrateCloudsSimulator,
} from "../../src/simulator/migrateclouds/server.js";
import { runToExit } from "../helpers/mcp.js";

interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the doctor to its exit; a doctor still running after the timeout is a failure (it must not hang). */
async function doctor(args: string[], env: Record<string, string> = {}): Promise<DoctorRun> {
  const { code, stdout, stderr } = await runToExit(["doctor", ...args], env, 15_000);
  // Killed at the timeout: no exit code of its own.
  if (code === null) throw new Error(`doctor did not exit by itself:\n${stdout}\n${stderr}`);
  return { code, stdout, stderr };
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

const toolCount = (stdout: string): number => Number(/Tools: (\d+) would be registered/.exec(stdout)?.[1]);

let cloudm: CloudMSimulator;
let mc: MigrateCloudsSimulator;
let liveEnv: Record<string, string>;

beforeAll(async () => {
  cloudm = await startCloudMSimulator({ tenant: "demo" });
  mc = await startMigrateCloudsSimulator();
  liveEnv = {
    CLOUDM_URL: cloudm.url,
    CLOUDM_EMAIL: cloudm.credentials.email,
    CLOUDM_PASSWORD: cloudm.credentials.password,
    MIGRATECLOUDS_URL: mc.url,
    MIGRATECLOUDS_API_KEY: DEMO_PRO_KEY,
    MIGRATECLOUDS_PLAN: "pro",
  };
});

afterAll(async () => {
  await cloudm?.close();
  await mc?.close();
});

describe("migrate-mcp doctor", () => {
  it("passes in demo mode, saying it checked the simulators, with the licence and the tools", async () => {
    const { code, stdout, stderr } = await doctor(["--demo"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/demo mode.*SIMULATORS.*not a real instance/);
    expect(stdout).toMatch(/^ok {4}CloudM: licence: \d+ of \d+ user licences available/m);
    expect(stdout).toMatch(/^ok {4}CloudM: licence Valid for project /m);
    expect(stdout).toMatch(/^ok {4}MigrateClouds: API key accepted; plan enterprise/m);
    expect(stdout).toMatch(/^ok {4}Tools: \d+ would be registered: account 1, connections \d+/m);
    expect(stdout).not.toContain("FAIL");
    expect(stdout).toMatch(/All \d+ checks passed\.\n$/);
    // Quiet by default: no pino lines on stderr.
    expect(stderr).toBe("");
  });

  it("passes in live mode with the right credentials, every check ok", async () => {
    const { code, stdout } = await doctor([], liveEnv);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/live mode/);
    expect(stdout).not.toContain("SIMULATOR");
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^ok {4}/);
    expect(stdout).toContain(`ok    CloudM: reached ${cloudm.url} (`);
    expect(stdout).toContain(`ok    CloudM: signed in as Demo Admin <${cloudm.credentials.email}>`);
    expect(stdout).toMatch(/^ok {4}CloudM: licence: /m);
    expect(stdout).toContain(`ok    MigrateClouds: reached ${mc.url} (`);
    expect(stdout).toMatch(/^ok {4}MigrateClouds: API key accepted; plan pro .*60 a minute/m);
  });

  it("fails a wrong password with a fix naming CLOUDM_PASSWORD, and never prints the password", async () => {
    const password = "Wrong-Passw0rd-xyzzy";
    const { code, stdout, stderr } = await doctor(["--log-level", "trace"], {
      ...liveEnv,
      CLOUDM_PASSWORD: password,
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ok {4}CloudM: reached .*\(HTTP 401, /m);
    expect(stdout).toContain(`FAIL  CloudM: login refused for ${cloudm.credentials.email}`);
    expect(stdout).toMatch(/^ {6}fix: .*CLOUDM_PASSWORD/m);
    expect(stdout).toMatch(/1 check failed/);
    expect(stdout).not.toContain(password);
    expect(stderr).not.toContain(password);
  });

  it("fails an unreachable CLOUDM_URL with a fix naming it", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await doctor([], {
      CLOUDM_URL: url,
      CLOUDM_EMAIL: "admin@example.com",
      CLOUDM_PASSWORD: "irrelevant-here",
    });
    expect(code).toBe(1);
    expect(stdout).toContain(`FAIL  CloudM: cannot reach ${url}: connection refused`);
    expect(stdout).toMatch(/^ {6}fix: check CLOUDM_URL and that this machine can reach it/m);
    // Nothing after an unreachable instance is tried: no login or licence line.
    expect(stdout).not.toMatch(/login|licence/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("prints every configuration problem as a failed check, without a stack trace", async () => {
    const { code, stdout, stderr } = await doctor([], { CLOUDM_URL: cloudm.url, MIGRATECLOUDS_PLAN: "pro" });
    expect(code).toBe(1);
    expect(stdout).toContain(
      "FAIL  Configuration: No CloudM credentials: set CLOUDM_EMAIL and CLOUDM_PASSWORD",
    );
    expect(stdout).toContain("FAIL  Configuration: MIGRATECLOUDS_PLAN set but MIGRATECLOUDS_API_KEY is not");
    expect(stdout).toMatch(/2 checks failed/);
    expect(stderr).toBe("");
  });

  it("reports fewer tools under --read-only, and says so", async () => {
    const all = await doctor(["--demo"]);
    const readOnly = await doctor(["--demo", "--read-only"]);
    expect(readOnly.code).toBe(0);
    expect(toolCount(readOnly.stdout)).toBeGreaterThan(0);
    expect(toolCount(readOnly.stdout)).toBeLessThan(toolCount(all.stdout));
    const writers = toolCount(all.stdout) - toolCount(readOnly.stdout);
    expect(readOnly.stdout).toContain(
      `note  Tools: read-only mode: the ${writers} tools that write are not registered`,
    );
    expect(all.stdout).not.toContain("read-only");
  });
});
