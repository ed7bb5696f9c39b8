/** schemas/read-schedule.ts over CloudM's ScheduleMigrationModel and the full profile's schedules. */
import { describe, expect, it } from "vitest";
import { readSchedule, readSchedules } from "../../src/api/cloudm/schemas/index.js";
import { buildVocabulary, DEFAULT_VOCABULARY, ENUM_NAMES } from "../../src/api/cloudm/vocabulary.js";

const declared = (...names: string[]) => new Map(names.map((name, value) => [value, name]));
const named = buildVocabulary({
  declaredEnums: [declared(...ENUM_NAMES.scheduleType), declared(...ENUM_NAMES.scheduleRepeat)],
});
const BATCH = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("readSchedule", () => {
  it("reads CloudM's ScheduleMigrationModel: one schedule per batch, armed by isScheduled", () => {
    expect(
      readSchedule(
        {
          configurationId: BATCH,
          isScheduled: true,
          scheduledOn: "2026-06-01T22:00:00Z",
          readyForScheduling: true,
          itemCount: 30,
          migrationInProgress: false,
        },
        named,
      ),
    ).toMatchObject({
      scheduleId: undefined,
      configurationId: BATCH,
      scheduleOn: "2026-06-01T22:00:00Z",
      isScheduled: true,
      status: undefined,
      scheduleType: undefined,
      scheduleTypeReported: undefined,
    });
  });

  it("names integer types and repeats from the document, and keeps them as sent otherwise", () => {
    const raw = { scheduleId: 4, configurationId: BATCH, scheduleType: 0, repeat: 2, status: "Scheduled" };
    expect(readSchedule(raw, named)).toMatchObject({
      scheduleId: "4",
      scheduleType: "DateTime",
      repeat: "Daily",
      isScheduled: true,
    });
    expect(readSchedule(raw, DEFAULT_VOCABULARY)).toMatchObject({
      scheduleType: undefined,
      scheduleTypeReported: "0",
      repeat: undefined,
      repeatReported: "2",
    });
  });

  it("names an integer mode and status from the document, and never shows the bare number as a name", () => {
    const raw = { scheduleId: "s1", configurationId: BATCH, migrationMode: 1, scheduleStatus: 2 };
    const documented = buildVocabulary({
      declaredEnums: [declared(...ENUM_NAMES.migrationMode), declared("Scheduled", "Fired", "Cancelled")],
    });
    expect(readSchedule(raw, documented)).toMatchObject({
      mode: "CheckUsersOnly",
      modeReported: undefined,
      status: "Cancelled",
      isScheduled: false,
    });
    expect(readSchedule(raw, DEFAULT_VOCABULARY)).toMatchObject({
      mode: undefined,
      modeReported: "1",
      status: undefined,
      statusReported: "2",
      isScheduled: undefined,
    });
  });

  it("reads the full profile's schedule, its last outcome, and a cancelled one as not armed", () => {
    const s = readSchedule(
      {
        scheduleId: "s1",
        configurationId: BATCH,
        scheduleType: "WhenSpecificMigrationPercentCompleted",
        completedConfigurationId: "c2",
        completedPercent: 50,
        status: "Cancelled",
        firedCount: 0,
        lastOutcome: { firedOn: "2026-01-01T00:00:00Z", result: "NotStarted", message: "Nothing to run" },
      },
      named,
    );
    expect(s).toMatchObject({
      completedPercent: 50,
      isScheduled: false,
      firedCount: 0,
      lastOutcome: { result: "NotStarted" },
    });
    expect(s?.nextRunOn).toBeUndefined();
  });

  it("takes a create answer that is only the id, and refuses what names no schedule", () => {
    expect(readSchedule("s-9", named)?.scheduleId).toBe("s-9");
    expect(readSchedule({ status: "Scheduled" }, named)).toBeUndefined();
    expect(readSchedule("OK", named)).toBeUndefined();
  });
});

describe("readSchedules", () => {
  const row = { scheduleId: "s1", configurationId: BATCH };
  it.each([
    ["a bare array", [row]],
    ["DataTables", { aaData: [row], iTotalRecords: 1 }],
    ["items/totalCount", { items: [row], totalCount: 1 }],
  ])("finds the schedules in %s", (_shape, raw) => {
    expect(readSchedules(raw, named)?.map((s) => s.scheduleId)).toEqual(["s1"]);
  });

  it("is undefined when the answer holds no list", () => {
    expect(readSchedules(row, named)).toBeUndefined();
  });
});
