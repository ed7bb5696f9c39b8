/**
 * The full profile's handlers as this profile calls them: found in the full route table by
 * `METHOD pattern` when the profile is built (a missing one throws at start-up), handed a request
 * rewritten into the shape they take, and their answers read back with this profile's own picture of
 * the full profile's wire. Writes therefore keep one behaviour, and one audit record, on every profile.
 */
import type { z } from "zod";
import type { Handler, Route, SimRequest, SimResponse } from "../../http-server.js";

export class FullRoutes {
  constructor(private readonly routes: readonly Route[]) {}

  handler(method: string, pattern: string): Handler {
    const route = this.routes.find(
      (r) => r.method === method && r.pattern.toLowerCase() === pattern.toLowerCase(),
    );
    if (!route) throw new Error(`aspnet profile: the full profile serves no ${method} ${pattern}`);
    return route.handler;
  }

  /** Patterns of the full profile's routes with this method whose pattern matches. */
  patterns(method: string, pattern: RegExp): string[] {
    return this.routes.filter((r) => r.method === method && pattern.test(r.pattern)).map((r) => r.pattern);
  }
}

interface Forward {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body, replacing the caller's. */
  json?: unknown;
}

/** The caller's request (its token, user agent and path) with the ids and body the full handler reads. */
export function forward(request: SimRequest, to: Forward): SimRequest {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(to.query ?? {}))
    if (value !== undefined) query.set(name, String(value));
  const headers = { ...request.headers };
  if (to.json !== undefined) headers["content-type"] = "application/json";
  return {
    ...request,
    params: to.params ?? {},
    query,
    headers,
    body: to.json === undefined ? request.body : Buffer.from(JSON.stringify(to.json)),
  };
}

type Called<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/**
 * Runs a full handler and reads its answer. An error answer comes back for the caller to pass on; a
 * success this profile cannot read is a simulator bug, so it throws (the plumbing answers 500).
 */
export async function callFull<T extends z.ZodType>(
  handler: Handler,
  request: SimRequest,
  schema: T,
): Promise<Called<z.infer<T>>> {
  const response = await handler(request);
  if (response.status >= 400) return { ok: false, response };
  const read = schema.safeParse(response.body);
  if (!read.success)
    throw new Error(`aspnet profile cannot read the full profile's answer: ${read.error.message}`);
  return { ok: true, value: read.data };
}

/** Runs a full handler whose success carries nothing this profile needs. */
export async function writeFull(handler: Handler, request: SimRequest): Promise<Called<undefined>> {
  const response = await handler(request);
  return response.status >= 400 ? { ok: false, response } : { ok: true, value: undefined };
}

const FULL_PAGE_SIZE = 100;

/**
 * Every item of a full-profile list paged with `pageNumber`/`pageSize`, so this profile can page it
 * its own way; `read` takes one page's answer apart into its items and its page count.
 */
export async function allPages<T extends z.ZodType, I>(
  handler: Handler,
  request: SimRequest,
  query: Record<string, string | undefined>,
  schema: T,
  read: (page: z.infer<T>) => { items: I[]; totalPages: number },
): Promise<Called<I[]>> {
  const items: I[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await callFull(
      handler,
      forward(request, { query: { ...query, pageNumber, pageSize: FULL_PAGE_SIZE } }),
      schema,
    );
    if (!page.ok) return page;
    const { items: some, totalPages } = read(page.value);
    items.push(...some);
    if (pageNumber >= totalPages) return { ok: true, value: items };
  }
}
