/**
 * The environment scan tools (src/tools/scan.ts): start_environment_scan, stop_environment_scan and
 * get_environment_scan, through real SDK clients on in-process sessions against the CloudM simulator.
 */
import { describe, expect, it } from "vitest";
import { userFootprint } from "../../src/simulator/cloudm/seed.js";
import {
  accept,
  callFails,
  callOk,
  callTool,
  decline,
  type InProcess,
  stillEnvironmentPerTest,
  textOf,
} from "../helpers/in-process.js";
import { answerNextWithoutBody } from "../helpers/cloudm.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// A simulator per test, its clock held still (clockSpeed 0) and moved by hand so every step is exact.
// A project has one scan at a time, and the tests break the demo source on purpose.
const start = stillEnvironmentPerTest();

/** Everything a declined confirmation must leave alone. */
function snapshot(e: InProcess): string {
  const { state } = e.sim;
  return JSON.stringify({
    schedules: [...state.schedules.values()],
    scans: [...state.scans.values()],
    runs: [...state.batches.values()].map((b) => b.run),
  });
}

interface ScanOut {
  scan: {
    state: string;
    usersScanned: number;
    totalUsers: number;
    progressPercent: number;
    message?: string;
  };
  report?: {
    partial: boolean;
    totals: Record<string, number>;
    users: Array<{ userEmail: string; mailboxSizeBytes?: number; driveSizeBytes?: number }>;
    nextCursor?: string;
  };
}

