/**
 * GET /v1/files/list: a folder's entries (or with `recursive=true` all its descendants), a page at a
 * time. The overview's curl example sends the parameters as a JSON body on the GET, so a body is read
 * too; query parameters win over body fields of the same name.
 */
import {
  canonicalService,
  FILE_PAGE_SIZE_MAX,
  fileList,
  fileListQuery,
  SERVICES,
  type Service,
} from "../../api/migrateclouds/schemas.js";
import type { Route, SimRequest, SimResponse } from "../http-server.js";
import type { MigrateCloudsContext } from "./context.js";
import {
  invalidParameter,
  isResponse,
  jsonObjectBody,
  notFound,
  type Parsed,
  parseWith,
  queryObject,
  success,
} from "./envelope.js";
import { DEFAULT_PAGE_SIZE, decodeToken, fingerprint, pageAfter } from "./paging.js";
import type { SimService } from "./state.js";
import { canonicalPath, entryView, listEntries, parsePath, resolve } from "./tree.js";

/** The service a request names, or the 400 naming `field`. */
export function serviceParameter(name: string, field: string): Service | SimResponse {
  const service = canonicalService(name);
  return (SERVICES as readonly string[]).includes(service)
    ? (service as Service)
    : invalidParameter(field, `${field}: unknown service '${name}'; expected one of ${SERVICES.join(", ")}`);
}

/** The connected service, or the 400 saying it must be connected first. */
export function connectedService(
  ctx: MigrateCloudsContext,
  name: Service,
  field: string,
): SimService | SimResponse {
  const service = ctx.state.service(name);
  return service.connected
    ? service
    : invalidParameter(
        field,
        `${field}: ${name} is not connected to this account; connect it in MigrateClouds first`,
      );
}

/** Body fields under the query's: booleans become the strings a query would carry. */
function parameters(request: SimRequest): Parsed<Record<string, unknown>> {
  const body = jsonObjectBody(request);
  if (!body.ok) return body;
  const query = queryObject(request.query);
  if (!query.ok) return query;
  const fromBody = Object.entries(body.value ?? {}).map(([k, v]) => [
    k,
    typeof v === "boolean" ? String(v) : v,
  ]);
  return { ok: true, value: { ...Object.fromEntries(fromBody), ...query.value } };
}

function listFiles(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const input = parameters(request);
  if (!input.ok) return input.response;
  const parsed = parseWith(fileListQuery, input.value);
  if (!parsed.ok) return parsed.response;
  const { path, page_token: pageToken } = parsed.value;
  const recursive = parsed.value.recursive === "true";
  const name = serviceParameter(parsed.value.service, "service");
  if (isResponse(name)) return name;
  const segments = parsePath(path);
  // The overview's own example of an error: message names the parameter, details say why.
  if (!Array.isArray(segments)) return invalidParameter("path", segments.error);
  const service = connectedService(ctx, name, "service");
  if (isResponse(service)) return service;
  const folder = resolve(service.root, segments);
  if (!folder) return notFound(`No file or folder at '${path}' in ${name}`, `path: '${path}' does not exist`);
  const folderPath = canonicalPath(service.root, segments);
  if (folder.type === "file")
    return invalidParameter("path", `path: '${folderPath}' is a file; list the folder that holds it`);

  const query = fingerprint(name, folderPath.toLowerCase(), recursive);
  let after: string | undefined;
  if (pageToken !== undefined) {
    const decoded = decodeToken(pageToken, query);
    if (typeof decoded !== "string") return decoded;
    after = decoded;
  }
  const page = pageAfter(
    listEntries(folder, folderPath, recursive),
    (entry) => entry.key,
    after,
    parsed.value.page_size ?? DEFAULT_PAGE_SIZE,
    query,
  );
  return success({
    files: page.items.map((entry) => entryView(entry.node, entry.path)),
    next_page_token: page.nextPageToken,
  });
}

export function fileRoutes(ctx: MigrateCloudsContext): Route[] {
  return [
    {
      method: "GET",
      pattern: "/v1/files/list",
      authenticated: true,
      doc: {
        summary: "List a folder of a connected service, a page at a time",
        response: fileList,
        query: {
          service: "google_drive, onedrive, dropbox, box or sharepoint (google-drive and googleDrive too)",
          path: "folder path starting with /",
          recursive: "true lists every descendant, depth-first, each with its path",
          page_token: "next_page_token of the previous page",
          page_size: `entries per page, 1-${FILE_PAGE_SIZE_MAX} (default ${DEFAULT_PAGE_SIZE})`,
        },
      },
      handler: (request) => listFiles(ctx, request),
    },
  ];
}
