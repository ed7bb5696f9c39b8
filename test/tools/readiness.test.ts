/**
 * The readiness tool (src/tools/readiness.ts): run_readiness_checks on a project or one batch, waiting
 * with progress and resuming by readinessId, through real SDK clients against the CloudM simulator.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolResult, CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { CloudMSimulatorOptions } from "../../src/simulator/cloudm/server.js";
import {
  accept,
  callFails,
  callOk,
  callTool,
  type InProcess,
  stillEnvironmentPerTest,
  textOf,
} from "../helpers/in-process.js";
import { licenceKey } from "../../src/simulator/cloudm/licences.js";
import { answerNextWithoutBody } from "../helpers/cloudm.js";

const MINUTE = 60_000;

// A simulator per test: the checks read the tenant as a whole, and tests change its licences, volume
// cap, batches and settings. Its clock stands still (clockSpeed 0) unless a test runs it.
let env: InProcess | undefined;
const begin = stillEnvironmentPerTest();
const start = async (simulator: CloudMSimulatorOptions = {}): Promise<InProcess> =>
  (env = await begin(simulator));

/** A new batch without users in the demo project. */
async function emptyBatch(client: Client, name: string): Promise<string> {
  const created = await callOk<{ batch: { configurationId: string } }>(client, "create_batch", {
    projectId: env?.sim.demo?.projectId,
    batchName: name,
  });
  return created.batch.configurationId;
}

interface ReadinessOut {
  readinessId: string;
  status: string;
  completed: boolean;
  tests: Array<{ id: string; title: string; message: string; status: string }>;
}

const byId = (r: ReadinessOut) => Object.fromEntries(r.tests.map((t) => [t.id, t]));

/** The demo project's users without a licence yet, and the licences left: the simulator's own count, keyed as a run takes licences. */
function licenceFigures(e: InProcess): { needed: number; available: number } {
  const { state } = e.sim;
  const keys = new Set(
    [...state.batches.values()]
      .filter((b) => b.projectId === e.sim.demo!.projectId)
      .flatMap((b) => [...b.items.values()].filter((i) => i.migrate).map((i) => licenceKey(state, b, i))),
  );
  return {
    needed: [...keys].filter((k) => !state.licensedUsers.has(k)).length,
    available: state.licencesAvailable,
  };
}

