/** schemas/read-scan.ts over CloudM's EnvironmentScanModel and the full profile's status and report. */
import { describe, expect, it } from "vitest";
import { readScanReport, readScanStatus } from "../../src/api/cloudm/schemas/index.js";
import { buildVocabulary, DEFAULT_VOCABULARY, ENUM_NAMES } from "../../src/api/cloudm/vocabulary.js";

const declared = (...names: readonly string[]) => new Map(names.map((name, value) => [value, name] as const));
const named = buildVocabulary({
  declaredEnums: [new Map(ENUM_NAMES.scanState.map((name, value) => [value, name] as const))],
});

describe("readScanStatus", () => {
  const environmentScanModel = {
    state: 1,
    progressState: { progressPercent: 40, processedUsers: 4, totalUsers: 10 },
    start: "2026-05-06T10:00:00Z",
    end: null,
    fileReport: null,
    mailReport: null,
    otherScanInProgress: false,
  };

  it("reads CloudM's EnvironmentScanModel, its figures under progressState", () => {
    expect(readScanStatus(environmentScanModel, named)).toEqual({
      scanId: undefined,
      state: "Processing",
      stateReported: undefined,
      scanType: undefined,
      scanTypeReported: undefined,
      sourceOption: undefined,
      sourceOptionReported: undefined,
      progressPercent: 40,
      usersScanned: 4,
      totalUsers: 10,
      startedOn: "2026-05-06T10:00:00Z",
      completedOn: undefined,
      message: undefined,
      otherScanInProgress: false,
    });
  });

  it("keeps an integer state no document names as not understood", () => {
    expect(readScanStatus({ state: 3 }, DEFAULT_VOCABULARY)).toMatchObject({
      state: undefined,
      stateReported: "3",
    });
  });

  it("names an integer scan type and source option from the document, and keeps them as sent otherwise", () => {
    const raw = { state: 1, scanType: 0, scanSourceOption: 1 };
    const documented = buildVocabulary({
      declaredEnums: [
        declared(...ENUM_NAMES.scanState),
        declared(...ENUM_NAMES.scanType),
        declared(...ENUM_NAMES.scanSourceOption),
      ],
    });
    expect(readScanStatus(raw, documented)).toMatchObject({ scanType: "AllItems", sourceOption: "Email" });
    expect(readScanStatus(raw, DEFAULT_VOCABULARY)).toMatchObject({
      scanType: undefined,
      scanTypeReported: "0",
      sourceOption: undefined,
      sourceOptionReported: "1",
    });
  });

  it("leaves figures not given undefined, never 0", () => {
    expect(readScanStatus({ state: "Complete" }, named)).toMatchObject({
      state: "Complete",
      progressPercent: undefined,
      usersScanned: undefined,
      totalUsers: undefined,
    });
  });
});

describe("readScanReport", () => {
  const user = { userEmail: "a@contoso.example", mailboxSizeBytes: 2e9, driveSizeBytes: 1e9 };

  it("reads the full profile's report, its users in the older list envelope", () => {
    const report = readScanReport(
      {
        state: "Complete",
        partial: false,
        sourceOption: "Both",
        totals: {
          users: 1,
          mailItemCount: 10,
          mailboxSizeBytes: 2e9,
          driveItemCount: 5,
          driveSizeBytes: 1e9,
        },
        totalResults: 1,
        totalPages: 1,
        items: [user],
      },
      named,
    );
    expect(report).toMatchObject({ partial: false, totalPages: 1, totals: { users: 1, driveItemCount: 5 } });
    expect(report?.users).toEqual([
      {
        ...user,
        mailItemCount: undefined,
        mailFolderCount: undefined,
        driveItemCount: undefined,
        sharedItemCount: undefined,
      },
    ]);
  });

  it("reads a .NET model's rows and totals: emailAddress, plural counts, usersCount", () => {
    const report = readScanReport(
      {
        state: "Stopped",
        totals: { usersCount: 2, mailItemsCount: 30, mailboxSize: 3e9 },
        items: [{ emailAddress: "a@contoso.example", mailItemsCount: 20, mailboxSize: 2e9, driveSize: null }],
        totalCount: 2,
      },
      named,
    );
    expect(report?.totals).toMatchObject({ users: 2, mailItemCount: 30, mailboxSizeBytes: 3e9 });
    expect(report?.users).toEqual([
      {
        userEmail: "a@contoso.example",
        mailItemCount: 20,
        mailboxSizeBytes: 2e9,
        mailFolderCount: undefined,
        driveItemCount: undefined,
        driveSizeBytes: undefined,
        sharedItemCount: undefined,
      },
    ]);
  });

  it("pages as DataTables, counts users from the page total, and knows a stopped scan is partial", () => {
    const report = readScanReport({ state: 6, aaData: [user, { size: 1 }], iTotalRecords: 7 }, named);
    expect(report).toMatchObject({ partial: true, totals: { users: 7, mailboxSizeBytes: undefined } });
    expect(report?.users.map((u) => u.userEmail)).toEqual(["a@contoso.example"]);
    expect(readScanReport({ state: 99 }, named)?.partial).toBeUndefined();
    expect(readScanReport("done", named)).toBeUndefined();
  });
});
