/**
 * An environment scan as the scan tools show it: its state and progress, the report's figures for what
 * the scan read (mail, drive or both), the status line and the report in lines.
 */
import { dataSize } from "../views/sizes.js";
import { z } from "zod";
import type { ScanSizes, ScanStatusRecord } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { defined, enumLabel, enumLabelIfReported } from "../views/reported.js";

// What the instance said of the scan; every figure optional, the state always worded.
export const scanOut = z.object({
  scanId: z.string().optional(),
  state: z
    .string()
    .describe("Processing, Complete, Stopped, Error …; 'unknown' or 'not understood (…)' otherwise"),
  scanType: z.string().optional(),
  sourceOption: z.string().optional(),
  progressPercent: z.number().optional(),
  usersScanned: z.number().optional(),
  totalUsers: z.number().optional(),
  startedOn: z.string().optional(),
  completedOn: z.string().optional(),
  message: z.string().optional(),
});
export type ScanOut = z.infer<typeof scanOut>;

const figure = z.number().optional();
const sizes = {
  mailItemCount: figure,
  mailboxSizeBytes: figure,
  driveItemCount: figure,
  driveSizeBytes: figure,
};
export const reportOut = z.object({
  partial: z.boolean().optional().describe("True when the scan was stopped: only the users read so far"),
  totals: z.object({ users: figure, ...sizes }),
  users: z.array(z.object({ userEmail: z.string(), ...sizes })),
  nextCursor: z.string().optional(),
});

const size = (bytes: number | undefined) => (bytes === undefined ? "" : dataSize(bytes));
const items = (count: number | undefined) => (count === undefined ? "items not reported" : `${count} items`);

export function scanView(s: ScanStatusRecord): ScanOut {
  return defined({
    scanId: s.scanId,
    state: enumLabel(s.state, s.stateReported),
    scanType: enumLabelIfReported(s.scanType, s.scanTypeReported),
    sourceOption: enumLabelIfReported(s.sourceOption, s.sourceOptionReported),
    progressPercent: s.progressPercent,
    usersScanned: s.usersScanned,
    totalUsers: s.totalUsers,
    startedOn: s.startedOn,
    completedOn: s.completedOn,
    message: s.message,
  });
}

type Sizes = Partial<Pick<ScanSizes, keyof typeof sizes>>;

/** The figures the scan read: mail ones unless it scanned File only, drive ones unless Email only. */
export function sizesOf(r: Sizes, sourceOption: string | undefined): Sizes {
  const keys = [
    ...(sourceOption !== "File" ? (["mailItemCount", "mailboxSizeBytes"] as const) : []),
    ...(sourceOption !== "Email" ? (["driveItemCount", "driveSizeBytes"] as const) : []),
  ];
  return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
}

export function statusText(s: ScanOut): string {
  const { usersScanned: read, totalUsers: total } = s;
  const users =
    read !== undefined && total !== undefined
      ? `${read}/${total} users`
      : read !== undefined
        ? `${read} users read (of a total not reported)`
        : total !== undefined
          ? `${total} users (how many read not reported)`
          : "users not reported";
  const progress = s.progressPercent === undefined ? "progress not reported" : `${s.progressPercent}%`;
  return `Scan ${s.state}: ${users} (${progress})${s.message ? `. ${quoted(s.message)}` : ""}`;
}

/** A report's totals in one line, then a line per user of the page. */
export function reportLines(report: z.infer<typeof reportOut>): string[] {
  const t = report.totals;
  const figures = [
    t.users === undefined ? "number of users not reported" : `${t.users} users`,
    ...(t.mailboxSizeBytes === undefined
      ? []
      : [`mail ${items(t.mailItemCount)}, ${size(t.mailboxSizeBytes)}`]),
    ...(t.driveSizeBytes === undefined
      ? []
      : [`drive ${items(t.driveItemCount)}, ${size(t.driveSizeBytes)}`]),
  ];
  const lines = report.users.map(
    (u) =>
      `- ${plainOrQuoted(u.userEmail)}: mail ${size(u.mailboxSizeBytes) || "-"}, drive ${size(u.driveSizeBytes) || "-"}`,
  );
  return [`${figures.join("; ")}.`, ...lines];
}
