/**
 * The HTTP plumbing both simulators share: a node:http server on 127.0.0.1, a small case-insensitive
 * router, body reading with a size cap, fault injection (broken bodies are body-faults.ts's), and a
 * record of every request so tests can count what reached "upstream" and which writes were applied.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { z } from "zod";
import { isBodyFault, writeBodyFault } from "./body-faults.js";
import type { FaultDecision, FaultInjector } from "./faults.js";

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless it is already a string. */
  body?: unknown;
}

export type Handler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** What /openapi/v1.json says about a route: the schema it parses its body with, the shape of its answer. */
export interface RouteDoc {
  summary: string;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Query parameters and what each means. */
  query?: Record<string, string>;
  /** A non-JSON answer (a CSV file, say). */
  produces?: string;
}

export interface Route {
  method: string;
  /** Path with `{name}` segments, matched case-insensitively as ASP.NET does. */
  pattern: string;
  handler: Handler;
  authenticated: boolean;
  /** The provider's own guide documents this endpoint; a "guide" profile serves only these. */
  documented?: boolean;
  doc?: RouteDoc;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** `METHOD pattern` of the route that matched, or `METHOD path` when none did. */
  route: string;
  status: number | "dropped";
  /** Real time the request arrived (epoch ms). */
  at: number;
  fault?: FaultDecision["kind"];
  /** True when a handler that changes state ran and succeeded. */
  applied: boolean;
  /** huge_body faults: how many body bytes went out before the stream ended or the client hung up. */
  bodyBytes?: number;
}

export interface ProviderHooks {
  /** The provider's error envelope. */
  error: (status: number, code: string, message: string) => SimResponse;
  /** Checks credentials; returns a refusal, or undefined to let the request through. */
  authenticate: (request: SimRequest, forceExpired: boolean) => SimResponse | undefined;
  /**
   * The answer to a path no route serves (404) or a served path asked with another method (405; the
   * plumbing adds the Allow header). Without it, the provider's error envelope.
   */
  unmatched?: (status: 404 | 405) => SimResponse;
}

export interface RunningHttpSimulator {
  url: string;
  requests: RequestRecord[];
  close: () => Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** An answer with no body at all: no content type, and a Content-Length of 0 where one is allowed. */
export function emptyResponse(status: number, headers: Record<string, string> = {}): SimResponse {
  // RFC 9110 forbids Content-Length on 204 and 304.
  const length: Record<string, string> = status === 204 || status === 304 ? {} : { "content-length": "0" };
  return { status, headers: { ...length, ...headers } };
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? "";
    if (segment.startsWith("{") && segment.endsWith("}"))
      params[segment.slice(1, -1)] = decodeURIComponent(actual);
    else if (segment.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}

function write(res: ServerResponse, response: SimResponse): void {
  const isText = typeof response.body === "string";
  const payload =
    response.body === undefined ? "" : isText ? (response.body as string) : JSON.stringify(response.body);
  const headers: Record<string, string> = {
    ...(response.body === undefined || isText ? {} : { "content-type": "application/json; charset=utf-8" }),
    ...response.headers,
  };
  res.writeHead(response.status, headers);
  res.end(payload);
}

export async function startHttpSimulator(options: {
  host?: string;
  port?: number;
  routes: readonly Route[];
  faults: FaultInjector;
  hooks: ProviderHooks;
  /** The simulated clock: every answer's Date header tells it, as a real service tells its own. */
  now?: () => number;
}): Promise<RunningHttpSimulator> {
  const requests: RequestRecord[] = [];
  const { routes, faults, hooks, now } = options;

  const server = createServer(async (req, res) => {
    if (now) res.setHeader("date", new Date(now()).toUTCString());
    const url = new URL(req.url ?? "/", "http://simulator");
    const method = (req.method ?? "GET").toUpperCase();
    const record: RequestRecord = {
      method,
      path: url.pathname,
      route: `${method} ${url.pathname}`,
      status: 0,
      at: Date.now(),
      applied: false,
    };
    requests.push(record);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        record.status = 413;
        write(
          res,
          hooks.error(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`),
        );
        return;
      }
      chunks.push(chunk as Buffer);
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);

    let route: Route | undefined;
    let params: Record<string, string> = {};
    for (const candidate of routes) {
      const found = candidate.method === method ? match(candidate.pattern, url.pathname) : undefined;
      if (found) {
        route = candidate;
        params = found;
        break;
      }
    }
    // Recorded before faults apply, so a faulted request still counts under its route's pattern.
    if (route) record.route = `${method} ${route.pattern}`;
    const fault = faults.decide(method, url.pathname, route?.authenticated ?? false);
    if (fault) record.fault = fault.kind;
    const drop = () => {
      record.status = "dropped";
      res.socket?.destroy();
    };
    const injected = (decision: FaultDecision): SimResponse =>
      decision.kind === "rate_limit"
        ? {
            ...hooks.error(
              429,
              "rate_limit_exceeded",
              "Too many requests; retry after the Retry-After delay",
            ),
            headers: { "retry-after": String(decision.retryAfterSeconds) },
          }
        : hooks.error(503, "service_unavailable", "The service is temporarily unavailable (simulated fault)");

    if (fault && !fault.afterHandler && fault.kind === "drop") return drop();
    if (fault && !fault.afterHandler && isBodyFault(fault.kind))
      return writeBodyFault(res, record, { ...fault, kind: fault.kind }, undefined);
    if (fault && !fault.afterHandler && (fault.kind === "server_error" || fault.kind === "rate_limit")) {
      const response = injected(fault);
      record.status = response.status;
      return write(res, response);
    }

    let response: SimResponse;
    if (!route) {
      const allowed = [...new Set(routes.filter((r) => match(r.pattern, url.pathname)).map((r) => r.method))];
      if (allowed.length === 0) {
        response = hooks.unmatched?.(404) ?? hooks.error(404, "not_found", `No endpoint at ${url.pathname}`);
      } else {
        const refusal =
          hooks.unmatched?.(405) ??
          hooks.error(405, "method_not_allowed", `${method} is not supported on ${url.pathname}`);
        // RFC 9110 requires Allow on a 405; clients use it to see which methods the path does take.
        response = { ...refusal, headers: { ...refusal.headers, allow: allowed.join(", ") } };
      }
    } else {
      const request: SimRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        params,
      };
      const refusal = route.authenticated
        ? hooks.authenticate(request, fault?.kind === "expire_token")
        : undefined;
      if (refusal) {
        response = refusal;
      } else {
        try {
          response = await route.handler(request);
          record.applied = method !== "GET" && response.status < 400;
        } catch (error) {
          response = hooks.error(500, "internal_error", `Simulator fault: ${(error as Error).message}`);
        }
      }
    }
    if (fault?.afterHandler) {
      if (fault.kind === "drop") return drop();
      if (isBodyFault(fault.kind))
        return writeBodyFault(res, record, { ...fault, kind: fault.kind }, response);
      if (fault.kind !== "expire_token") response = injected(fault);
    }
    record.status = response.status;
    write(res, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
