/**
 * What a pre-flight and a project summary read from the simulator, on every profile: a batch with more
 * users than the licence has left is refused with the numbers; each run's measured throughput stays
 * in the statistics after it ends (the demo's pilot has one before anything starts); and the
 * environment scan gives each user's volume per data type, which is what a run of the user moves.
 */
import { describe, expect, it } from "vitest";
import type { SimBatch } from "../../src/simulator/cloudm/model.js";
import { userFootprint } from "../../src/simulator/cloudm/seed.js";
import { perHour } from "../../src/simulator/cloudm/views.js";
import { MAILBOX_TYPES } from "../../src/simulator/cloudm/wire/scan.js";
import { type CloudMProfile } from "../../src/simulator/cloudm/context.js";
import { createMigrationBatch, startCloudM, userItem } from "../helpers/cloudm.js";
import { conforms, loadDocument } from "../helpers/aspnet.js";
import { PROFILES } from "../helpers/truth.js";
import {
  demoSession,
  demoSessionPerSuite,
  runToEnd,
  start,
  statistics,
  throughputOf,
} from "../helpers/sim-runs.js";

type Json = Record<string, unknown>;

/** A run's rate as the simulator measured it: items imported over its running time. */
function measured(batch: SimBatch, run: number) {
  const record = batch.history[run]!;
  const ms = record.endedAt! - record.startedAt;
  return {
    items: perHour(record.moved.importedItems, ms),
    bytes: perHour(record.moved.sizeImportedBytes, ms),
  };
}

describe.each(PROFILES)("%s profile: licences and throughput", (profile: CloudMProfile) => {
  const suite = demoSessionPerSuite(profile);
  const batch = (id: string) => suite().sim.state.batches.get(id)!;

  it("refuses the demo's Wave 2, which has more users than the licence has left, with the numbers", async () => {
    const session = suite();
    const { state, demo } = session.sim;
    const wave2 = batch(demo!.overLicenceConfigurationId!);
    // The pilot licensed its users two days ago; Wave 2 needs 40 more than are left.
    expect(state.licencesAvailable).toBe(500 - batch(demo!.pilotConfigurationId).items.size);
    expect(wave2.items.size).toBe(state.licencesAvailable + 40);
    const refused = await start(session, wave2.configurationId, "StartMigration");
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(
      `Not enough licences: this run needs ${wave2.items.size} new user licences and ${state.licencesAvailable} are available`,
    );
    expect(wave2.run.state).toBe("None");
    expect(wave2.history).toEqual([]);
  });

  it("shows the pilot's measured throughput before anything starts, and each run's after it ends", async () => {
    const session = suite();
    const { demo } = session.sim;
    const pilot = batch(demo!.pilotConfigurationId);
    expect(pilot.history.map((r) => [r.mode, r.outcome])).toEqual([["StartMigration", "Completed"]]);
    const pilotRate = measured(pilot, 0);
    expect(pilotRate.items).toBeGreaterThan(0);
    const before = await statistics(session, pilot.configurationId);
    expect(throughputOf(profile, before.json)).toBe(pilotRate.items);

    const wave = batch(demo!.configurationId);
    await runToEnd(session, wave.configurationId, "StartMigration");
    await runToEnd(session, wave.configurationId, "RestartFailedItems");
    expect(wave.history.map((r) => [r.mode, r.outcome])).toEqual([
      ["StartMigration", "Completed"],
      ["RestartFailedItems", "Completed"],
    ]);
    // Every item imported was imported by one of the runs.
    const imported = [...wave.items.values()].reduce(
      (n, i) => n + Object.values(i.totals).reduce((m, c) => m + (c?.importSuccess ?? 0), 0),
      0,
    );
    expect(wave.history.reduce((n, r) => n + r.moved.importedItems, 0)).toBe(imported);
    const reply = await statistics(session, wave.configurationId);
    // The summary is the latest run's rate; the runs before keep theirs.
    expect(throughputOf(profile, reply.json)).toBe(measured(wave, 1).items);
    if (profile === "full") {
      const runs = (reply.json as { runHistory: Json[] }).runHistory;
      expect(runs).toHaveLength(2);
      expect(runs[0]).toMatchObject({
        mode: "StartMigration",
        state: "Completed",
        itemsImported: wave.history[0]!.moved.importedItems,
        sizeImportedBytes: wave.history[0]!.moved.sizeImportedBytes,
        throughputItemsPerHour: measured(wave, 0).items,
        throughputBytesPerHour: measured(wave, 0).bytes,
      });
      expect(runs[0]!.throughputItemsPerHour).toBeGreaterThan(0);
      expect((reply.json as { summary: Json }).summary.throughputBytesPerHour).toBe(measured(wave, 1).bytes);
      // The document says the unit.
      const doc = (await session.send("GET", "/openapi/v1.json")).json as Json;
      expect(JSON.stringify(doc)).toContain("Items imported per hour");
    }
    if (profile === "aspnet") {
      const doc = await loadDocument(session.sim);
      const value = conforms(doc, "GET", "/api/ConnectionBatchesProgress/get-statistics", reply) as {
        totalMigrationData: { processHistory: { items: Json[] } };
      };
      const points = value.totalMigrationData.processHistory.items;
      // A point as each user of each run finished, the first run's kept.
      expect(points).toHaveLength(wave.history.reduce((n, r) => n + r.samples.length, 0));
      const firstRunEnd = points[wave.history[0]!.samples.length - 1]!;
      expect(firstRunEnd).toMatchObject({
        averageThroughput: measured(wave, 0).items,
        totalSizeImported: wave.history[0]!.moved.sizeImportedBytes,
        currentUsers: 0,
      });
      expect(points.at(-1)).toMatchObject({ averageThroughput: measured(wave, 1).items });
    }
  });
});

