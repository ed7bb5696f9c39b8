/**
 * Transfers between connected services (assumed: not in the overview; the shapes are wire.ts's).
 * Creating one only checks the request: whether the services are connected and the source exists is
 * found out when the run starts, and a run that cannot go ahead fails with a reason.
 * Transfers belong to the API key that created them; another key gets resource_not_found.
 */
import { z } from "zod";
import type { Route, SimRequest, SimResponse } from "../http-server.js";
import type { MigrateCloudsContext } from "./context.js";
import {
  failure,
  invalidParameter,
  isResponse,
  noQuery,
  notFound,
  parseJsonBody,
  parseWith,
  queryObject,
  serviceParameter,
  success,
} from "./envelope.js";
import { callerOf, planName } from "./keys.js";
import { DEFAULT_PAGE_SIZE, decodeToken, fingerprint, pageAfter } from "./paging.js";
import type { Location, SimTransfer } from "./state.js";
import { cancelTransfer, createTransfer, transferView } from "./transfers.js";
import { joinPath, parsePath } from "./tree.js";
import {
  createTransferRequest,
  FILE_PAGE_SIZE_MAX,
  TRANSFER_STATUSES,
  transferAnswer,
  transferList,
} from "./wire.js";

/** Query of GET /v1/transfers (assumed: not in the overview; named like the files list's). */
const transferListQuery = z.strictObject({
  status: z.enum(TRANSFER_STATUSES).optional(),
  page_token: z.string().optional(),
  page_size: z.coerce.number().int().min(1).max(FILE_PAGE_SIZE_MAX).optional(),
});

function location(
  raw: { service: string; path: string },
  field: "source" | "destination",
): Location | SimResponse {
  const service = serviceParameter(raw.service, `${field}.service`);
  if (isResponse(service)) return service;
  const segments = parsePath(raw.path);
  if (!Array.isArray(segments)) return invalidParameter(`${field}.path`, `${field}.path: ${segments.error}`);
  return { service, path: joinPath("/", segments), segments };
}

const within = (inner: Location, outer: Location): boolean =>
  inner.service === outer.service &&
  outer.segments.every((segment, i) => inner.segments[i]?.toLowerCase() === segment.toLowerCase());

function create(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const caller = callerOf(ctx, request);
  const refusal = noQuery(request.query);
  if (refusal) return refusal;
  const parsed = parseJsonBody(request, createTransferRequest);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const source = location(body.source, "source");
  if (isResponse(source)) return source;
  const destination = location(body.destination, "destination");
  if (isResponse(destination)) return destination;
  if (within(destination, source))
    return invalidParameter(
      "destination.path",
      `destination.path: '${destination.path}' is inside the source '${source.path}' on ${source.service}; a transfer cannot copy into itself`,
    );
  if (body.schedule && caller.plan !== "enterprise")
    return failure(
      403,
      "permission_denied",
      `Recurring transfers need the Enterprise plan; this API key is on the ${planName(caller)} plan`,
      "schedule: leave it out for a one-time transfer, or use an Enterprise API key",
    );
  const transfer = createTransfer(
    ctx.state,
    {
      owner: caller.key,
      source,
      destination,
      conflictResolution: body.conflict_resolution,
      interval: body.schedule?.interval ?? null,
    },
    ctx.clock.now(),
  );
  return success(transferView(transfer), 201);
}

function find(ctx: MigrateCloudsContext, request: SimRequest): SimTransfer | SimResponse {
  const refusal = noQuery(request.query);
  if (refusal) return refusal;
  const id = request.params.id ?? "";
  const transfer = ctx.state.transfers.get(id);
  return transfer && transfer.owner === callerOf(ctx, request).key
    ? transfer
    : notFound(`No transfer with id '${id}'`, "id: use an id from POST /v1/transfers or GET /v1/transfers");
}

function list(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const query = queryObject(request.query);
  if (!query.ok) return query.response;
  const parsed = parseWith(transferListQuery, query.value);
  if (!parsed.ok) return parsed.response;
  const owner = callerOf(ctx, request).key;
  const { status, page_token: pageToken, page_size: pageSize } = parsed.value;
  const fp = fingerprint("transfers", status);
  let after: string | undefined;
  if (pageToken !== undefined) {
    const decoded = decodeToken(pageToken, fp);
    if (typeof decoded !== "string") return decoded;
    after = decoded;
  }
  const mine = [...ctx.state.transfers.values()].filter(
    (t) => t.owner === owner && (status === undefined || t.status === status),
  );
  const key = (t: SimTransfer): string => String(t.seq).padStart(12, "0");
  const page = pageAfter(mine, key, after, pageSize ?? DEFAULT_PAGE_SIZE, fp);
  return success({ transfers: page.items.map(transferView), next_page_token: page.nextPageToken });
}

function cancel(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const transfer = find(ctx, request);
  if (isResponse(transfer)) return transfer;
  const status = transfer.status;
  const refusal = cancelTransfer(transfer, ctx.clock.now());
  // The envelope has no code for 409 Conflict: a transfer that is already over reads as a bad id.
  if (refusal) return failure(400, "invalid_parameter", refusal, `id: ${transfer.id} is ${status}`);
  return success(transferView(transfer));
}

export function transferRoutes(ctx: MigrateCloudsContext): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v1/transfers",
      authenticated: true,
      doc: {
        summary: "Create a one-time or (Enterprise) recurring transfer",
        body: createTransferRequest,
        response: transferAnswer,
      },
      handler: (request) => create(ctx, request),
    },
    {
      method: "GET",
      pattern: "/v1/transfers",
      authenticated: true,
      doc: {
        summary: "List this key's transfers, oldest first",
        response: transferList,
        query: {
          status: TRANSFER_STATUSES.join(", "),
          page_token: "next_page_token of the previous page",
          page_size: `transfers per page, 1-${FILE_PAGE_SIZE_MAX} (default ${DEFAULT_PAGE_SIZE})`,
        },
      },
      handler: (request) => list(ctx, request),
    },
    {
      method: "GET",
      pattern: "/v1/transfers/{id}",
      authenticated: true,
      doc: { summary: "A transfer's status and progress", response: transferAnswer },
      handler: (request) => {
        const transfer = find(ctx, request);
        return isResponse(transfer) ? transfer : success(transferView(transfer));
      },
    },
    {
      method: "POST",
      pattern: "/v1/transfers/{id}/cancel",
      authenticated: true,
      doc: {
        summary: "Cancel a queued or running transfer, or a recurring transfer's future runs",
        response: transferAnswer,
      },
      handler: (request) => cancel(ctx, request),
    },
  ];
}
