/**
 * Administration: admin users (api/AdminUser), the audit log (api/AdminAudit), and licences per
 * project (api/License). Notifications and the service fleet are service-routes.ts's.
 */
import type { PlatformKey } from "../../guide/platforms.js";
import type { Route, SimRequest, SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { bearerClaims } from "./audit.js";
import type { CloudMContext } from "./context.js";
import { licenceKey } from "./engine.js";
import { findProject } from "./lookup.js";
import type { SimAdmin } from "./model.js";
import { pageBody, pageRequest } from "./paging.js";
import { iso } from "./views.js";
import {
  ADMIN_ROLES,
  addAdminUserRequest,
  adminUser,
  adminUserList,
  auditPage,
  type LicenceState,
  licence,
  updateAdminUserRequest,
} from "./wire/admin.js";
import { DOMAIN_PATTERN } from "./wire/domains.js";

const YEAR_MS = 365 * 24 * 3_600_000;
const TOP_ROLE = ADMIN_ROLES[0];

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

function findAdmin(ctx: CloudMContext, id: string): { admin: SimAdmin; isActive: boolean } | undefined {
  const wanted = id.toLowerCase();
  const active = ctx.state.admins.find((a) => a.userId.toLowerCase() === wanted);
  if (active) return { admin: active, isActive: true };
  const inactive = ctx.state.inactiveAdmins.find((a) => a.userId.toLowerCase() === wanted);
  return inactive ? { admin: inactive, isActive: false } : undefined;
}

const notFound = (id: string) =>
  problem(404, `No admin user with id '${id}'; list them with GET /api/AdminUser`);

/** Refuses taking admin rights from yourself or from the last active Admin: a tenant must keep one. */
function guardAdminRights(
  ctx: CloudMContext,
  request: SimRequest,
  target: SimAdmin,
  verb: string,
): SimResponse | undefined {
  if (bearerClaims(ctx, request)?.sub === target.userId)
    return problem(409, `You cannot ${verb} your own account (${target.email}); ask another Admin to do it`);
  const otherAdmins = ctx.state.admins.filter((a) => a.role === TOP_ROLE && a.userId !== target.userId);
  if (target.role === TOP_ROLE && otherAdmins.length === 0)
    return problem(
      409,
      `${target.email} is the last active ${TOP_ROLE}; make another user ${TOP_ROLE} first`,
    );
  return undefined;
}

function nextUserId(ctx: CloudMContext): string {
  const numbers = [...ctx.state.admins, ...ctx.state.inactiveAdmins].map((a) =>
    Number(/(\d+)$/.exec(a.userId)?.[1] ?? 0),
  );
  return `usr-${String(Math.max(0, ...numbers) + 1).padStart(4, "0")}`;
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
        const found = findAdmin(ctx, request.params.id ?? "");
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
        const { login, firstName, lastName, role } = parsed.value;
        const taken = [...state.admins, ...state.inactiveAdmins].find(
          (a) => a.email.toLowerCase() === login.toLowerCase(),
        );
        if (taken)
          return problem(409, `An admin user with login '${login}' already exists (id ${taken.userId})`);
        const admin: SimAdmin = {
          userId: nextUserId(ctx),
          userName: `${firstName} ${lastName}`,
          email: login,
          role,
          // No password until the invitation is accepted, so the account cannot sign in yet.
          password: "",
          passwordResetRequired: true,
        };
        state.admins.push(admin);
        return { status: 200, body: userView(admin, true) };
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
        const found = findAdmin(ctx, request.params.id ?? "");
        if (!found) return notFound(request.params.id ?? "");
        const { admin } = found;
        const losesRights =
          (found.isActive && change.isActive === false) ||
          (admin.role === TOP_ROLE && change.role !== undefined && change.role !== TOP_ROLE);
        if (losesRights) {
          const refused = guardAdminRights(
            ctx,
            request,
            admin,
            change.isActive === false ? "deactivate" : "demote",
          );
          if (refused) return refused;
        }
        const [firstName = "", ...rest] = admin.userName.split(" ");
        admin.userName = `${change.firstName ?? firstName} ${change.lastName ?? rest.join(" ")}`;
        if (change.role) admin.role = change.role;
        const isActive = change.isActive ?? found.isActive;
        if (isActive !== found.isActive) {
          const [from, to] = isActive
            ? [state.inactiveAdmins, state.admins]
            : [state.admins, state.inactiveAdmins];
          from.splice(from.indexOf(admin), 1);
          to.push(admin);
        }
        return { status: 200, body: userView(admin, isActive) };
      },
    },
    {
      method: "DELETE",
      pattern: "/api/AdminUser/{id}",
      authenticated: true,
      doc: { summary: "Delete an admin user" },
      handler: (request) => {
        const found = findAdmin(ctx, request.params.id ?? "");
        if (!found) return notFound(request.params.id ?? "");
        const refused = found.isActive ? guardAdminRights(ctx, request, found.admin, "delete") : undefined;
        if (refused) return refused;
        const list = found.isActive ? state.admins : state.inactiveAdmins;
        list.splice(list.indexOf(found.admin), 1);
        return { status: 204 };
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

// ---------------------------------------------------------------- licences

function licenceState(ctx: CloudMContext, platform: PlatformKey | null, domain: string | null): LicenceState {
  const { licence: covers, limits } = ctx.state;
  if (limits.licenceCount <= 0) return "NotFoundOnServer";
  if (covers.expiresOn !== null && ctx.clock.now() >= covers.expiresOn) return "Expired";
  if (!platform || (covers.platforms && !covers.platforms.includes(platform)))
    return "NotValidForCurrentPlatform";
  if (!domain || !DOMAIN_PATTERN.test(domain) || (covers.domains && !covers.domains.includes(domain)))
    return "InvalidDomain";
  return "Valid";
}

function licenceRoute(ctx: CloudMContext): Route {
  const { state } = ctx;
  return {
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
      const destination = state.connections.get(project.destinationConnectionId);
      const settings = destination?.settings ?? {};
      const domainSetting = settings.domainName ?? settings.domain;
      const domain = typeof domainSetting === "string" ? domainSetting.toLowerCase() : null;
      const platform = destination?.platform ?? null;
      const projectKeys = new Set<string>();
      for (const batch of state.batches.values()) {
        if (batch.projectId !== project.projectId) continue;
        for (const item of batch.items.values()) {
          const key = licenceKey(state, batch, item);
          if (state.licensedUsers.has(key)) projectKeys.add(key);
        }
      }
      return {
        status: 200,
        body: {
          projectId: project.projectId,
          state: licenceState(ctx, platform, domain),
          total: state.limits.licenceCount,
          used: state.licensedUsers.size,
          available: state.licencesAvailable,
          usedByProject: projectKeys.size,
          expiresOn: iso(state.licence.expiresOn),
          destinationDomain: domain,
          destinationPlatform: platform,
        },
      };
    },
  };
}

/** Every administration route: admin users, the audit log, licences. */
export function adminRoutes(ctx: CloudMContext): Route[] {
  ctx.state.licence.expiresOn ??= ctx.clock.now() + YEAR_MS;
  return [...adminUserRoutes(ctx), auditRoute(ctx), licenceRoute(ctx)];
}
