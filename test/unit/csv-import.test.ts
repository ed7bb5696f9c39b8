import { describe, expect, it } from "vitest";
import { readItemsCsv } from "../../src/simulator/cloudm/csv-import.js";
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS } from "../../src/simulator/cloudm/wire/items.js";

const REQUIRED_HEADER = CSV_REQUIRED_COLUMNS.join(",");

function expectOk(outcome: ReturnType<typeof readItemsCsv>) {
  if (!outcome.ok) throw new Error(`expected the CSV to be read, got ${JSON.stringify(outcome.errors)}`);
  return outcome;
}

function expectRejected(outcome: ReturnType<typeof readItemsCsv>) {
  if (outcome.ok) throw new Error("expected the CSV to be rejected as a whole");
  return outcome.errors;
}

describe("readItemsCsv", () => {
  it("reads rows with the required columns, by type name or index, with the default data flags", () => {
    const csv = [
      REQUIRED_HEADER,
      "true,User,User,ana@src.example,ana@dst.example",
      "no,0,4,ops@src,ops@dst",
    ].join("\n");
    const { items, errors } = expectOk(readItemsCsv(csv));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      row: 2,
      item: {
        exportName: "ana@src.example",
        importName: "ana@dst.example",
        exportType: 0,
        importType: 0,
        migrate: true,
        flags: {
          mail: true,
          contacts: true,
          calendar: true,
          drive: true,
          sites: false,
          tasks: false,
          channels: false,
          googleChat: false,
          notes: false,
        },
        extra: {},
      },
    });
    expect(items[1]?.row).toBe(3);
    expect(items[1]?.item).toMatchObject({ migrate: false, exportType: 0, importType: 4 });
  });

  it("reads every known column, headers in any case and order, with a BOM", () => {
    const header = [...CSV_COLUMNS].reverse().map((c) => c.toUpperCase());
    const values: Record<string, string> = {
      Migrate: "yes",
      Priority: "7",
      ExportObjectType: "MicrosoftTeam",
      ImportObjectType: "unifiedgroup",
      ExportName: "team@src",
      ImportName: "team@dst",
      GivenName: "Sales",
      FamilyName: "Team",
      DocumentsPath: "/sales",
      MigrateMail: "false",
      MigrateNotes: "1",
      MigrateChannels: "y",
    };
    const row = [...CSV_COLUMNS].reverse().map((c) => values[c] ?? "");
    const { items, errors } = expectOk(readItemsCsv(`\uFEFF${header.join(",")}\n${row.join(",")}\n`));
    expect(errors).toEqual([]);
    expect(items[0]?.item).toMatchObject({
      exportType: 9,
      importType: 8,
      migrate: true,
      flags: { mail: false, calendar: true, notes: true, channels: true, tasks: false },
      extra: { priority: 7, givenName: "Sales", familyName: "Team", documentsPath: "/sales" },
    });
  });

  it("reports a bad row by its number and reason and still reads the good rows", () => {
    const csv = [
      REQUIRED_HEADER,
      "true,User,User,a@src,a@dst",
      "maybe,Printer,User,,b@dst",
      "true,User,User,c@src,c@dst",
      "true,User,10,d@src,d@dst",
    ].join("\n");
    const { items, errors } = expectOk(readItemsCsv(csv));
    expect(items.map((i) => i.row)).toEqual([2, 4]);
    expect(errors.map((e) => e.row)).toEqual([3, 5]);
    const [bad, outOfRange] = errors;
    expect(bad?.message).toContain("Migrate must be true or false");
    expect(bad?.message).toContain("ExportObjectType must be one of");
    expect(bad?.message).toContain("ExportName is empty");
    expect(bad?.message).not.toContain("ImportName");
    expect(outOfRange?.message).toContain("ImportObjectType must be one of");
  });

  it("numbers rows by the file line they start on, past blank lines and quoted cells over several lines", () => {
    const csv = [
      REQUIRED_HEADER,
      'true,User,User,a@src,"a@dst',
      '(second line of a quoted cell)"',
      "",
      "maybe,User,User,b@src,b@dst",
      "true,User,User,c@src,c@dst",
    ].join("\r\n");
    const { items, errors } = expectOk(readItemsCsv(csv));
    expect(items.map((i) => i.row)).toEqual([2, 6]);
    expect(errors.map((e) => e.row)).toEqual([5]);
  });

  it("reports a data flag that is not a boolean", () => {
    const csv = `${REQUIRED_HEADER},MigrateDrive\ntrue,User,User,a@src,a@dst,sometimes\n`;
    const { items, errors } = expectOk(readItemsCsv(csv));
    expect(items).toEqual([]);
    expect(errors).toEqual([{ row: 2, message: "MigrateDrive must be true or false" }]);
  });

  it("rejects the file when a required column is missing, naming each missing column", () => {
    const errors = expectRejected(readItemsCsv("Migrate,ExportObjectType,ExportName\ntrue,User,a@src\n"));
    expect(Object.keys(errors).sort()).toEqual(["ImportName", "ImportObjectType"]);
  });

  it("rejects the file when a column is unknown, naming it", () => {
    const errors = expectRejected(readItemsCsv(`${REQUIRED_HEADER},Colour\ntrue,User,User,a,b,red\n`));
    expect(Object.keys(errors)).toEqual(["Colour"]);
    expect(errors.Colour?.[0]).toContain("Unknown column 'Colour'");
  });

  it("rejects an empty file and one that is not CSV", () => {
    expect(Object.keys(expectRejected(readItemsCsv("")))).toEqual(["file"]);
    const broken = expectRejected(readItemsCsv(`${REQUIRED_HEADER}\ntrue,User,User,"unterminated,b\n`));
    expect(broken.file?.[0]).toContain("not valid CSV");
  });
});
