/**
 * The simulator fails users and items for the reasons a migration admin meets (quota, throttling,
 * permission, a missing account, an item too large, a corrupt item, other), in the words of the system
 * that refused; a retry gets past what was passing and meets what lasts again. On every profile each
 * recorded failure is told exactly once: in the statistics' rows and in the ItemFailures report.
 */
import { describe, expect, it } from "vitest";
import type { FailureCause, SimBatch } from "../../src/simulator/cloudm/model.js";
import { migratedData } from "../../src/simulator/cloudm/seed.js";
import type { DataType } from "../../src/simulator/cloudm/wire/statistics.js";
import { PROFILES } from "../helpers/truth.js";
import { createMigrationBatch, followToEnd, startCloudM, userItem } from "../helpers/cloudm.js";
import {
  demoSessionPerSuite,
  itemFailuresReport,
  recordedFailures,
  rowsOf,
  runToEnd,
  type SimSession,
  statistics,
} from "../helpers/sim-runs.js";

const CAUSES: readonly FailureCause[] = [
  "quota",
  "throttling",
  "permission",
  "missingAccount",
  "tooLarge",
  "corrupt",
  "other",
];

/** Each profile's statistics and report tell every failure the state records, once. */
async function expectToldOnce(session: SimSession, batch: SimBatch): Promise<void> {
  const profile = session.sim.profile;
  const reply = await statistics(session, batch.configurationId);
  expect(reply.status).toBe(200);
  const rows = rowsOf(profile, reply.json);
  expect(rows).toHaveLength(batch.items.size);
  for (const item of batch.items.values()) {
    const row = rows.find((r) => r.exportName === item.exportName);
    expect(row?.failures, item.exportName).toEqual(item.failures.map((f) => f.failure));
    if (profile === "aspnet") expect(row?.status).toBe(item.failures.at(-1)?.failure.reason ?? "");
  }
  const report = await itemFailuresReport(session, batch.configurationId);
  const asReported = report.map(([exportName, , type, code, reason, details]) =>
    [exportName, type, code, reason, details].join("|"),
  );
  const recorded = recordedFailures(batch).map((f) =>
    [f.item.exportName, f.failure.type, f.failure.code, f.failure.reason, f.failure.details ?? ""].join("|"),
  );
  expect(asReported.sort()).toEqual(recorded.sort());
}

describe.each(PROFILES)("%s profile: failures for varied reasons", (profile) => {
  const suite = demoSessionPerSuite(profile);

  const batch = (id: string) => suite().sim.state.batches.get(id)!;

  it("fails the demo's users for every cause, in the refusing system's words, and tells each failure once", async () => {
    const session = suite();
    const demo = session.sim.demo!;
    await runToEnd(session, demo.configurationId, "StartMigration");
    const batches = [batch(demo.pilotConfigurationId), batch(demo.configurationId)];
    const recorded = batches.flatMap(recordedFailures);
    expect(new Set(recorded.map((f) => f.cause))).toEqual(new Set(CAUSES));
    // The pilot, run two days before, already shows every cause.
    expect(new Set(recordedFailures(batches[0]!).map((f) => f.cause))).toEqual(new Set(CAUSES));
    const users = (cause: FailureCause) =>
      recorded.filter((f) => f.cause === cause && f.failure.type === "User");
    const items = (cause: FailureCause) =>
      recorded.filter((f) => f.cause === cause && f.failure.type !== "User");
    expect(new Set(users("missingAccount").map((f) => f.side))).toEqual(new Set(["source", "destination"]));
    expect(users("permission").length).toBeGreaterThan(0);
    for (const cause of ["quota", "tooLarge", "corrupt", "throttling"] as const)
      expect(items(cause).length, cause).toBeGreaterThan(0);
    // Microsoft 365 refuses in Exchange's words, Google in its own.
    const codes = new Set(recorded.map((f) => f.failure.code));
    for (const code of [
      "ErrorNonExistentMailbox",
      "UserNotFound",
      "ErrorCorruptData",
      "storageQuotaExceeded",
    ])
      expect(codes, code).toContain(code);
    expect(recorded.every((f) => f.failure.details)).toBe(true);
    // Still a demo that mostly works: most users finish without any failure.
    const all = batches.flatMap((b) => [...b.items.values()]);
    expect(all.filter((i) => i.state === "Success").length).toBeGreaterThan(all.length / 2);
    for (const b of batches) await expectToldOnce(session, b);
  });

  it("gets past passing failures on a retry, and meets lasting ones again, each still told once", async () => {
    const session = suite();
    const wave = batch(session.sim.demo!.configurationId);
    const before = new Map(
      [...wave.items.values()].map((i) => [i.id, { state: i.state, failures: structuredClone(i.failures) }]),
    );
    const passing = (id: number) => before.get(id)!.failures.filter((f) => f.transient);
    const lasting = (id: number) => before.get(id)!.failures.filter((f) => !f.transient);
    expect([...before.keys()].some((id) => passing(id).some((f) => f.failure.type !== "User"))).toBe(true);
    expect([...before.keys()].some((id) => lasting(id).some((f) => f.failure.type !== "User"))).toBe(true);

    await runToEnd(session, wave.configurationId, "RestartFailedItems");
    for (const item of wave.items.values()) {
      const user = before.get(item.id)!.failures.filter((f) => f.failure.type === "User");
      const items = lasting(item.id).filter((f) => f.failure.type !== "User");
      expect(item.failures, item.exportName).toEqual([...user, ...items]);
    }
    await expectToldOnce(session, wave);

    const failedBefore = [...wave.items.values()].filter((i) => before.get(i.id)!.state === "Failed");
    expect(failedBefore.some((i) => passing(i.id).length > 0)).toBe(true);
    expect(failedBefore.some((i) => lasting(i.id).length > 0)).toBe(true);
    await runToEnd(session, wave.configurationId, "RestartFailedUsers");
    for (const item of failedBefore) {
      if (lasting(item.id).length > 0) {
        expect(item.state, item.exportName).toBe("Failed");
        expect(item.failures, item.exportName).toEqual(lasting(item.id));
      } else {
        expect(["Success", "Warning"], item.exportName).toContain(item.state);
        expect(
          item.failures.filter((f) => f.failure.type === "User"),
          item.exportName,
        ).toEqual([]);
        // The restart went on from where the user failed: each byte of its data counted once.
        const footprint = migratedData(session.sim.state.seed, item.exportName, item.flags);
        for (const [type, work] of Object.entries(footprint))
          expect(item.totals[type as DataType]?.sizeExportedBytes, `${item.exportName} ${type}`).toBe(
            work.bytes,
          );
      }
    }
    await expectToldOnce(session, wave);
  });
});

