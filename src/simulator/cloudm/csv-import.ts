/** Reads the bulk-import CSV (facts file columns) into migration items, reporting bad rows by file line. */
import { type CsvRecord, parseCsvLines } from "./csv-lines.js";
import type { SimItem } from "./model.js";
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS, ITEM_OBJECT_TYPES } from "./wire/items.js";

/** What a CSV row gives of a migration item; the state adds the rest. */
export type CsvItem = Pick<
  SimItem,
  "exportName" | "importName" | "exportType" | "importType" | "migrate" | "flags" | "extra"
>;

export type CsvOutcome =
  | {
      ok: true;
      items: Array<{ row: number; item: CsvItem }>;
      errors: Array<{ row: number; message: string }>;
    }
  | { ok: false; errors: Record<string, string[]> };

const FLAG_COLUMNS: Record<string, string> = {
  MigrateMail: "mail",
  MigrateContacts: "contacts",
  MigrateCalendar: "calendar",
  MigrateDrive: "drive",
  MigrateSites: "sites",
  MigrateTasks: "tasks",
  MigrateChannels: "channels",
  MigrateGoogleChat: "googleChat",
  MigrateNotes: "notes",
};

function parseBool(value: string | undefined, fallback: boolean): boolean | undefined {
  if (value === undefined || value.trim() === "") return fallback;
  const v = value.trim().toLowerCase();
  if (["true", "yes", "1", "y"].includes(v)) return true;
  if (["false", "no", "0", "n"].includes(v)) return false;
  return undefined;
}

function parseObjectType(value: string | undefined): number | undefined {
  const v = (value ?? "").trim();
  if (/^\d+$/.test(v)) return Number(v) < ITEM_OBJECT_TYPES.length ? Number(v) : undefined;
  const index = ITEM_OBJECT_TYPES.findIndex((t) => t.toLowerCase() === v.toLowerCase());
  return index >= 0 ? index : undefined;
}

export function readItemsCsv(text: string): CsvOutcome {
  let rows: CsvRecord[];
  try {
    rows = parseCsvLines(text);
  } catch (error) {
    return { ok: false, errors: { file: [`The file is not valid CSV: ${(error as Error).message}`] } };
  }
  const [first, ...data] = rows;
  const header = first?.cells;
  if (!header)
    return {
      ok: false,
      errors: { file: ["The file is empty; it needs a header row and at least one user"] },
    };
  const known = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns = header.map((h) => known.get(h.toLowerCase()));
  const errors: Record<string, string[]> = {};
  header.forEach((h, i) => {
    if (!columns[i])
      errors[h || `column ${i + 1}`] = [`Unknown column '${h}'. Known columns: ${CSV_COLUMNS.join(", ")}`];
  });
  for (const required of CSV_REQUIRED_COLUMNS) {
    if (!columns.includes(required)) errors[required] = [`The required column ${required} is missing`];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const items: Array<{ row: number; item: CsvItem }> = [];
  const rowErrors: Array<{ row: number; message: string }> = [];
  data.forEach(({ cells, line: row }) => {
    const get = (column: string) => cells[columns.indexOf(column as (typeof CSV_COLUMNS)[number])];
    const migrate = parseBool(get("Migrate"), true);
    const exportType = parseObjectType(get("ExportObjectType"));
    const importType = parseObjectType(get("ImportObjectType"));
    const exportName = get("ExportName") ?? "";
    const importName = get("ImportName") ?? "";
    const problems = [
      migrate === undefined ? "Migrate must be true or false" : "",
      exportType === undefined ? `ExportObjectType must be one of ${ITEM_OBJECT_TYPES.join(", ")}` : "",
      importType === undefined ? `ImportObjectType must be one of ${ITEM_OBJECT_TYPES.join(", ")}` : "",
      exportName ? "" : "ExportName is empty",
      importName ? "" : "ImportName is empty",
    ].filter(Boolean);
    const flags: Record<string, boolean> = {};
    for (const [column, flag] of Object.entries(FLAG_COLUMNS)) {
      const value = parseBool(get(column), ["mail", "calendar", "contacts", "drive"].includes(flag));
      if (value === undefined) problems.push(`${column} must be true or false`);
      else flags[flag] = value;
    }
    if (
      problems.length > 0 ||
      migrate === undefined ||
      exportType === undefined ||
      importType === undefined
    ) {
      rowErrors.push({ row, message: problems.join("; ") });
      return;
    }
    const extra: Record<string, unknown> = {};
    for (const column of [
      "Priority",
      "ArchivePath",
      "DocumentsPath",
      "DocumentsDestinationPath",
      "GivenName",
      "FamilyName",
    ]) {
      const value = get(column);
      if (value)
        extra[column.charAt(0).toLowerCase() + column.slice(1)] =
          column === "Priority" ? Number(value) : value;
    }
    items.push({ row, item: { exportName, importName, exportType, importType, migrate, flags, extra } });
  });
  return { ok: true, items, errors: rowErrors };
}
