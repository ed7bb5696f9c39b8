/** Query parameters and the paged envelope of the simulated list endpoints (`pageNumber`, `pageSize`). */
import type { SimResponse } from "../http-server.js";
import { problem } from "../problems.js";
import { PAGE_SIZE_MAX } from "./wire/paging.js";

export interface PageRequest {
  pageNumber: number;
  pageSize: number;
}

function wholeNumber(
  query: URLSearchParams,
  name: string,
  fallback: number,
  max: number,
): number | SimResponse {
  const value = query.get(name);
  if (value === null) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max
    ? n
    : problem(400, `${name} must be a whole number from 1 to ${max}`, {
        [name]: [`Expected 1..${max}, got '${value}'`],
      });
}

export function pageRequest(query: URLSearchParams, defaultSize = 25): PageRequest | SimResponse {
  const pageNumber = wholeNumber(query, "pageNumber", 1, 1_000_000);
  if (typeof pageNumber !== "number") return pageNumber;
  const pageSize = wholeNumber(query, "pageSize", defaultSize, PAGE_SIZE_MAX);
  if (typeof pageSize !== "number") return pageSize;
  return { pageNumber, pageSize };
}

export function pageBody<T>(all: readonly T[], { pageNumber, pageSize }: PageRequest) {
  return {
    totalResults: all.length,
    totalPages: Math.ceil(all.length / pageSize),
    pageNumber,
    pageSize,
    items: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
  };
}

/** A true/false query flag; absent is `fallback`. */
export function flag(query: URLSearchParams, name: string, fallback: boolean): boolean | SimResponse {
  const value = query.get(name);
  if (value === null) return fallback;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return problem(400, `${name} must be true or false`, {
    [name]: [`Expected true or false, got '${value}'`],
  });
}
