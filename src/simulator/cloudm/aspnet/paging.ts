/**
 * The aspnet profile's two list shapes: a DataTables page (`aaData`, `iTotalRecords` before filtering,
 * `iTotalDisplayRecords` after, `sEcho` echoed), as CloudM's web models page, and an
 * `{ items, totalCount }` page taken with `skip`/`take`, as ASP.NET APIs commonly page.
 */
import type { SimRequest } from "../../http-server.js";
import { type Bound, intQuery } from "./bodies.js";
import type { QueryDoc } from "./operation.js";

const MAX_TAKE = 1_000;

interface Window {
  skip: number;
  take: number;
}

/** `skip` (default 0) and `take` (default 50). */
export function itemsWindow(request: SimRequest): Bound<Window> {
  const skip = intQuery(request.query, "skip", { min: 0, max: 1_000_000, fallback: 0 });
  if (!skip.ok) return skip;
  const take = intQuery(request.query, "take", { min: 1, max: MAX_TAKE, fallback: 50 });
  return take.ok ? { ok: true, value: { skip: skip.value, take: take.value } } : take;
}

export function itemsPage<T>(all: readonly T[], { skip, take }: Window) {
  return { items: all.slice(skip, skip + take), totalCount: all.length };
}

export const ITEMS_QUERY: QueryDoc[] = [
  { name: "skip", type: "integer", description: "items to skip (default 0)" },
  { name: "take", type: "integer", description: `items to return, 1..${MAX_TAKE} (default 50)` },
];

/** `iDisplayStart` (default 0), `iDisplayLength` (default 10; -1 is all) and `sEcho`. */
export function dataTablesWindow(request: SimRequest): Bound<Window & { sEcho: string }> {
  const start = intQuery(request.query, "iDisplayStart", { min: 0, max: 1_000_000, fallback: 0 });
  if (!start.ok) return start;
  const length = intQuery(request.query, "iDisplayLength", { min: -1, max: MAX_TAKE, fallback: 10 });
  if (!length.ok) return length;
  return {
    ok: true,
    value: {
      skip: start.value,
      take: length.value === -1 || length.value === 0 ? Number.MAX_SAFE_INTEGER : length.value,
      sEcho: request.query.get("sEcho") ?? "",
    },
  };
}

/** `totalRecords` is the count before the request's filters; `shown` what is left after them. */
export function dataTablesPage<T>(
  shown: readonly T[],
  totalRecords: number,
  window: Window & { sEcho: string },
) {
  return {
    aaData: shown.slice(window.skip, window.skip + window.take),
    iTotalRecords: totalRecords,
    iTotalDisplayRecords: shown.length,
    sEcho: window.sEcho,
  };
}

export const DATATABLES_QUERY: QueryDoc[] = [
  { name: "iDisplayStart", type: "integer", description: "rows to skip (default 0)" },
  {
    name: "iDisplayLength",
    type: "integer",
    description: `rows to return, up to ${MAX_TAKE}; -1 for all (default 10)`,
  },
  { name: "sEcho", type: "string", description: "echoed back as sEcho" },
];
