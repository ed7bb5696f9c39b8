/** The CSV reports a batch produces (facts file: summary, per-user progress and detail, failures, document mappings). */
import { stringify } from "csv-stringify/sync";
import type { SimBatch } from "./model.js";
import type { Statistics } from "./views.js";
import type { ReportType } from "./wire/runs.js";

export function renderReports(batch: SimBatch, stats: Statistics): Record<ReportType, string> {
  const s = stats.summary;
  const summary = [
    ["Field", "Value"],
    ["Batch", batch.batchName],
    ["State", stats.state],
    ["Progress %", stats.progressPercent],
    ["Users", s.totalUsers],
    ["Users completed", s.completedUsers],
    ["Users failed", s.failedUsers],
    ["Items", s.totalItems],
    ["Bytes imported", s.sizeImportedBytes],
    ["Start", s.startTime ?? ""],
    ["End", s.endTime ?? ""],
  ];
  const progress = [
    ["ExportName", "ImportName", "State", "Progress %", "StartTime", "EndTime", "Server"],
    ...stats.items.map((i) => [
      i.exportName,
      i.importName,
      i.state,
      i.progressPercent,
      i.startTime ?? "",
      i.endTime ?? "",
      i.server ?? "",
    ]),
  ];
  const details = [
    [
      "ExportName",
      "ImportName",
      "DataType",
      "ExportSuccess",
      "ExportFailure",
      "ImportSuccess",
      "ImportFailure",
      "BytesImported",
    ],
    ...stats.items.flatMap((i) =>
      Object.entries(i.totals).map(([type, c]) => [
        i.exportName,
        i.importName,
        type,
        c?.exportSuccess ?? 0,
        c?.exportFailure ?? 0,
        c?.importSuccess ?? 0,
        c?.importFailure ?? 0,
        c?.sizeImportedBytes ?? 0,
      ]),
    ),
  ];
  const failures = [
    ["ExportName", "ImportName", "Type", "Code", "Reason", "Details"],
    ...stats.items.flatMap((i) =>
      i.failures.map((f) => [i.exportName, i.importName, f.type, f.code, f.reason, f.details ?? ""]),
    ),
  ];
  const mappings = [
    ["ExportName", "SourcePath", "DestinationPath"],
    ...stats.items
      .filter((i) => (i.totals.document?.importSuccess ?? 0) > 0)
      .map((i) => [
        i.exportName,
        `/Users/${i.exportName}/Documents`,
        `/drive/${i.importName}/Migrated Documents`,
      ]),
  ];
  return {
    MigrationSummary: stringify(summary),
    UserProgress: stringify(progress),
    UserDetails: stringify(details),
    ItemFailures: stringify(failures),
    DocumentMappings: stringify(mappings),
  };
}
