/** Opaque cursors for paged tool results, so a model passes back what it got without doing arithmetic. */
import { z } from "zod";
import { ToolInputError } from "./input-error.js";

export const cursorInput = z.string().optional().describe("From the previous page");

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
  throw new ToolInputError(
    "cursor: not a cursor this server issued; pass nextCursor exactly as returned, or omit it for the first page",
  );
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