describe("failures over a typical test batch", () => {
  /** A batch of `count` seeded users between the platforms, run to its end through the API. */
  async function ranBatch(platforms?: Parameters<typeof createMigrationBatch>[2], count = 150) {
    const h = await startCloudM({ simulator: { seed: 42, clockSpeed: 0 } });
    const { configurationId } = await createMigrationBatch(h.client, "Typical", platforms);
    for (let i = 0; i < count; i++)
      await h.client.addMigrationItem(
        userItem(configurationId, `user${i}@src.example`, `user${i}@dst.example`),
      );
    await h.client.startMigration(configurationId, "StartMigration");
    expect((await followToEnd(h, configurationId)).state).toBe("Completed");
    return { h, wave: h.sim.state.batches.get(configurationId)! };
  }

  it("cover every cause across a seeded set of users, a plausible share of them, counted in the totals", async () => {
    const { h, wave } = await ranBatch();
    try {
      const recorded = recordedFailures(wave);
      expect(new Set(recorded.map((f) => f.cause))).toEqual(new Set(CAUSES));
      const items = [...wave.items.values()];
      const failed = items.filter((i) => i.state === "Failed").length;
      const warned = items.filter((i) => i.state === "Warning").length;
      expect(failed / items.length).toBeLessThan(0.25);
      expect((failed + warned) / items.length).toBeLessThan(0.45);
      // An item failure is one failed export (the source refused) or import (the destination did).
      for (const item of items) {
        const itemFailures = item.failures.filter((f) => f.failure.type !== "User");
        const counters = Object.values(item.totals);
        const exported = counters.reduce((n, c) => n + (c?.exportFailure ?? 0), 0);
        const imported = counters.reduce((n, c) => n + (c?.importFailure ?? 0), 0);
        expect(exported, item.exportName).toBe(itemFailures.filter((f) => f.side === "source").length);
        expect(imported, item.exportName).toBe(itemFailures.filter((f) => f.side === "destination").length);
      }
    } finally {
      await h.close();
    }
  });

  it("words a refusal by the platform that refused: CloudM's own words for the others", async () => {
    const { h, wave } = await ranBatch({ source: "Zimbra", destination: "AmazonStorage" });
    try {
      const codes = new Set(recordedFailures(wave).map((f) => f.failure.code));
      for (const code of ["Forbidden", "MailboxNotFound", "QuotaExceeded", "TooManyRequests", "CorruptItem"])
        expect(codes, code).toContain(code);
      for (const code of ["ErrorNonExistentMailbox", "ErrorServerBusy", "quotaExceeded", "invalid_grant"])
        expect(codes, code).not.toContain(code);
    } finally {
      await h.close();
    }
  });
});
