/** The entities a request names, found in the tenant, or the 400/404 the route sends instead. */
import type { SimResponse } from "../http-server.js";
import { problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { advance } from "./engine.js";
import type { SimBatch, SimConnection, SimProject } from "./model.js";

export type Found<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

export function findConnection(ctx: CloudMContext, id: number, field = "connectionId"): Found<SimConnection> {
  const value = ctx.state.connections.get(id);
  return value
    ? { ok: true, value }
    : { ok: false, response: problem(404, `No connection with ${field} ${id}`) };
}

export function findProject(ctx: CloudMContext, projectId: string): Found<SimProject> {
  const value = ctx.state.projects.get(projectId.toLowerCase());
  return value
    ? { ok: true, value }
    : { ok: false, response: problem(404, `No project with projectId '${projectId}'`) };
}

/** Finds a batch and brings its run up to the simulated now, so every read sees current progress. */
export function findBatch(ctx: CloudMContext, configurationId: string | null): Found<SimBatch> {
  if (!configurationId) {
    return {
      ok: false,
      response: problem(400, "configurationId is required", {
        configurationId: ["The configurationId field is required."],
      }),
    };
  }
  const value = ctx.state.batches.get(configurationId.toLowerCase());
  if (!value)
    return { ok: false, response: problem(404, `No batch with configurationId '${configurationId}'`) };
  advance(ctx.state, value, ctx.clock.now());
  return { ok: true, value };
}
