/**
 * Reading answers by meaning (src/api/cloudm/schemas): result envelopes, CloudM's own models, integer
 * enums named only from what the instance declares, and settings planned in the instance's names.
 */
import { describe, expect, it } from "vitest";
import {
  isRunning,
  isSettled,
  readConnectionTest,
  readList,
  readSettings,
  readStatistics,
  unwrapEnvelope,
} from "../../src/api/cloudm/schemas/index.js";
import { checkReadBack, planSettings } from "../../src/api/cloudm/settings-plan.js";
import { buildVocabulary, DEFAULT_VOCABULARY } from "../../src/api/cloudm/vocabulary.js";

/** CloudM's TotalMigrationDataModel order, not ours: Running is 2 there. */
const VENDOR_RUN_STATES = new Map(
  ["None", "PreparingData", "Running", "Queueing", "Completed", "Stopped", "Error", "Stopping"].map(
    (name, i) => [i, name] as const,
  ),
);
const VENDOR_USER_STATES = new Map(
  ["None", "InProgress", "Waiting", "Warning", "Success", "Failed", "Stopped", "Purging"].map(
    (name, i) => [i, name] as const,
  ),
);
const vendor = buildVocabulary({ declaredEnums: [VENDOR_RUN_STATES, VENDOR_USER_STATES] });

/** A StatisticsViewModel of a run at 32 % with one user failed (cloudm-facts.md). */
const statisticsViewModel = (state: unknown) => ({
  totalMigrationData: {
    migrationProcessState: state,
    progressPercent: 32,
    totalStatistics: {
      summary: { currentUsers: 2, completedUsers: 3, failedUsers: 1, totalItems: 1200 },
      emailExportSuccess: 900,
      emailImportSuccess: 880,
      emailImportFailure: 20,
      sizeImported: 123456,
    },
    volumeCapState: { capped: false, isOver: false, message: null, usedPercentage: 0 },
  },
  aaData: [
    { userExportName: "a@src.example", userId: 7, state: 4, status: "" },
    { userExportName: "b@src.example", userId: 8, state: 5, status: "Mailbox quota exceeded" },
  ],
  iTotalRecords: 6,
  iTotalDisplayRecords: 2,
});

describe("result envelopes", () => {
  it.each([
    ["CloudM's ActionResult", { status: { success: true, message: null }, value: { id: 3 }, success: true }],
    ["a data wrapper", { data: { id: 3 } }],
    ["a result wrapper with a flag", { result: { id: 3 }, isSuccess: true }],
    ["a NotificationActionResult", { value: { id: 3 }, success: true, notification: { title: "Saved" } }],
  ])("unwraps %s", (_name, raw) => expect(unwrapEnvelope(raw)).toEqual({ ok: true, value: { id: 3 } }));

  it("reports an envelope that says it failed, with its message", () => {
    expect(
      unwrapEnvelope({ status: { success: false, message: "Licence expired" }, value: null, success: false }),
    ).toEqual({ ok: false, message: "Licence expired" });
  });

  it("leaves a model that only has a status field alone", () => {
    const scan = { state: "Processing", status: "Running", start: "2026-01-01" };
    expect(unwrapEnvelope(scan)).toEqual({ ok: true, value: scan });
  });

  it("finds lists in DataTables, items/totalCount and OData pages", () => {
    expect(readList({ aaData: [1, 2], iTotalRecords: 9, sEcho: 1 })).toMatchObject({
      items: [1, 2],
      total: 9,
    });
    expect(readList({ items: [1], totalCount: 4 })).toMatchObject({ items: [1], total: 4 });
    expect(readList({ value: [1, 2, 3] })).toMatchObject({ items: [1, 2, 3] });
  });
});

describe("statistics by meaning", () => {
  it("reads CloudM's StatisticsViewModel with its integer enums named from the document", () => {
    const stats = readStatistics(statisticsViewModel(2), vendor);
    expect(stats).toMatchObject({
      state: "Running",
      progressPercent: 32,
      summary: { totalUsers: 6, currentUsers: 2, completedUsers: 3, failedUsers: 1, totalItems: 1200 },
      totals: { email: { exportSuccess: 900, importSuccess: 880, importFailure: 20, exportFailure: 0 } },
      missing: [],
    });
    expect(stats.items).toEqual([
      expect.objectContaining({ exportName: "a@src.example", id: "7", state: "Success", failures: [] }),
      expect.objectContaining({
        exportName: "b@src.example",
        state: "Failed",
        failures: [{ type: undefined, code: undefined, reason: "Mailbox quota exceeded" }],
      }),
    ]);
    expect(isRunning(stats)).toBe(true);
    expect(isSettled(stats)).toBe(false);
  });

  it("reads an instance that keeps PascalCase names (a Newtonsoft default)", () => {
    const stats = readStatistics(
      { TotalMigrationData: { MigrationProcessState: 2, ProgressPercent: 32 }, AaData: [], ITotalRecords: 6 },
      vendor,
    );
    expect(stats).toMatchObject({ state: "Running", progressPercent: 32, summary: { totalUsers: 6 } });
  });

  it("never reads an integer state it cannot name as over: the state is unknown and says what came", () => {
    const stats = readStatistics(statisticsViewModel(2), DEFAULT_VOCABULARY);
    expect(stats.state).toBeUndefined();
    expect(stats.stateReported).toBe("2");
    expect(isSettled(stats)).toBe(false);
    expect(isRunning(stats)).toBe(false);
    expect(stats.missing).toEqual([expect.stringContaining('the instance sent "2"')]);
  });

  it("reads a state name it does not know as unknown, not as over", () => {
    const stats = readStatistics({ state: "Paused", progressPercent: 40 });
    expect(stats.state).toBeUndefined();
    expect(isSettled(stats)).toBe(false);
  });

  it("names integers with an override where the document says nothing", () => {
    const overridden = buildVocabulary({ enumOverrides: { runState: { "2": "Completed" } } });
    expect(readStatistics(statisticsViewModel(2), overridden).state).toBe("Completed");
  });

  it("lists every fact a bare answer leaves out", () => {
    expect(readStatistics({}).missing).toEqual([
      "the run state",
      "the progress",
      "the number of users",
      "how many users are done",
      "how many users failed",
    ]);
  });
});

