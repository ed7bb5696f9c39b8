/** CSV records with the file line each starts on, so a bad row is named as an editor shows it. */
import { parse } from "csv-parse/sync";

export interface CsvRecord {
  cells: string[];
  /** The 1-based line the record starts on (a quoted cell may span several). */
  line: number;
}

/** Throws csv-parse's error for text that is not CSV. */
export function parseCsvLines(text: string): CsvRecord[] {
  // One kind of line break, so csv-parse counts lines as an editor does (CRLF counts twice otherwise).
  const parsed = parse(text.replace(/\r\n?/g, "\n"), {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
    raw: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  // info.lines is where a record ends; its raw text (less skipped blank lines before, and its own line
  // break) says how many lines it spans.
  return parsed.map(({ record, info, raw }) => {
    const spans = raw.replace(/^\n+/, "").replace(/\n$/, "").split("\n").length;
    return { cells: record, line: info.lines - spans + 1 };
  });
}
