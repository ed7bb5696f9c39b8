/**
 * Administration as kebab-case actions: admin users (api/AdminUser, CloudM's `UserAdminModel` with an
 * integer id, an `{ items, totalCount }` page; add 201 with no body, update and delete 204) and the
 * audit log (api/AdminAudit, a DataTables page of `AuditModel`).
 */
import { z } from "zod";
import type { SimRequest } from "../../http-server.js";
import { parseJsonBody } from "../../problems.js";
import { createdEmpty, noContent, ok, translatedProblem } from "./answers.js";
import { intQuery } from "./bodies.js";
import { allPages, callFull, forward, writeFull } from "./full.js";
import { fullAdminUser, type FullAdminUser, fullAuditPage } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action } from "./operation.js";
import {
  DATATABLES_QUERY,
  dataTablesPage,
  dataTablesWindow,
  ITEMS_QUERY,
  itemsPage,
  itemsWindow,
} from "./paging.js";

const USERS = "/api/AdminUser";

/** The simulator's user ids are `usr-0007`; this profile shows the number, as an identity column would. */
const numericId = (userId: string) => Number(/(\d+)$/.exec(userId)?.[1] ?? Number.NaN);
const userIdOf = (id: number) => `usr-${String(id).padStart(4, "0")}`;

const userModel = (u: FullAdminUser) => ({
  id: numericId(u.id),
  role: u.role,
  firstName: u.firstName,
  lastName: u.lastName,
  login: u.login,
  isActive: u.isActive,
});

/** A refusal names the user as this profile does, and points to this profile's list. */
const idNames = (id: number) => ({ [userIdOf(id)]: String(id), [`GET ${USERS}`]: `GET ${USERS}/get-users` });

const id = z.number().int().positive();
const addBody = z.object({
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.string(),
});
const updateBody = z.object({
  id,
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  role: z.string().nullish(),
  isActive: z.boolean().nullish(),
});
const idBody = z.object({ id });

/** `yyyy-MM-dd HH:mm:ss`, UTC: AuditModel carries the date already formatted for display. */
const formatted = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");

