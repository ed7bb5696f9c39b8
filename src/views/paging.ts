/** Opaque cursors for paged tool results, so a model passes back what it got without doing arithmetic. */
import { z } from "zod";
import { ToolInputError } from "./input-error.js";

export const cursorInput = z.string().optional().describe("From the previous page");

const NOT_OURS =
  "cursor: not a cursor this server issued; pass nextCursor exactly as returned, or omit it for the first page";

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown };
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw new ToolInputError(NOT_OURS);
}

/** One page of an in-memory list, with the cursor of the next page when there is one. */
export function page<T>(
  all: readonly T[],
  cursor: string | undefined,
  limit: number,
): { items: T[]; nextCursor?: string } {
  const offset = decodeCursor(cursor);
  const items = all.slice(offset, offset + limit);
  return limit > 0 && offset + limit < all.length
    ? { items, nextCursor: encodeCursor(offset + limit) }
    : { items };
}

/** A cursor carrying a whole resume state (the search, where it got to), checked when it comes back. */
export function encodeCursorState(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

export function decodeCursorState<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw new ToolInputError(NOT_OURS);
}

/** Where a newest-first listing got to: the next page to read, the last entry shown, the total then. */
export const newestFirstResume = z.object({
  page: z.number().int().min(1),
  last: z.object({ date: z.string(), id: z.number() }),
  total: z.number().int().min(0).optional(),
});
type NewestFirstResume = z.infer<typeof newestFirstResume>;

/** A page as the instance gave it; totals it did not give are undefined. */
interface UpstreamPage<T> {
  items: T[];
  totalPages: number | undefined;
  totalResults: number | undefined;
}

const olderThan = (a: NewestFirstResume["last"], b: NewestFirstResume["last"]) => {
  const [ta, tb] = [Date.parse(a.date), Date.parse(b.date)];
  return ta < tb || (ta === tb && a.id < b.id);
};

/**
 * One page of a newest-first upstream list (by date, then id), resumed after the last entry shown
 * rather than by page number alone: an entry added at the top meanwhile does not repeat one already
 * shown, and entries that left the list (marked read, under unreadOnly) do not make it skip others.
 */
export async function newestFirstPage<T>(
  read: (pageNumber: number) => Promise<UpstreamPage<T>>,
  keyOf: (item: T) => NewestFirstResume["last"],
  pageSize: number,
  resume: NewestFirstResume | undefined,
): Promise<{ items: T[]; totalResults: number | undefined; next?: NewestFirstResume }> {
  const at = resume?.page ?? 1;
  const latest = await read(at);
  // What left the list moved the rest up: read back as many pages as it could have moved.
  const removed =
    resume?.total !== undefined && latest.totalResults !== undefined
      ? Math.max(0, resume.total - latest.totalResults)
      : 0;
  const from = Math.max(1, at - Math.ceil(removed / pageSize));
  const pages: Array<[number, UpstreamPage<T>]> = [];
  for (let p = from; p < at; p++) pages.push([p, await read(p)]);
  pages.push([at, latest]);
  const unseen = pages.flatMap(([p, page]) =>
    page.items
      .map((item, index) => ({ item, page: p, endsPage: index === page.items.length - 1 }))
      .filter(({ item }) => !resume || olderThan(keyOf(item), resume.last)),
  );
  const shown = unseen.slice(0, pageSize);
  const last = shown.at(-1);
  const truncated = unseen.length > pageSize;
  // The next read starts on the page of the last entry shown when entries after it remain there.
  const page = last && (truncated || !last.endsPage) ? last.page : at + 1;
  const boundary = last ? keyOf(last.item) : resume?.last;
  // Without a page count, a full page may have more behind it.
  const more =
    truncated || (latest.totalPages === undefined ? latest.items.length >= pageSize : at < latest.totalPages);
  return {
    items: shown.map((s) => s.item),
    totalResults: latest.totalResults,
    ...(more && boundary ? { next: { page, last: boundary, total: latest.totalResults } } : {}),
  };
}
