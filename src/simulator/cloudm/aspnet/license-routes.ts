/**
 * Licences (api/License) as a kebab-case action: get-license-info answers CloudM's `LicenseInfoModel`
 * for a project's destination (an integer state, the tenant's pool, the platform pair it covers).
 */
import { ok } from "./answers.js";
import { projectFromQuery } from "./bodies.js";
import { enumValue } from "./enums.js";
import { callFull, forward } from "./full.js";
import { fullLicence } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action, PROJECT_QUERY } from "./operation.js";

const MESSAGES: Readonly<Record<string, string>> = {
  Valid: "The licence is valid for this project's destination.",
  Expired: "The licence has expired; renew it to start migrations.",
  NotValidForCurrentPlatform: "The licence does not cover this project's destination platform.",
  InvalidDomain: "The licence does not cover this project's destination domain.",
  NotFoundOnServer: "No licence is installed on this server.",
};

export function licenseRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const licence = full.handler("GET", "/api/License/{projectId}");
  return [
    action(
      "GET",
      "/api/License/get-license-info",
      {
        operationId: "License_GetLicenseInfo",
        summary: "The licence state for a project's destination, and the tenant's licence pool",
        query: [PROJECT_QUERY],
        reply: { status: 200, description: "The licence", envelope: "LicenseInfoModel" },
        problems: [404],
      },
      async (request) => {
        const project = projectFromQuery(ctx, request.query);
        if (!project.ok) return project.response;
        const answer = await callFull(
          licence,
          forward(request, { params: { projectId: project.value.projectId } }),
          fullLicence,
        );
        if (!answer.ok) return answer.response;
        const l = answer.value;
        const source = ctx.state.connections.get(project.value.sourceConnectionId)?.platform ?? null;
        const expired = l.expiresOn !== null && Date.parse(l.expiresOn) <= ctx.clock.now();
        return ok({
          state: enumValue("LicenseState", l.state),
          licenseMessage: `${MESSAGES[l.state] ?? l.state} ${l.available} of ${l.total} licences available.`,
          trial: false,
          data: {
            domain: l.destinationDomain,
            usedCount: l.used,
            maxCount: l.total,
            platforms: [
              {
                source,
                destination: l.destinationPlatform,
                expiredDate: l.expiresOn,
                isExpired: expired,
                licenseType: enumValue("LicenseType", "User"),
              },
            ],
          },
        });
      },
    ),
  ];
}
