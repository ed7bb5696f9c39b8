/**
 * The schedule, scan and readiness API modules against the simulator over HTTP: strict bodies refused
 * with the field named, states the endpoints refuse in, and scan figures fixed by the seed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ReadinessApi } from "../../src/api/cloudm/readiness-api.js";
import { ScanApi } from "../../src/api/cloudm/scan-api.js";
import { ScheduleApi } from "../../src/api/cloudm/schedule-api.js";
import type { ScheduleMigrationRequest } from "../../src/api/cloudm/schemas/index.js";
import { ConflictError, NotFoundError, ValidationError } from "../../src/api/errors.js";
import { type CloudMHarness, created, startCloudM } from "../helpers/cloudm.js";

const harnesses: CloudMHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function demo(seed = 42): Promise<CloudMHarness> {
  const h = await startCloudM({ simulator: { tenant: "demo", seed, clockSpeed: 0 } });
  harnesses.push(h);
  return h;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("api/ScheduleMigration", () => {
  it("refuses another trigger type's fields and an unknown type, naming the field", async () => {
    const h = await demo();
    const api = new ScheduleApi(h.client);
    const configurationId = h.sim.demo!.configurationId;
    const mixed = await rejection(
      api.create({
        configurationId,
        scheduleType: "WhenSpecificMigrationCompleted",
        completedConfigurationId: configurationId,
        scheduleOn: "2030-01-01T00:00:00Z",
      } as unknown as ScheduleMigrationRequest),
    );
    expect(mixed).toBeInstanceOf(ValidationError);
    expect(Object.keys((mixed as ValidationError).fieldErrors)).toEqual(["scheduleOn"]);
    const unknown = await rejection(
      api.create({ configurationId, scheduleType: "Sometime" } as unknown as ScheduleMigrationRequest),
    );
    expect(Object.keys((unknown as ValidationError).fieldErrors)).toEqual(["scheduleType"]);
    expect(h.sim.state.schedules.size).toBe(0);
  });

  it("cancels idempotently, but not a schedule that already fired", async () => {
    const h = await demo();
    const api = new ScheduleApi(h.client);
    const configurationId = h.sim.demo!.configurationId;
    const scheduleOn = new Date(h.sim.clock.now() + 60_000).toISOString();
    const kept = created(await api.create({ configurationId, scheduleType: "DateTime", scheduleOn }));
    const keptId = kept.scheduleId!;
    expect(created(await api.cancel(keptId)).status).toBe("Cancelled");
    expect(created(await api.cancel(keptId)).status).toBe("Cancelled");
    const fires = created(await api.create({ configurationId, scheduleType: "DateTime", scheduleOn }));
    h.sim.clock.advance(120_000);
    expect((await api.get(fires.scheduleId!)).status).toBe("Fired");
    expect(await rejection(api.cancel(fires.scheduleId!))).toBeInstanceOf(ConflictError);
  });
});

describe("api/EnvironmentScan", () => {
  it("has no report before a scan has finished", async () => {
    const h = await demo();
    const api = new ScanApi(h.client);
    const projectId = h.sim.demo!.projectId;
    expect((await api.status(projectId)).state).toBe("None");
    expect(await rejection(api.report(projectId, { pageNumber: 1, pageSize: 10 }))).toBeInstanceOf(
      ConflictError,
    );
    await api.start({ projectId, scanType: "AllItems", sourceOption: "File" });
    expect(await rejection(api.report(projectId, { pageNumber: 1, pageSize: 10 }))).toBeInstanceOf(
      ConflictError,
    );
    const badPage = await rejection(api.report(projectId, { pageNumber: 1, pageSize: 1_000 }));
    expect(Object.keys((badPage as ValidationError).fieldErrors)).toEqual(["pageSize"]);
  });

  it("reports the same figures for the same seed, and others for another seed", async () => {
    const reportFor = async (seed: number) => {
      const h = await demo(seed);
      const api = new ScanApi(h.client);
      const projectId = h.sim.demo!.projectId;
      await api.start({ projectId, scanType: "AllItems", sourceOption: "Both" });
      h.sim.clock.advance(3_600_000);
      const report = await api.report(projectId, { pageNumber: 1, pageSize: 100 });
      return { totals: report.totals, users: report.users };
    };
    const first = await reportFor(42);
    expect(await reportFor(42)).toEqual(first);
    expect((await reportFor(7)).totals).not.toEqual(first.totals);
  });
});

describe("api/MigrationReadiness", () => {
  it("reveals the tests one by one on the simulator's clock", async () => {
    const h = await demo();
    const api = new ReadinessApi(h.client);
    const started = created(await api.start({ projectId: h.sim.demo!.projectId }));
    expect(started).toMatchObject({ status: "Pending", tests: [] });
    h.sim.clock.advance(500 + 2 * 400);
    const midway = await api.get(started.readinessId!);
    expect(midway.status).toBe("InProgress");
    expect(midway.tests.map((t) => t.id)).toEqual(["source-connection", "destination-connection"]);
    h.sim.clock.advance(60_000);
    const done = await api.get(started.readinessId!);
    // The demo project's Wave 2 has more users than the licence has left: that check alone fails.
    expect(done.status).toBe("Failed");
    expect(done.tests.filter((t) => t.status === "Failed").map((t) => t.id)).toEqual(["licences"]);
    expect(done.completedOn).toBeTruthy();
    expect(await rejection(api.get("00000000-0000-4000-8000-000000000000"))).toBeInstanceOf(NotFoundError);
  });
});
