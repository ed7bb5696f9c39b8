/**
 * Environment scans, however the instance shapes them: CloudM's own `EnvironmentScanModel` (`state`,
 * `progressState`, `start`, `end`, `fileReport`, `mailReport`, `otherScanInProgress`) first, then the
 * names the full simulator answers with (`scanId`, `progressPercent`, `usersScanned`, `totalUsers` …).
 * The state, scan type and source option are named through the vocabulary; a figure not given is
 * undefined, never 0.
 */
import type { Vocabulary } from "../vocabulary.js";
import { fromBlocks, readNamed } from "./read-group.js";
import {
  field,
  isListShaped,
  isObject,
  type Json,
  readBoolean,
  readId,
  readList,
  readNumber,
  readString,
} from "./read-values.js";

export interface ScanStatusRecord {
  scanId: string | undefined;
  /** One of CloudM's scan states, or undefined when not given or not understood. */
  state: string | undefined;
  stateReported: string | undefined;
  scanType: string | undefined;
  scanTypeReported: string | undefined;
  sourceOption: string | undefined;
  sourceOptionReported: string | undefined;
  progressPercent: number | undefined;
  usersScanned: number | undefined;
  totalUsers: number | undefined;
  startedOn: string | undefined;
  completedOn: string | undefined;
  message: string | undefined;
  otherScanInProgress: boolean | undefined;
}

/** The answer, then CloudM's `progressState` when it is a block of figures. */
function blocksOf(raw: unknown): Json[] {
  return [raw, field(raw, ["progressState", "progress"])].filter(isObject);
}

const readSourceOption = (raw: unknown, vocabulary: Vocabulary) =>
  readNamed(vocabulary, "scanSourceOption", field(raw, ["sourceOption", "scanSourceOption"]));

export function readScanStatus(raw: unknown, vocabulary: Vocabulary): ScanStatusRecord {
  const blocks = blocksOf(raw);
  const number = (names: readonly string[]) => fromBlocks(blocks, names, readNumber);
  const state = readNamed(vocabulary, "scanState", field(raw, ["state", "scanState", "status"]));
  const scanType = readNamed(vocabulary, "scanType", field(raw, ["scanType"]));
  const sourceOption = readSourceOption(raw, vocabulary);
  return {
    scanId: readId(field(raw, ["scanId", "id", "environmentScanId"])),
    state: state.name,
    stateReported: state.reported,
    scanType: scanType.name,
    scanTypeReported: scanType.reported,
    sourceOption: sourceOption.name,
    sourceOptionReported: sourceOption.reported,
    progressPercent: number(["progressPercent", "percentComplete", "percentage", "percent"]),
    usersScanned: number(["usersScanned", "scannedUsers", "processedUsers", "processed"]),
    totalUsers: number(["totalUsers", "userCount", "total"]),
    startedOn: readString(field(raw, ["startedOn", "start", "startTime", "startDate"])),
    completedOn: readString(field(raw, ["completedOn", "end", "endTime", "endDate"])),
    message: readString(field(raw, ["message", "statusMessage", "error"])),
    otherScanInProgress: readBoolean(field(raw, ["otherScanInProgress"])),
  };
}

// Singular and plural counts both: .NET models name them either way (`mailItemsCount`, `usersCount`).
const SIZE_FIELDS = {
  mailItemCount: ["mailItemCount", "mailItemsCount", "mailItems", "emailCount"],
  mailboxSizeBytes: ["mailboxSizeBytes", "mailboxSize", "mailSize"],
  mailFolderCount: ["mailFolderCount", "mailFoldersCount", "folderCount"],
  driveItemCount: ["driveItemCount", "driveItemsCount", "fileCount", "driveItems"],
  driveSizeBytes: ["driveSizeBytes", "driveSize", "fileSize"],
  sharedItemCount: ["sharedItemCount", "sharedItemsCount", "sharedItems"],
} as const;

export type ScanSizes = { [K in keyof typeof SIZE_FIELDS]: number | undefined };

function readSizes(raw: unknown): ScanSizes {
  return Object.fromEntries(
    Object.entries(SIZE_FIELDS).map(([key, names]) => [key, readNumber(field(raw, names))]),
  ) as ScanSizes;
}

export interface ScanUserRecord extends ScanSizes {
  userEmail: string;
}

export interface ScanReportRecord {
  state: string | undefined;
  /** True when the scan was stopped: the report covers only the users read by then. */
  partial: boolean | undefined;
  sourceOption: string | undefined;
  totals: ScanSizes & { users: number | undefined };
  users: ScanUserRecord[];
  totalPages: number | undefined;
}

/** A page of a scan's report; undefined when the answer is not an object. */
export function readScanReport(raw: unknown, vocabulary: Vocabulary): ScanReportRecord | undefined {
  if (!isObject(raw)) return undefined;
  const names = ["users", "userReports"];
  const list = isListShaped(raw, names) ? readList(raw, names) : undefined;
  const totals = field(raw, ["totals", "summary", "total"]);
  const state = readNamed(vocabulary, "scanState", field(raw, ["state", "scanState", "status"])).name;
  return {
    state,
    // A stopped scan's report is partial by definition; a complete one is whole.
    partial:
      readBoolean(field(raw, ["partial", "isPartial"])) ??
      (state === "Stopped" ? true : state === "Complete" ? false : undefined),
    sourceOption: readSourceOption(raw, vocabulary).name,
    totals: {
      users: readNumber(field(totals, ["users", "userCount", "usersCount", "totalUsers"])) ?? list?.total,
      ...readSizes(totals),
    },
    users: (list?.items ?? []).flatMap((row) => {
      const userEmail = readString(
        field(row, ["userEmail", "email", "emailAddress", "primaryEmail", "userName", "name"]),
      );
      return userEmail === undefined ? [] : [{ userEmail, ...readSizes(row) }];
    }),
    totalPages: list?.totalPages,
  };
}
