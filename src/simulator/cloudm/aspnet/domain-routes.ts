/**
 * Domain replacement (api/DomainReplacement) as kebab-case actions: get-replacement-values answers
 * CloudM's `ReplacementValuesModel` (each mapping as `{ name: source domain, value: destination
 * domain }`), upload-replacement-values takes the CSV as a multipart file and answers 204,
 * download-replacement-values gives the CSV back.
 */
import { problem } from "../../problems.js";
import { noContent, ok } from "./answers.js";
import { guid, guidQuery, projectFromQuery, readForm } from "./bodies.js";
import { forward, writeFull } from "./full.js";
import { type AspnetDeps, type AspnetRoute, action, PROJECT_QUERY } from "./operation.js";
import { ITEMS_QUERY, itemsWindow } from "./paging.js";

const BASE = "/api/DomainReplacement";

export function domainRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const upload = full.handler("POST", `${BASE}/upload`);
  const download = full.handler("GET", `${BASE}/{projectId}`);
  return [
    action(
      "GET",
      `${BASE}/get-replacement-values`,
      {
        operationId: "DomainReplacement_GetReplacementValues",
        summary: "A project's domain replacements: name is the source domain, value the destination one",
        query: [PROJECT_QUERY, ...ITEMS_QUERY],
        reply: { status: 200, description: "The replacements", envelope: "ReplacementValuesModel" },
        problems: [404],
      },
      (request) => {
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        const project = projectFromQuery(ctx, request.query);
        if (!project.ok) return project.response;
        const mappings = ctx.state.domainMappings.get(project.value.projectId)?.mappings ?? [];
        const { skip, take } = window.value;
        return ok({
          values: mappings
            .slice(skip, skip + take)
            .map((m) => ({ name: m.sourceDomain, value: m.destinationDomain })),
          totalCount: mappings.length,
        });
      },
    ),
    action(
      "POST",
      `${BASE}/upload-replacement-values`,
      {
        operationId: "DomainReplacement_UploadReplacementValues",
        summary:
          "Replace a project's domain replacements with a CSV (SourceDomain,DestinationDomain), checked row by row; nothing changes on a 400",
        body: { schema: "UploadReplacementValuesForm", contentType: "multipart/form-data" },
        reply: { status: 204, description: "Replaced" },
        problems: [404, 415],
      },
      async (request) => {
        const form = await readForm(request);
        if (!form.ok) return form.response;
        const projectId = form.value.fields.get("projectId") ?? "";
        const csv = form.value.files.get("file");
        const errors: Record<string, string[]> = {};
        if (!guid.safeParse(projectId).success)
          errors.projectId = ["The projectId field is required (a GUID)."];
        if (csv === undefined) errors.file = ["Attach the CSV as a file field named 'file'."];
        if (csv === undefined || Object.keys(errors).length > 0)
          return problem(400, `Invalid upload: ${Object.keys(errors).join(", ")}`, errors);
        const done = await writeFull(upload, forward(request, { json: { projectId, csv } }));
        return done.ok ? noContent() : done.response;
      },
    ),
    action(
      "GET",
      `${BASE}/download-replacement-values`,
      {
        operationId: "DomainReplacement_DownloadReplacementValues",
        summary: "A project's domain replacements as CSV (SourceDomain,DestinationDomain)",
        query: [PROJECT_QUERY],
        reply: { status: 200, description: "The CSV", contentType: "text/csv" },
        problems: [404],
      },
      (request) => {
        const projectId = guidQuery(request.query, "projectId");
        return projectId.ok
          ? download(forward(request, { params: { projectId: projectId.value } }))
          : projectId.response;
      },
    ),
  ];
}