describe("licences on a fresh simulator", () => {
  it("refuses a batch over a small licence pool with the shortfall, and starts one within it", async () => {
    const h = await startCloudM({ simulator: { seed: 42, clockSpeed: 0, licenceCount: 3 } });
    try {
      const over = await createMigrationBatch(h.client, "Over");
      for (const user of ["a", "b", "c", "d", "e"])
        await h.client.addMigrationItem(
          userItem(over.configurationId, `${user}@src.example`, `${user}@dst.example`),
        );
      await expect(h.client.startMigration(over.configurationId, "StartMigration")).rejects.toThrow(
        "Not enough licences: this run needs 5 new user licences and 3 are available",
      );
      const within = await createMigrationBatch(h.client, "Within");
      for (const user of ["a", "b"])
        await h.client.addMigrationItem(
          userItem(within.configurationId, `${user}@src.example`, `${user}@dst.example`),
        );
      await h.client.startMigration(within.configurationId, "StartMigration");
      expect(h.sim.state.licencesAvailable).toBe(1);
    } finally {
      await h.close();
    }
  });

  it("sizes the demo's over-licence wave to the pool it is given, leaving the other waves startable", async () => {
    const session = await demoSession("full", { licenceCount: 100 });
    try {
      const { state, demo } = session.sim;
      expect(state.licencesAvailable).toBe(76);
      const wave2 = state.batches.get(demo!.overLicenceConfigurationId!)!;
      expect(wave2.items.size).toBe(116);
      expect((await start(session, wave2.configurationId, "StartMigration")).text).toContain(
        "this run needs 116 new user licences and 76 are available",
      );
      expect((await start(session, demo!.configurationId, "StartMigration")).status).toBe(200);
    } finally {
      await session.sim.close();
    }
  });
});

describe.each(["full", "aspnet"] as const)("%s profile: environment scan volumes", (profile) => {
  const suite = demoSessionPerSuite(profile);

  /** Every row of the latest scan's report, by user. */
  async function reportRows(projectId: string): Promise<Map<string, Json>> {
    const pageAt = (page: number) =>
      profile === "full"
        ? `/api/EnvironmentScan/report?projectId=${projectId}&pageSize=100&pageNumber=${page + 1}`
        : `/api/EnvironmentScan/get-scan-report?projectId=${projectId}&take=100&skip=${page * 100}`;
    const session = suite();
    const rows = new Map<string, Json>();
    for (let page = 0; ; page++) {
      const reply = await session.send("GET", pageAt(page));
      expect(reply.status, reply.text).toBe(200);
      // The aspnet profile's document declares every field it answers with.
      const body = (
        profile === "full"
          ? reply.json
          : conforms(await loadDocument(session.sim), "GET", "/api/EnvironmentScan/get-scan-report", reply)
      ) as { items: Json[] };
      if (body.items.length === 0) return rows;
      for (const row of body.items) rows.set(String(row.userEmail ?? row.emailAddress), row);
    }
  }

  it("gives each user's volume per data type, and a run of the user moves just that", async () => {
    const session = suite();
    const { sim } = session;
    const { projectId, configurationId } = sim.demo!;
    const started =
      profile === "full"
        ? await session.send("POST", "/api/EnvironmentScan/start", {
            projectId,
            scanType: "SelectedToMigrateItems",
            sourceOption: "Both",
          })
        : // CloudM's integer enums: SelectedToMigrateItems, Both.
          await session.send("POST", "/api/EnvironmentScan/start-scan", {
            projectId,
            scanType: 1,
            scanSourceOption: 0,
          });
    expect([200, 202], started.text).toContain(started.status);
    sim.clock.advance(86_400_000);
    const rows = await reportRows(projectId);
    const users = [...sim.state.batches.values()]
      .filter((b) => b.projectId === projectId)
      .flatMap((b) => [...b.items.values()].map((i) => i.exportName));
    expect([...rows.keys()].sort()).toEqual([...new Set(users)].sort());

    const names =
      profile === "full"
        ? (type: string) => ({ count: `${type}ItemCount`, bytes: `${type}SizeBytes` })
        : (type: string) => ({ count: `${type}ItemsCount`, bytes: `${type}Size` });
    const mailbox = profile === "full" ? "mailboxSizeBytes" : "mailboxSize";
    const drive = profile === "full" ? "driveSizeBytes" : "driveSize";
    for (const [user, row] of rows) {
      const { data } = userFootprint(sim.state.seed, user);
      for (const type of MAILBOX_TYPES)
        expect([row[names(type).count], row[names(type).bytes]], `${user} ${type}`).toEqual([
          data[type].count,
          data[type].bytes,
        ]);
      expect(row[mailbox]).toBe(MAILBOX_TYPES.reduce((n, type) => n + data[type].bytes, 0));
      expect(row[drive]).toBe(data.document.bytes);
    }

    // Wave 1 migrates mail, calendar, contacts and drive: a user it finished moved what the scan said.
    await runToEnd(session, configurationId, "StartMigration");
    const finished = [...sim.state.batches.get(configurationId)!.items.values()].filter(
      (i) => i.state !== "Failed",
    );
    expect(finished.length).toBeGreaterThan(20);
    for (const item of finished) {
      const row = rows.get(item.exportName)!;
      const scanned = ["email", "appointment", "contact"].reduce(
        (n, t) => n + Number(row[names(t).bytes]),
        0,
      );
      const moved = Object.values(item.totals).reduce((n, c) => n + (c?.sizeExportedBytes ?? 0), 0);
      expect(moved, item.exportName).toBe(scanned + Number(row[drive]));
    }
  });
});