describe("environment scan", () => {
  it("scans the source on the simulator's clock and reports sizes derived from the seed", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    const started = await callOk<ScanOut>(client, "start_environment_scan", { projectId });
    expect(started.scan).toMatchObject({ state: "Processing", usersScanned: 0 });
    const total = started.scan.totalUsers;
    expect(total).toBeGreaterThanOrEqual(30);

    e.sim.clock.advance(1_000 + 10 * 1_500);
    const midway = await callOk<ScanOut>(client, "get_environment_scan", { projectId });
    expect(midway.scan).toMatchObject({ state: "Processing", usersScanned: 10 });
    expect(midway.report).toBeUndefined();
    e.sim.clock.advance((total - 10) * 1_500);
    expect((await callOk<ScanOut>(client, "get_environment_scan", { projectId })).scan.state).toBe(
      "UpdateStatistics",
    );
    e.sim.clock.advance(2_000);

    const done = await callOk<ScanOut>(client, "get_environment_scan", { projectId, userLimit: 10 });
    expect(done.scan).toMatchObject({ state: "Complete", progressPercent: 100, usersScanned: total });
    const report = done.report!;
    expect(report.partial).toBe(false);
    expect(report.totals.users).toBe(total);
    expect(report.users).toHaveLength(10);
    const size = (u: (typeof report.users)[number]) => (u.mailboxSizeBytes ?? 0) + (u.driveSizeBytes ?? 0);
    const sizes = report.users.map(size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const largest = report.users[0]!;
    const footprint = userFootprint(42, largest.userEmail);
    expect(largest).toMatchObject({
      mailboxSizeBytes: footprint.mailboxSizeBytes,
      driveSizeBytes: footprint.driveSizeBytes,
    });
    const next = await callOk<ScanOut>(client, "get_environment_scan", {
      projectId,
      userLimit: 10,
      cursor: report.nextCursor,
    });
    expect(next.report!.users[0]!.userEmail).not.toBe(largest.userEmail);
    expect(size(next.report!.users[0]!)).toBeLessThanOrEqual(sizes[9]!);
  });

  it("scans only the batch users' mailboxes when asked", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    const started = await callOk<ScanOut>(client, "start_environment_scan", {
      projectId,
      scanType: "SelectedToMigrateItems",
      sourceOption: "Email",
    });
    // The users of the project's batches: the demo's three waves.
    const batchUsers = [...e.sim.state.batches.values()]
      .filter((b) => b.projectId === projectId)
      .flatMap((b) => [...b.items.values()].map((i) => i.exportName));
    expect(started.scan.totalUsers).toBe(new Set(batchUsers).size);
    e.sim.clock.advance(HOUR);
    const users: NonNullable<ScanOut["report"]>["users"] = [];
    let cursor: string | undefined;
    do {
      const { report } = await callOk<ScanOut>(client, "get_environment_scan", {
        projectId,
        userLimit: 100,
        ...(cursor ? { cursor } : {}),
      });
      expect(report!.totals.driveSizeBytes).toBeUndefined();
      users.push(...report!.users);
      cursor = report!.nextCursor;
    } while (cursor);
    expect(users.every((u) => u.mailboxSizeBytes !== undefined && u.driveSizeBytes === undefined)).toBe(true);
    expect(users.map((u) => u.userEmail).sort()).toEqual([...batchUsers].sort());
  });

  it("keeps scanning when the user declines the stop, and reports what it read when stopped", async () => {
    const e = await start();
    const admin = await e.connect("admin", () => accept());
    const declining = await e.connect("declining", () => decline());
    const projectId = e.sim.demo!.projectId;
    await callOk(admin, "start_environment_scan", { projectId });
    e.sim.clock.advance(1_000 + 4 * 1_500);

    const before = snapshot(e);
    const declined = await callTool(declining, "stop_environment_scan", { projectId });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(snapshot(e)).toBe(before);
    expect(e.sim.state.scans.get(projectId)!.state).toBe("Processing");

    const stopped = await callOk<ScanOut & { status: string }>(admin, "stop_environment_scan", { projectId });
    expect(stopped).toMatchObject({ status: "done", scan: { state: "Stopping", usersScanned: 4 } });
    e.sim.clock.advance(HOUR);
    const after = await callOk<ScanOut>(admin, "get_environment_scan", { projectId });
    expect(after.scan).toMatchObject({ state: "Stopped", usersScanned: 4 });
    expect(after.report).toMatchObject({ partial: true, totals: { users: 4 } });
  });

  it("ends in Error when the source cannot be reached, and names bad arguments", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;
    expect(
      await callFails(client, "start_environment_scan", { projectId, scanType: "Everything" }),
    ).toContain("scanType");
    expect(await callFails(client, "start_environment_scan", { projectId: "not-a-project" })).toContain(
      "projectId",
    );
    expect(await callFails(client, "get_environment_scan", { projectId, userLimit: 500 })).toContain(
      "userLimit",
    );
    expect((await callOk<ScanOut>(client, "get_environment_scan", { projectId })).scan.state).toBe("None");

    e.sim.state.connections.get(e.sim.demo!.sourceConnectionId)!.settings.domainName = "down.invalid";
    await callOk(client, "start_environment_scan", { projectId });
    expect(await callFails(client, "start_environment_scan", { projectId })).toContain("already Processing");
    e.sim.clock.advance(MINUTE);
    const failed = await callTool(client, "get_environment_scan", { projectId });
    expect(failed.structuredContent).toMatchObject({ scan: { state: "Error" } });
    expect(textOf(failed)).toContain("Unable to connect to the remote server");
  });

  it("says how to start one, reports totals alone at userLimit 0, and previews stopping a finished scan as a no-op", async () => {
    const e = await start();
    // No elicitation: stop_environment_scan answers with its preview and a token.
    const client = await e.connect("token");
    const projectId = e.sim.demo!.projectId;
    expect(textOf(await callTool(client, "get_environment_scan", { projectId }))).toContain(
      "Start one with start_environment_scan",
    );

    const started = await callOk<ScanOut>(client, "start_environment_scan", {
      projectId,
      sourceOption: "File",
    });
    const total = started.scan.totalUsers;
    e.sim.clock.advance(HOUR);
    const done = await callTool(client, "get_environment_scan", { projectId, userLimit: 0 });
    const { scan, report } = done.structuredContent as unknown as ScanOut;
    expect(scan.state).toBe("Complete");
    expect(report).toMatchObject({ partial: false, users: [], totals: { users: total } });
    expect(report!.nextCursor).toBeUndefined();
    expect(report!.totals.mailboxSizeBytes).toBeUndefined();
    expect(report!.totals.driveSizeBytes).toBeGreaterThan(0);
    expect(textOf(done)).toContain(`${total} users; drive ${report!.totals.driveItemCount} items`);

    const stop = await callTool(client, "stop_environment_scan", { projectId });
    expect(stop.structuredContent).toMatchObject({
      status: "confirmation_required",
      preview: {
        summary: `Stop the environment scan of project "Contoso to Fabrikam (simulated)": Complete, ${total}/${total} users read`,
        details: { state: "Complete", effect: "nothing: the scan is not running" },
      },
    });
    expect(e.sim.state.scans.get(projectId)!.state).toBe("Complete");
  });
});

describe("scan writes the instance answered 2xx without a body", () => {
  it("start on a 202 and stop on a 204: both done, the scan as its status reads", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const projectId = e.sim.demo!.projectId;

    answerNextWithoutBody(e.sim, "POST", "/api/EnvironmentScan/start", 202);
    const started = await callTool(client, "start_environment_scan", { projectId });
    expect(started.isError, textOf(started)).toBeFalsy();
    expect(started.structuredContent).toMatchObject({ scan: { state: "Processing", usersScanned: 0 } });
    expect(textOf(started)).toContain("Scan Processing");
    expect(e.sim.countRequests("POST /api/EnvironmentScan/start")).toBe(1);

    e.sim.clock.advance(1_000 + 3 * 1_500);
    answerNextWithoutBody(e.sim, "POST", "/api/EnvironmentScan/stop", 204);
    const stopped = await callTool(client, "stop_environment_scan", { projectId });
    expect(stopped.structuredContent).toMatchObject({
      status: "done",
      scan: { state: "Stopping", usersScanned: 3 },
    });
    expect(e.sim.state.scans.get(projectId)!.state).toBe("Stopping");
  });
});