describe("readiness", () => {
  it("runs the checks on the demo project, sending progress while it waits", async () => {
    // Slow enough that the checks (about 5 simulated seconds) still run at the first read on a busy machine.
    const e = await start({ clockSpeed: 10 });
    const client = await e.connect("admin");
    const projectId = e.sim.demo!.projectId;
    const progress: number[] = [];
    const result = (await client.callTool(
      { name: "run_readiness_checks", arguments: { projectId } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p.progress) },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const run = result.structuredContent as unknown as ReadinessOut;
    // The demo project's Wave 2 has more users than the licence has left: the licence check fails.
    expect(run).toMatchObject({ status: "Failed", completed: true });
    expect(progress.length).toBeGreaterThan(0);
    const tests = byId(run);
    expect(tests["source-connection"]).toMatchObject({ status: "Info" });
    expect(tests["source-connection"]!.message).toContain("test_connection");
    expect(tests["destination-connection"]).toMatchObject({ status: "Warning" });
    expect(tests["destination-connection"]!.message).toContain("No test user");
    for (const id of [
      "connection-roles",
      "google-api-access",
      "users",
      "invalid-emails",
      "destination-domain",
      "batch-settings",
    ])
      expect(tests[id], id).toMatchObject({ status: "Success" });
    expect(tests["volume-cap"]).toMatchObject({ status: "Info" });
    const { needed, available } = licenceFigures(e);
    expect(needed).toBeGreaterThan(available);
    expect(tests.licences).toMatchObject({ status: "Failed" });
    expect(tests.licences!.message).toContain(
      `${needed} new licence(s) needed, ${available} of 500 available: buy ${needed - available} more`,
    );
    // Problems come first in the text.
    expect(textOf(result).split("\n")[1]).toContain('Failed "Licences"');
    expect(textOf(result).split("\n")[2]).toContain('Warning "Destination connection"');
  });

  it("fails on too few licences, an exhausted volume cap, invalid addresses and inverted dates", async () => {
    const e = await start({ clockSpeed: 100, licenceCount: 20, volumeCapBytes: 2e9 });
    const client = await e.connect("admin", () => accept());
    const { projectId, configurationId, sourceConnectionId } = e.sim.demo!;
    await callOk(client, "add_migration_items", {
      configurationId,
      items: [
        { exportName: "no.at.sign@contoso.example", importName: "no-at-sign" },
        { exportName: "twin@contoso.example", importName: "amara.adams@elsewhere.example" },
      ],
    });
    await callOk(client, "update_batch_settings", {
      configurationId,
      general: { emailDateFrom: "2025-06-01T00:00:00Z", emailDateTo: "2025-01-01T00:00:00Z" },
    });
    await callOk(client, "test_connection", { connectionId: sourceConnectionId });

    const run = await callOk<ReadinessOut>(client, "run_readiness_checks", { projectId });
    expect(run.status).toBe("Failed");
    const tests = byId(run);
    expect(tests["source-connection"]).toMatchObject({ status: "Success" });
    expect(tests.licences).toMatchObject({ status: "Failed" });
    // Twenty licences cannot cover the demo's 24-user pilot: it never ran, so none is used yet.
    const { needed, available } = licenceFigures(e);
    expect(available).toBe(20);
    expect(tests.licences!.message).toContain(
      `${needed} new licence(s) needed, 20 of 20 available: buy ${needed - 20} more`,
    );
    expect(tests["volume-cap"]).toMatchObject({ status: "Failed" });
    expect(tests["invalid-emails"]).toMatchObject({ status: "Failed" });
    expect(tests["invalid-emails"]!.message).toContain("importName 'no-at-sign'");
    expect(tests["destination-domain"]).toMatchObject({ status: "Warning" });
    expect(tests["destination-domain"]!.message).toContain("amara.adams@elsewhere.example");
    expect(tests["batch-settings"]).toMatchObject({ status: "Failed" });
    expect(tests["batch-settings"]!.message).toContain("emailDateFrom");
    expect(tests["batch-settings"]!.message).toContain("update_batch_settings");
  });

  it("checks one batch, and says ConfigurationChanged once its settings change", async () => {
    const e = await start({ clockSpeed: 100 });
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    const empty = await emptyBatch(client, "Later");
    const run = await callOk<ReadinessOut>(client, "run_readiness_checks", {
      projectId,
      configurationId: empty,
    });
    expect(run.status).toBe("Failed");
    expect(byId(run).users).toMatchObject({ status: "Failed" });
    expect(byId(run).users!.message).toContain("'Later'");

    const same = await callOk<ReadinessOut>(client, "run_readiness_checks", {
      projectId,
      readinessId: run.readinessId,
    });
    expect(same.status).toBe("Failed");
    e.sim.state.batches.get(empty)!.general.folderSelection = "InboxOnly";
    const changed = await callTool(client, "run_readiness_checks", {
      projectId,
      readinessId: run.readinessId,
    });
    expect(changed.structuredContent).toMatchObject({ status: "ConfigurationChanged", completed: true });
    expect(textOf(changed)).toContain("run them again");
  });

  it("names the argument to fix", async () => {
    const e = await start({ clockSpeed: 100 });
    const client = await e.connect("admin");
    const projectId = e.sim.demo!.projectId;
    expect(
      await callFails(client, "run_readiness_checks", {
        projectId,
        configurationId: "00000000-0000-4000-8000-000000000000",
      }),
    ).toContain("configurationId");
    expect(await callFails(client, "run_readiness_checks", { projectId: "nope" })).toContain("projectId");
    expect(await callFails(client, "run_readiness_checks", { projectId, waitSeconds: 100 })).toContain(
      "waitSeconds",
    );
    expect(e.sim.state.readinessRuns.size).toBe(0);
  });

  it("answers with a run still going once waitSeconds pass, and finishes it when resumed by readinessId", async () => {
    // The clock stands still, so the checks cannot finish while the tool waits.
    const e = await start();
    const client = await e.connect("admin");
    const projectId = e.sim.demo!.projectId;
    const waiting = await callTool(client, "run_readiness_checks", { projectId, waitSeconds: 1 });
    expect(waiting.isError).toBeFalsy();
    const run = waiting.structuredContent as unknown as ReadinessOut;
    expect(run.completed).toBe(false);
    expect(["None", "Pending", "InProgress"]).toContain(run.status);
    expect(textOf(waiting)).toContain(
      `Check again after 10 s with run_readiness_checks and readinessId "${run.readinessId}"`,
    );

    e.sim.clock.advance(MINUTE);
    const resumed = await callOk<ReadinessOut>(client, "run_readiness_checks", {
      projectId,
      readinessId: run.readinessId,
    });
    expect(resumed).toMatchObject({
      readinessId: run.readinessId,
      status: "Failed",
      completed: true,
    });
    expect(resumed.tests.length).toBeGreaterThan(run.tests.length);
    // Resuming waits on the same run; it starts no other.
    expect(e.sim.state.readinessRuns.size).toBe(1);

    // A readinessId is resumed only for the project (and batch) it checks.
    const otherProject = "00000000-0000-4000-8000-000000000000";
    const wrongProject = await callFails(client, "run_readiness_checks", {
      projectId: otherProject,
      readinessId: run.readinessId,
    });
    expect(wrongProject).toContain(`not projectId ${otherProject}`);
    const batch = e.sim.demo!.configurationId;
    const wrongBatch = await callFails(client, "run_readiness_checks", {
      projectId,
      configurationId: batch,
      readinessId: run.readinessId,
    });
    expect(wrongBatch).toContain(`checks the whole project, not configurationId ${batch}`);
    expect(e.sim.state.readinessRuns.size).toBe(1);
  });
});

describe("readiness checks the instance started with a 2xx answer and no body", () => {
  it("reports them started, says they cannot be followed without a readinessId, and starts one run only", async () => {
    const e = await start();
    const client = await e.connect("admin");
    answerNextWithoutBody(e.sim, "POST", "/api/MigrationReadiness/start", 202);
    const result = await callTool(client, "run_readiness_checks", { projectId: e.sim.demo!.projectId });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toEqual({
      status: "unknown",
      completed: false,
      tests: [],
      note: expect.stringContaining("did not include a readinessId"),
      answer: null,
    });
    expect(textOf(result)).toContain("Readiness checks started (status unknown)");
    expect(textOf(result)).toContain("cannot follow them");
    expect(e.sim.state.readinessRuns.size).toBe(1);
  });
});
