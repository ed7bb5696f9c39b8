/**
 * Our paging (`pageNumber` from 1, `pageSize`) in the instance's own: an operation that takes an offset
 * and a count instead (`skip`/`take`, DataTables' `iDisplayStart`/`iDisplayLength`, `offset`/`limit`,
 * OData's `$skip`/`$top`) gets those. A value conversion, not a rename, so it lives here and not in
 * the alias table.
 */
import type { ApiOperation } from "../openapi/model.js";

const OFFSET_STYLES = [
  ["skip", "take"],
  ["iDisplayStart", "iDisplayLength"],
  ["offset", "limit"],
  ["$skip", "$top"],
  ["start", "length"],
] as const;

export function pagedAs(
  api: ApiOperation | undefined,
  args: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  const { pageNumber, pageSize, ...rest } = args ?? {};
  if (!api || typeof pageNumber !== "number" || typeof pageSize !== "number") return args;
  const taken = new Map(api.parameters.map((p) => [p.name.toLowerCase(), p.name]));
  if (taken.has("pagenumber") || taken.has("page")) return args;
  for (const [offset, count] of OFFSET_STYLES) {
    const offsetName = taken.get(offset.toLowerCase());
    const countName = taken.get(count.toLowerCase());
    if (offsetName && countName)
      return { ...rest, [offsetName]: (pageNumber - 1) * pageSize, [countName]: pageSize };
  }
  return args;
}
