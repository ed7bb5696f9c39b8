/**
 * CSV for a person's spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * would run as a formula there (`=cmd|' /C calc'!A0` in a user's name), so in files this server
 * writes such a cell is prefixed with `'`, which spreadsheets show and do not run. Plain numbers
 * (`-5`, `+3.2`) are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export interface NeutralisedCsv {
  csv: string;
  /** How many cells were prefixed. */
  neutralised: number;
}

export async function neutraliseFormulas(csv: string): Promise<NeutralisedCsv> {
  // Loaded at first use: most sessions never save a report.
  const [{ parse }, { stringify }] = await Promise.all([
    import("csv-parse/sync"),
    import("csv-stringify/sync"),
  ]);
  let rows: string[][];
  try {
    rows = parse(csv, { relax_column_count: true, relax_quotes: true }) as string[][];
  } catch {
    // Not CSV after all: nothing to run in a spreadsheet as cells.
    return { csv, neutralised: 0 };
  }
  let neutralised = 0;
  const safe = rows.map((row) =>
    row.map((cell) => {
      if (!FORMULA_START.test(cell) || PLAIN_NUMBER.test(cell)) return cell;
      neutralised++;
      return `'${cell}`;
    }),
  );
  if (neutralised === 0) return { csv, neutralised };
  const lineBreak = csv.includes("\r\n") ? "\r\n" : "\n";
  return {
    csv: stringify(safe, { record_delimiter: lineBreak === "\r\n" ? "windows" : "unix" }),
    neutralised,
  };
}
