/**
 * Shapes the route table from the simulator's options: which routes a profile serves, and under which
 * paths. Done on the table as data, so no route needs to know about either.
 */
import type { Route } from "../http-server.js";
import type { CloudMProfile } from "./context.js";

/** The guide profile serves only what the guide documents; the full profile serves everything. */
export function servedRoutes(routes: readonly Route[], profile: CloudMProfile): Route[] {
  return profile === "guide" ? routes.filter((r) => r.documented === true) : [...routes];
}

const routeKey = (method: string, pattern: string) => `${method.toUpperCase()} ${pattern.toLowerCase()}`;

/**
 * Moves routes to new paths, keyed `METHOD pattern` as the request log names them (e.g.
 * `GET /api/ConnectionsProject/{projectId}` → `/api/ConnectionsProject/get-project/{projectId}`), so a
 * test can play an instance whose OpenAPI document puts an operation elsewhere. A key that names no
 * served route throws: a typo would otherwise leave the test checking nothing.
 */
export function renameRoutes<R extends Route>(
  routes: readonly R[],
  renames: Readonly<Record<string, string>>,
): R[] {
  const wanted = new Map<string, string>();
  for (const [key, pattern] of Object.entries(renames)) {
    const [method = "", ...rest] = key.trim().split(/\s+/);
    const from = rest.join(" ");
    if (!routes.some((r) => routeKey(r.method, r.pattern) === routeKey(method, from)))
      throw new Error(`renameRoutes: '${key}' names no route this simulator serves`);
    if (!pattern.startsWith("/"))
      throw new Error(`renameRoutes: the new pattern for '${key}' must start with '/', got '${pattern}'`);
    wanted.set(routeKey(method, from), pattern);
  }
  return routes.map((route) => {
    const pattern = wanted.get(routeKey(route.method, route.pattern));
    return pattern === undefined ? route : { ...route, pattern };
  });
}