describe("CloudM's other models", () => {
  it("names a connection test's statuses when the document also declares the user states, which share four of their names", () => {
    const checks = new Map(["Success", "Failed", "InProgress", "Warning"].map((n, i) => [i, n] as const));
    const vocabulary = buildVocabulary({ declaredEnums: [VENDOR_USER_STATES, checks] });
    // The enumeration that is all check statuses is the check statuses; the user states stay theirs.
    expect([0, 1, 2, 3].map((v) => vocabulary.enumName("checkStatus", v))).toEqual([
      "Success",
      "Failed",
      "InProgress",
      "Warning",
    ]);
    expect(vocabulary.enumName("itemState", 3)).toBe("Warning");
  });

  it("reads a ConnectionTestResultModel with integer statuses", () => {
    const checks = new Map(["Success", "Failed", "InProgress", "Warning"].map((n, i) => [i, n] as const));
    const test = readConnectionTest(
      {
        testConnectionType: "Source",
        completed: true,
        testNotFound: false,
        status: 1,
        results: [
          { id: 1, name: "Admin sign-in", status: 0, message: "OK" },
          {
            id: 2,
            name: "Marketplace app",
            status: 1,
            message: "Failed",
            extraInformation: "App not installed",
          },
        ],
      },
      buildVocabulary({ declaredEnums: [checks] }),
    );
    expect(test).toEqual({
      completed: true,
      testNotFound: false,
      success: false,
      checks: [
        { name: "Admin sign-in", status: "Success", message: "OK" },
        { name: "Marketplace app", status: "Failed", message: "Failed — App not installed" },
      ],
    });
  });

  it("reads settings under CloudM's export/import names", () => {
    expect(
      readSettings({
        generalMigrationSettings: { emailFrom: null },
        exportSettings: { a: 1 },
        importSettings: {},
      }),
    ).toEqual({ generalSettings: { emailFrom: null }, sourceSettings: { a: 1 }, destinationSettings: {} });
  });
});

describe("settings in the instance's vocabulary", () => {
  const folders = new Map(["All", "SpecifiedOnly", "InboxOnly"].map((n, i) => [i, n] as const));
  const current = {
    emailFrom: null,
    advancedSettings: { limitSimultaneousMigrationsForConfig: 10, migrationFolders: 0 },
  };

  it("maps our friendly names and leaf names to the instance's paths, and enum names to its numbers", () => {
    const plan = planSettings(
      current,
      { emailDateFrom: "2024-01-01", simultaneousMigrations: 4, migrationFolders: "InboxOnly" },
      buildVocabulary({ declaredEnums: [folders] }),
    );
    expect(plan.unknown).toEqual([]);
    expect(plan.body).toEqual({
      emailFrom: "2024-01-01",
      advancedSettings: { limitSimultaneousMigrationsForConfig: 4, migrationFolders: 2 },
    });
  });

  it("names what it cannot place or encode", () => {
    const plan = planSettings(current, { nope: 1, migrationFolders: "InboxOnly" }, DEFAULT_VOCABULARY);
    expect(plan.unknown).toEqual(["nope"]);
    expect(plan.unencodable).toEqual([expect.stringContaining("migrationFolders")]);
  });

  it("compares the read-back value by value, dates by instant", () => {
    const plan = planSettings(
      current,
      { emailFrom: "2024-01-01T00:00:00Z", simultaneousMigrations: 4 },
      DEFAULT_VOCABULARY,
    );
    const back = {
      emailFrom: "2024-01-01T00:00:00.000+00:00",
      advancedSettings: { limitSimultaneousMigrationsForConfig: 10, migrationFolders: 0 },
    };
    expect(checkReadBack(back, plan.changes).unapplied.map((c) => [c.asked, c.now])).toEqual([
      ["simultaneousMigrations", 10],
    ]);
  });
});
