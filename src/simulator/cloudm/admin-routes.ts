/**
 * Administration: admin users (api/AdminUser) and the audit log (api/AdminAudit). Who may be added,
 * changed or removed is admins.ts's; licences are licence-routes.ts's, notifications and the service
 * fleet service-routes.ts's.
 */
import type { Route, SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { AdminConflict, addAdmin, findAdmin, removeAdmin, updateAdmin } from "./admins.js";
import { bearerClaims } from "./audit.js";
import type { CloudMContext } from "./context.js";
import type { SimAdmin } from "./model.js";
import { pageBody, pageRequest } from "./paging.js";
import { iso } from "./views.js";
import {
  addAdminUserRequest,
  adminUser,
  adminUserList,
  auditPage,
  updateAdminUserRequest,
} from "./wire/admin.js";

// ---------------------------------------------------------------- admin users

function userView(admin: SimAdmin, isActive: boolean) {
  const [firstName = "", ...rest] = admin.userName.split(" ");
  return {
    id: admin.userId,
    role: admin.role,
    firstName,
    lastName: rest.join(" "),
    login: admin.email,
    isActive,
  };
}

const notFound = (id: string) =>
  problem(404, `No admin user with id '${id}'; list them with GET /api/AdminUser`);

/** Answers a refused change as the conflict it is. */
function refusedAs409(change: () => SimResponse): SimResponse {
  try {
    return change();
  } catch (error) {
    if (error instanceof AdminConflict) return problem(409, error.message);
    throw error;
  }
}

function adminUserRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  const all = () =>
    [
      ...state.admins.map((a) => userView(a, true)),
      ...state.inactiveAdmins.map((a) => userView(a, false)),
    ].sort((a, b) => a.id.localeCompare(b.id));
  return [
    {
      method: "GET",
      pattern: "/api/AdminUser",
      authenticated: true,
      doc: { summary: "List admin users", response: adminUserList },
      handler: () => ({ status: 200, body: all() }),
    },
    {
      method: "GET",
      pattern: "/api/AdminUser/{id}",
      authenticated: true,
      doc: { summary: "Get an admin user", response: adminUser },
      handler: (request) => {
        const found = findAdmin(state, request.params.id ?? "");
        return found
          ? { status: 200, body: userView(found.admin, found.isActive) }
          : notFound(request.params.id ?? "");
      },
    },
    {
      method: "POST",
      pattern: "/api/AdminUser",
      authenticated: true,
      doc: {
        summary: "Add an admin user (invited to set a password)",
        body: addAdminUserRequest,
        response: adminUser,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], addAdminUserRequest);
        if (!parsed.ok) return parsed.response;
        return refusedAs409(() => ({ status: 200, body: userView(addAdmin(state, parsed.value), true) }));
      },
    },
    {
      method: "PUT",
      pattern: "/api/AdminUser/{id}",
      authenticated: true,
      doc: {
        summary: "Update an admin user (only the fields sent)",
        body: updateAdminUserRequest,
        response: adminUser,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], updateAdminUserRequest);
        if (!parsed.ok) return parsed.response;
        const change = parsed.value;
        if (Object.keys(change).length === 0) {
          return problem(400, "Send at least one of firstName, lastName, role, isActive", {
            $: ["The body changes nothing"],
          });
        }
        const found = findAdmin(state, request.params.id ?? "");
        if (!found) return notFound(request.params.id ?? "");
        const actorId = bearerClaims(ctx, request)?.sub;
        return refusedAs409(() => {
          const isActive = updateAdmin(state, found, change, actorId);
          return { status: 200, body: userView(found.admin, isActive) };
        });
      },
    },
    {
      method: "DELETE",
      pattern: "/api/AdminUser/{id}",
      authenticated: true,
      doc: { summary: "Delete an admin user" },
      handler: (request) => {
        const found = findAdmin(state, request.params.id ?? "");
        if (!found) return notFound(request.params.id ?? "");
        const actorId = bearerClaims(ctx, request)?.sub;
        return refusedAs409(() => {
          removeAdmin(state, found, actorId);
          return { status: 204 };
        });
      },
    },
  ];
}

// ---------------------------------------------------------------- audit log

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function dateParam(query: URLSearchParams, name: string): number | undefined | SimResponse {
  const value = query.get(name);
  if (value === null || value === "") return undefined;
  const ms = ISO_DATE.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms)
    ? problem(400, `${name} must be an ISO 8601 date or date-time`, {
        [name]: [`Expected e.g. 2026-05-06T10:00:00Z, got '${value}'`],
      })
    : ms;
}

function auditRoute(ctx: CloudMContext): Route {
  return {
    method: "GET",
    pattern: "/api/AdminAudit",
    authenticated: true,
    doc: {
      summary: "Query the audit log, newest first",
      response: auditPage,
      query: {
        from: "ISO 8601, inclusive",
        to: "ISO 8601, inclusive",
        userEmail: "exact, case-insensitive",
        auditType: "exact, case-insensitive",
        pageNumber: "from 1",
        pageSize: "1-100, default 25",
      },
    },
    handler: (request) => {
      const { query } = request;
      const page = pageRequest(query);
      if (!("pageNumber" in page)) return page;
      const from = dateParam(query, "from");
      if (typeof from === "object") return from;
      const to = dateParam(query, "to");
      if (typeof to === "object") return to;
      if (from !== undefined && to !== undefined && from > to)
        return problem(400, "from is after to", { from: ["from must not be after to"] });
      const user = query.get("userEmail")?.toLowerCase();
      const type = query.get("auditType")?.toLowerCase();
      const matching = ctx.state.audit
        .filter(
          (e) =>
            (from === undefined || e.date >= from) &&
            (to === undefined || e.date <= to) &&
            (!user || e.userEmail.toLowerCase() === user) &&
            (!type || e.auditType.toLowerCase() === type),
        )
        .sort((a, b) => b.date - a.date || b.auditId - a.auditId)
        .map((e) => ({ ...e, date: iso(e.date) }));
      return { status: 200, body: pageBody(matching, page) };
    },
  };
}

/** Every administration route: admin users and the audit log. */
export function adminRoutes(ctx: CloudMContext): Route[] {
  return [...adminUserRoutes(ctx), auditRoute(ctx)];
}
