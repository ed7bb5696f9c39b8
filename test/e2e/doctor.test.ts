/**
 * `migrate-mcp doctor` as a user runs it: the built CLI in its own process, with only the environment
 * given here, against the embedded simulators (--demo) or simulators started by the test (live mode),
 * including the guide-only profile: an instance with only the guide's endpoints and no OpenAPI document.
 */
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudMSimulator, startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { ALL_TOOLS } from "../../src/tools/index.js";
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

/** Live-mode environment for a CloudM simulator alone. */
const cloudmEnv = (sim: CloudMSimulator): Record<string, string> => ({
  CLOUDM_URL: sim.url,
  CLOUDM_EMAIL: sim.credentials.email,
  CLOUDM_PASSWORD: sim.credentials.password,
});

/** Runs the doctor against a CloudM simulator started for this run alone, closed after it. */
async function doctorAgainst(
  options: Parameters<typeof startCloudMSimulator>[0],
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<DoctorRun & { requests: CloudMSimulator["requests"] }> {
  const sim = await startCloudMSimulator({ tenant: "demo", ...options });
  try {
    return { ...(await doctor(args, { ...cloudmEnv(sim), ...env })), requests: sim.requests };
  } finally {
    await sim.close();
  }
}

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
    // Every check passes; the only other lines are the toolsets one could still turn on.
    for (const line of lines.slice(1, -1))
      expect(line).toMatch(/^ok {4}|^note {2}Tools: also available with --toolsets: /);
    expect(stdout).toContain(`ok    CloudM: reached ${cloudm.url} (`);
    expect(stdout).toContain(`ok    CloudM: signed in as "Demo Admin" <${cloudm.credentials.email}>`);
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

  it("checks every served tool's endpoints against the instance's OpenAPI document", async () => {
    const { code, stdout } = await doctor([], liveEnv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {4}Endpoints: checked against the instance's \/openapi\/v1\.json$/m);
    expect(stdout).toMatch(/^ok {4}Endpoints: (\d+) of \1 tools work: every endpoint they use is there$/m);
    expect(stdout).toMatch(/^ok {4}Answers: the statistics of batch ".*" give every fact the tools use/m);
  });

  it("says which operations the OpenAPI document moved, and what a missing guessed one degrades", async () => {
    const { code, stdout } = await doctorAgainst(
      {
        renameRoutes: {
          "GET /api/ConnectionsProject/{projectId}": "/api/ConnectionsProject/get-project/{projectId}",
          // Found by what it does: a list in its controller.
          "GET /api/AdminUser": "/api/AdminUser/get-all-users",
          // Moved to another controller: not found.
          "GET /api/ScheduleMigration": "/api/Schedules",
        },
      },
      ["--toolsets", "all"],
    );
    // A guessed endpoint that is missing degrades its tool; it fails nothing.
    expect(code).toBe(0);
    expect(stdout).toContain(
      "ok    Endpoints: remapped by the instance's /openapi/v1.json: getProject → GET /api/ConnectionsProject/get-project/{projectId}; listAdminUsers → GET /api/AdminUser/get-all-users",
    );
    // Not a default tool: a tool that cannot work outside the default toolsets warns, and fails nothing.
    expect(stdout).toContain(
      "WARN  Endpoints: list_schedules: cannot work: GET /api/ScheduleMigration missing (guessed)",
    );
    expect(stdout).toMatch(/^ {6}fix: set MIGRATE_MCP_ENDPOINTS to a JSON file mapping the operation/m);
    expect(stdout).toContain("note  Endpoints: call_api: calls whatever path under /api/ it is given");
  });

  it("passes a guide-only instance: no project list, nothing documented missing, guessed reads warned", async () => {
    const { code, stdout, requests } = await doctorAgainst({ profile: "guide" }, ["--toolsets", "all"]);
    expect(code).toBe(0);
    // Probes are reads: the only write the doctor sends is the login.
    expect(requests.filter((r) => r.method !== "GET").map((r) => r.route)).toEqual([
      "POST /api/Account/login",
    ]);
    expect(stdout).toContain('ok    CloudM: signed in as "Demo Admin"');
    expect(stdout).toContain(
      "note  CloudM: this instance has no project list route (GET /api/ConnectionsProject, not in the guide); licences not read",
    );
    expect(stdout).toMatch(/^note {2}Endpoints: the instance serves no \/openapi\/v1\.json/m);
    expect(stdout).not.toContain("FAIL");
    expect(stdout).not.toMatch(/missing \(documented/);
    expect(stdout).not.toContain("could not be checked");
    // A default-toolset tool missing a guessed read: a warning, with the fix.
    expect(stdout).toMatch(
      /^WARN {2}Endpoints: list_projects: degraded: GET \/api\/ConnectionsProject missing \(guessed\); it lists the projects this server created\n {6}fix: set MIGRATE_MCP_ENDPOINTS/m,
    );
    // A tool outside the default toolsets missing a guessed read (its read-back) is a note, not a warning.
    expect(stdout).toContain(
      "note  Endpoints: rename_project: degraded: GET /api/ConnectionsProject/{projectId} missing (guessed); it does what it can without them",
    );
    // Writes are never probed; a write whose controller answered no read at all is taken as missing.
    expect(stdout).toContain(
      "WARN  Endpoints: add_admin_user: cannot work: POST /api/AdminUser missing (guessed; no route of its controller answered)",
    );
    expect(stdout).toMatch(/All \d+ checks passed, with \d+ warnings?\.\n$/);
  });

  it("on an instance with every route but no OpenAPI document, says which tools' writes it could not probe", async () => {
    const { code, stdout, requests } = await doctorAgainst({ profile: "full", hideDocument: true }, [
      "--toolsets",
      "all",
    ]);
    expect(code).toBe(0);
    expect(requests.filter((r) => r.method !== "GET").map((r) => r.route)).toEqual([
      "POST /api/Account/login",
    ]);
    expect(stdout).toMatch(/^note {2}Endpoints: the instance serves no \/openapi\/v1\.json/m);
    // A write neither a document nor the guide vouches for: the tool should work, and says it was not probed.
    const unprobed =
      /^note {2}Endpoints: (\d+) tools should work: nothing they use is missing, but their writes were not probed: (.+)$/m.exec(
        stdout,
      );
    expect(unprobed, stdout).not.toBeNull();
    const named = unprobed![2]!.split(", ");
    expect(named).toHaveLength(Number(unprobed![1]));
    expect(named).toEqual(
      expect.arrayContaining(["rename_project", "add_admin_user", "start_environment_scan"]),
    );
    // A write the guide documents is taken as there: its tool works outright.
    expect(named).not.toContain("create_project");
    expect(stdout).not.toMatch(/^(WARN|FAIL)/m);
  });

  it("finds every tool's operations on an ASP.NET-style instance from its OpenAPI 3.1 document, with no override", async () => {
    const { code, stdout } = await doctorAgainst({ profile: "aspnet" }, ["--toolsets", "all"]);
    expect(code).toBe(0);
    expect(stdout).toContain("renameProject → POST /api/ConnectionsProject/rename-project");
    // Every CloudM tool but call_api, which calls whatever path it is given.
    const cloudmTools = ALL_TOOLS.filter((t) => (t.provider ?? "cloudm") === "cloudm").length;
    expect(stdout).toContain(
      `ok    Endpoints: ${cloudmTools - 1} of ${cloudmTools} tools work: every endpoint they use is there\n`,
    );
    // The demo project's first batch listed: its pilot, which ran to completion before.
    expect(stdout).toMatch(
      /^ok {4}Answers: the statistics of batch "Pilot - IT" give every fact the tools use \(state Completed\)$/m,
    );
    expect(stdout).toMatch(/^ok {4}Answers: the settings of batch "Pilot - IT" read: \d+ general/m);
  });

  it("names the statistics facts it could not understand when the instance's enums are not named", async () => {
    const dir = await mkdtemp(join(tmpdir(), "doctor-answers-"));
    try {
      const file = join(dir, "endpoints.json");
      // The document unreachable (its lists mapped by hand): the integer states have no names to read them by.
      await writeFile(
        file,
        JSON.stringify({
          openApi: { path: "/no-such-document.json" },
          listProjects: { path: "/api/ConnectionsProject/get-projects" },
          listBatches: { path: "/api/ConnectionBatches/get-connection-batches" },
        }),
      );
      const { stdout } = await doctorAgainst({ profile: "aspnet" }, [], { MIGRATE_MCP_ENDPOINTS: file });
      expect(stdout).toMatch(
        /^WARN {2}Answers: the statistics of batch "Pilot - IT" do not give the run state \(the instance sent "4", which it does not name\)/m,
      );
      expect(stdout).toMatch(/ {6}fix: name the instance's field or value in MIGRATE_MCP_ENDPOINTS/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails when a probe finds a documented endpoint missing", async () => {
    const { code, stdout } = await doctorAgainst({
      profile: "guide",
      renameRoutes: {
        "GET /api/BatchConfigSettings/{configurationId}": "/api/BatchConfigSettings/get/{configurationId}",
      },
    });
    expect(code).toBe(1);
    expect(stdout).toContain(
      "FAIL  Endpoints: get_batch_settings: cannot work: GET /api/BatchConfigSettings/{configurationId} missing (documented in the guide)",
    );
  });

  it("uses and names the paths of MIGRATE_MCP_ENDPOINTS, and probes them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "doctor-endpoints-"));
    try {
      const file = join(dir, "endpoints.json");
      await writeFile(file, JSON.stringify({ listProjects: { path: "/api/Projects/all" } }));
      const { code, stdout } = await doctorAgainst({ profile: "guide" }, [], { MIGRATE_MCP_ENDPOINTS: file });
      expect(code).toBe(0);
      expect(stdout).toContain(
        "ok    Endpoints: overridden by MIGRATE_MCP_ENDPOINTS: listProjects → GET /api/Projects/all",
      );
      expect(stdout).toContain(
        "WARN  Endpoints: list_projects: degraded: GET /api/Projects/all missing (from MIGRATE_MCP_ENDPOINTS)",
      );
      expect(stdout).toContain("no project list route (GET /api/Projects/all, not in the guide)");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