function userRoutes({ full }: AspnetDeps): AspnetRoute[] {
  const list = full.handler("GET", USERS);
  const get = full.handler("GET", `${USERS}/{id}`);
  const add = full.handler("POST", USERS);
  const update = full.handler("PUT", `${USERS}/{id}`);
  const remove = full.handler("DELETE", `${USERS}/{id}`);
  const body = <T extends z.ZodType>(request: SimRequest, schema: T) =>
    parseJsonBody(request.body, request.headers["content-type"], schema);
  return [
    action(
      "GET",
      `${USERS}/get-users`,
      {
        operationId: "AdminUser_GetUsers",
        summary: "Admin users, by id",
        query: ITEMS_QUERY,
        reply: { status: 200, description: "A page of users", envelope: "UserAdminModelPagedResult" },
      },
      async (request) => {
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        const answer = await callFull(list, request, z.array(fullAdminUser));
        return answer.ok ? ok(itemsPage(answer.value.map(userModel), window.value)) : answer.response;
      },
    ),
    action(
      "GET",
      `${USERS}/get-user`,
      {
        operationId: "AdminUser_GetUser",
        summary: "One admin user",
        query: [{ name: "id", type: "integer", required: true, description: "the user's id" }],
        reply: { status: 200, description: "The user", envelope: "UserAdminModel" },
        problems: [404],
      },
      async (request) => {
        const wanted = intQuery(request.query, "id", { min: 1, max: 999_999 });
        if (!wanted.ok) return wanted.response;
        const answer = await callFull(
          get,
          forward(request, { params: { id: userIdOf(wanted.value) } }),
          fullAdminUser,
        );
        return answer.ok
          ? ok(userModel(answer.value))
          : translatedProblem(answer.response, idNames(wanted.value));
      },
    ),
    action(
      "POST",
      `${USERS}/add-user`,
      {
        operationId: "AdminUser_AddUser",
        summary: "Add an admin user, invited to set a password; the Location names the new id",
        body: { schema: "AddUserParameters" },
        reply: { status: 201, description: "Added (no body)", location: true },
        problems: [409],
      },
      async (request) => {
        const parsed = body(request, addBody);
        if (!parsed.ok) return parsed.response;
        const answer = await callFull(add, forward(request, { json: parsed.value }), fullAdminUser);
        return answer.ok
          ? createdEmpty(`${USERS}/get-user?id=${numericId(answer.value.id)}`)
          : answer.response;
      },
    ),
    action(
      "POST",
      `${USERS}/update-user`,
      {
        operationId: "AdminUser_UpdateUser",
        summary: "Update an admin user: only the fields sent (null or absent keeps a value)",
        body: { schema: "UpdateUserParameters" },
        reply: { status: 204, description: "Saved" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = body(request, updateBody);
        if (!parsed.ok) return parsed.response;
        const { id: userId, ...fields } = parsed.value;
        const change = Object.fromEntries(
          Object.entries(fields).filter(([, v]) => v !== null && v !== undefined),
        );
        const done = await writeFull(
          update,
          forward(request, { params: { id: userIdOf(userId) }, json: change }),
        );
        return done.ok ? noContent() : translatedProblem(done.response, idNames(userId));
      },
    ),
    action(
      "POST",
      `${USERS}/delete-user`,
      {
        operationId: "AdminUser_DeleteUser",
        summary: "Delete an admin user; 409 for yourself or the last active Admin",
        body: { schema: "UserIdParameters" },
        reply: { status: 204, description: "Deleted" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = body(request, idBody);
        if (!parsed.ok) return parsed.response;
        const userId = userIdOf(parsed.value.id);
        const done = await writeFull(remove, forward(request, { params: { id: userId } }));
        return done.ok ? noContent() : translatedProblem(done.response, idNames(parsed.value.id));
      },
    ),
  ];
}

function auditRoute({ ctx, full }: AspnetDeps): AspnetRoute {
  const audit = full.handler("GET", "/api/AdminAudit");
  return action(
    "GET",
    "/api/AdminAudit/get-audit-logs",
    {
      operationId: "AdminAudit_GetAuditLogs",
      summary: "The audit log, newest first, filtered; a DataTables page (iTotalRecords counts every entry)",
      query: [
        { name: "fromDate", type: "string", description: "ISO 8601, inclusive" },
        { name: "toDate", type: "string", description: "ISO 8601, inclusive" },
        { name: "userEmail", type: "string", description: "exact, case-insensitive" },
        { name: "auditType", type: "string", description: "exact, case-insensitive" },
        ...DATATABLES_QUERY,
      ],
      reply: { status: 200, description: "A page of audit entries", envelope: "AuditModelDataTablesResult" },
    },
    async (request) => {
      const window = dataTablesWindow(request);
      if (!window.ok) return window.response;
      const q = request.query;
      const filters = {
        from: q.get("fromDate") ?? undefined,
        to: q.get("toDate") ?? undefined,
        userEmail: q.get("userEmail") ?? undefined,
        auditType: q.get("auditType") ?? undefined,
      };
      const total = ctx.state.audit.length;
      const rows = await allPages(audit, request, filters, fullAuditPage, (page) => page);
      if (!rows.ok) return translatedProblem(rows.response, { from: "fromDate", to: "toDate" });
      const shown = rows.value.map((e) => ({
        auditId: e.auditId,
        userEmail: e.userEmail,
        dateFormatted: formatted(e.date),
        auditType: e.auditType,
        message: e.message,
        ipAddress: e.ipAddress,
        userAgent: e.userAgent,
      }));
      return ok(dataTablesPage(shown, total, window.value));
    },
  );
}

export function adminRoutes(deps: AspnetDeps): AspnetRoute[] {
  return [...userRoutes(deps), auditRoute(deps)];
}
