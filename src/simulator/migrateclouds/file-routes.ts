/**
 * GET /v1/files/list: a folder's entries (or with `recursive=true` all its descendants), a page at a
 * time. The overview's curl example sends the parameters as a JSON body on the GET: the guide profile
 * reads only that body; the full profile reads the body when one is sent, else the query.
 */
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
  serviceParameter,
  success,
} from "./envelope.js";
import { DEFAULT_PAGE_SIZE, decodeToken, fingerprint, pageAfter } from "./paging.js";
import type { SimService } from "./state.js";
import { canonicalPath, entryView, listEntries, parsePath, resolve } from "./tree.js";
import { FILE_PAGE_SIZE_MAX, fileList, fileListBody, fileListQuery, type Service } from "./wire.js";

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

/** The listing's parameters, whichever way the profile reads them. */
interface ListParameters {
  service: string;
  path: string;
  recursive: boolean;
  pageToken: string | undefined;
  pageSize: number | undefined;
}

/** Guide: the JSON body alone, typed as JSON (`recursive` a boolean, `page_size` a number). */
function bodyParameters(request: SimRequest): Parsed<ListParameters> {
  const body = jsonObjectBody(request);
  if (!body.ok) return body;
  const input = body.value ?? {};
  // Named on its own, so a client that sent the query instead learns what is missing, not a list.
  if (input.service === undefined)
    return { ok: false, response: invalidParameter("service", "service is required") };
  const parsed = parseWith(fileListBody, input);
  if (!parsed.ok) return parsed;
  const { service, path, recursive, page_token: pageToken, page_size: pageSize } = parsed.value;
  return { ok: true, value: { service, path, recursive: recursive ?? false, pageToken, pageSize } };
}

/** Full: the body when one is sent (booleans as the strings a query carries), else the query. */
function lenientParameters(request: SimRequest): Parsed<ListParameters> {
  const body = jsonObjectBody(request);
  if (!body.ok) return body;
  let input: Record<string, unknown>;
  if (body.value) {
    input = Object.fromEntries(
      Object.entries(body.value).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]),
    );
  } else {
    const query = queryObject(request.query);
    if (!query.ok) return query;
    input = query.value;
  }
  const parsed = parseWith(fileListQuery, input);
  if (!parsed.ok) return parsed;
  const { service, path, recursive, page_token: pageToken, page_size: pageSize } = parsed.value;
  return { ok: true, value: { service, path, recursive: recursive === "true", pageToken, pageSize } };
}

function listFiles(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const input = ctx.profile === "guide" ? bodyParameters(request) : lenientParameters(request);
  if (!input.ok) return input.response;
  const { path, recursive, pageToken, pageSize } = input.value;
  const name = serviceParameter(input.value.service, "service");
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
    pageSize ?? DEFAULT_PAGE_SIZE,
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
