/**
 * Licences per project (api/License): the state of the licence for a project's destination, and the
 * pool's figures.
 */
import type { Route } from "../http-server.js";
import type { CloudMContext } from "./context.js";
import { projectLicence } from "./licences.js";
import { findProject } from "./lookup.js";
import { iso } from "./views.js";
import { licence } from "./wire/admin.js";

export function licenceRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: "GET",
      pattern: "/api/License/{projectId}",
      authenticated: true,
      doc: {
        summary: "Licence state and the tenant's licence pool, for a project's destination",
        response: licence,
      },
      handler: (request) => {
        const found = findProject(ctx, request.params.projectId ?? "");
        if (!found.ok) return found.response;
        const project = found.value;
        const held = projectLicence(ctx, project);
        return {
          status: 200,
          body: {
            projectId: project.projectId,
            state: held.state,
            total: state.limits.licenceCount,
            used: state.licensedUsers.size,
            available: state.licencesAvailable,
            usedByProject: held.usedByProject,
            expiresOn: iso(state.licence.expiresOn),
            destinationDomain: held.domain,
            destinationPlatform: held.platform,
          },
        };
      },
    },
  ];
}
