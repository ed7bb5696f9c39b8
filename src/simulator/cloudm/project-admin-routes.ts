/** Project management: rename, archive, restore, delete (api/ConnectionsProject). */
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { advance, isActive } from "./engine.js";
import { findProject } from "./lookup.js";
import type { SimProject } from "./model.js";
import { projectView } from "./views.js";
import { project, renameProjectRequest } from "./wire/projects.js";

/** A project whose batches are running cannot be archived or deleted: stop them first. */
function runningBatches(ctx: CloudMContext, target: SimProject): string[] {
  const now = ctx.clock.now();
  return [...ctx.state.batches.values()]
    .filter((b) => b.projectId === target.projectId)
    .filter((b) => {
      advance(ctx.state, b, now);
      return isActive(b);
    })
    .map((b) => b.batchName);
}

export function projectAdminRoutes(ctx: CloudMContext): Route[] {
  const archiveRoute = (archived: boolean): Route => ({
    method: "POST",
    pattern: `/api/ConnectionsProject/{projectId}/${archived ? "archive" : "restore"}`,
    authenticated: true,
    doc: {
      summary: archived ? "Archive a project (hidden from lists)" : "Restore an archived project",
      response: project,
    },
    handler: (request) => {
      const found = findProject(ctx, request.params.projectId ?? "");
      if (!found.ok) return found.response;
      const running = archived ? runningBatches(ctx, found.value) : [];
      if (running.length > 0) return problem(409, `Stop the running batches first: ${running.join(", ")}`);
      found.value.isArchived = archived;
      return { status: 200, body: projectView(found.value) };
    },
  });
  return [
    {
      method: "PUT",
      pattern: "/api/ConnectionsProject/{projectId}/rename",
      authenticated: true,
      doc: { summary: "Rename a project", body: renameProjectRequest, response: project },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], renameProjectRequest);
        if (!parsed.ok) return parsed.response;
        const found = findProject(ctx, request.params.projectId ?? "");
        if (!found.ok) return found.response;
        found.value.name = parsed.value.name;
        return { status: 200, body: projectView(found.value) };
      },
    },
    archiveRoute(true),
    archiveRoute(false),
    {
      method: "DELETE",
      pattern: "/api/ConnectionsProject/{projectId}",
      authenticated: true,
      doc: { summary: "Delete a project and its batches" },
      handler: (request) => {
        const found = findProject(ctx, request.params.projectId ?? "");
        if (!found.ok) return found.response;
        const running = runningBatches(ctx, found.value);
        if (running.length > 0) return problem(409, `Stop the running batches first: ${running.join(", ")}`);
        for (const [id, batch] of ctx.state.batches)
          if (batch.projectId === found.value.projectId) ctx.state.batches.delete(id);
        ctx.state.projects.delete(found.value.projectId);
        ctx.state.domainMappings.delete(found.value.projectId);
        return { status: 204 };
      },
    },
  ];
}
