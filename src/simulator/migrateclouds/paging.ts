/**
 * Paging by `next_page_token`. A token is opaque to clients but is really the sort key of the last
 * entry sent (plus a fingerprint of the query it belongs to), so paging resumes after that entry even
 * when entries were added or removed meanwhile: no entry is sent twice, and none that stayed is missed.
 */
import { createHash } from "node:crypto";
import type { SimResponse } from "../http-server.js";
import { invalidParameter } from "./envelope.js";

export const DEFAULT_PAGE_SIZE = 100;

export function fingerprint(...parts: ReadonlyArray<string | boolean | undefined>): string {
  return createHash("sha256").update(parts.map(String).join("\u0000")).digest("hex").slice(0, 16);
}

function encode(query: string, after: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: query, a: after })).toString("base64url");
}

/** The key to resume after, or the 400 for a token that is malformed or from another query. */
export function decodeToken(token: string, query: string): string | SimResponse {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const fields = decoded as { v?: unknown; q?: unknown; a?: unknown } | undefined;
  if (fields?.v !== 1 || typeof fields.a !== "string")
    return invalidParameter(
      "page_token",
      "page_token: not a token this API issued; pass next_page_token as given",
    );
  if (fields.q !== query)
    return invalidParameter(
      "page_token",
      "page_token: issued for a different query; keep the other parameters the same while paging",
    );
  return fields.a;
}

/** One page of `sorted` (ascending by key) after `after`, and the token for the next, null on the last. */
export function pageAfter<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  after: string | undefined,
  size: number,
  query: string,
): { items: T[]; nextPageToken: string | null } {
  let low = 0;
  let high = sorted.length;
  if (after !== undefined) {
    // First index whose key sorts after the cursor.
    while (low < high) {
      const mid = (low + high) >>> 1;
      const item = sorted[mid];
      if (item !== undefined && keyOf(item) <= after) low = mid + 1;
      else high = mid;
    }
  }
  const items = sorted.slice(low, low + size);
  const last = items[items.length - 1];
  const more = low + size < sorted.length;
  return { items, nextPageToken: more && last !== undefined ? encode(query, keyOf(last)) : null };
}
