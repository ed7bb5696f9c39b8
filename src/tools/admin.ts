/** Administration: the audit log and the admin users who may sign in to the instance. */
import { z } from "zod";
import {
  ADMIN_ROLES,
  adminUser,
  type AdminUser,
  auditEntry,
  PAGE_SIZE_MAX,
} from "../api/cloudm/schemas/index.js";
import { defineTool, type ToolContext } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { cursorInput, decodeCursorState, encodeCursorState, page } from "../views/paging.js";

// ---------------------------------------------------------------- audit log

/**
 * What a page of the audit log was asked for. A cursor carries all of it, so later pages keep the
 * filters, and the first page's newest entry as the window's end, so entries written while a model
 * pages through do not shift later pages.
 */
const auditSearch = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  userEmail: z.string().optional(),
  auditType: z.string().optional(),
  pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX),
});
type AuditSearch = z.infer<typeof auditSearch>;
const auditCursor = z.object({ p: z.number().int().min(1), q: auditSearch });

function isoArg(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new ToolInputError(`${name}: '${value}' is not an ISO 8601 date-time, e.g. 2026-05-06T09:00:00Z`);
  return new Date(ms).toISOString();
}

// The id reads as text, and an absent detail is left out rather than null.
const auditEntryOut = z.object(auditEntry.shape).extend({
  auditId: z.string(),
  ipAddress: z.string().optional(),
  userAgent: z.string().optional(),
});

// ---------------------------------------------------------------- admin users

const userId = z.string().min(1).describe("Admin user id (list_admin_users)");
const role = z.enum(ADMIN_ROLES);
const personName = z.string().trim().min(1);
const userOut = z.object(adminUser.shape);

const userView = (u: AdminUser): z.infer<typeof userOut> => ({
  id: u.id,
  login: u.login,
  firstName: u.firstName,
  lastName: u.lastName,
  role: u.role,
  isActive: u.isActive,
});
const userLine = (u: AdminUser) =>
  `${u.id} ${u.firstName} ${u.lastName} <${u.login}> ${u.role}${u.isActive ? "" : " (inactive)"}`;

/** This server's own account cannot lose its rights through itself; upstream refuses too, this says why first. */
async function refuseSelf(ctx: ToolContext, user: AdminUser, verb: string): Promise<void> {
  const me = await ctx.cloudm.profile(ctx.signal);
  if (me && (me.userId === user.id || me.email.toLowerCase() === user.login.toLowerCase()))
    throw new ToolInputError(
      `userId: ${user.login} is the account this server signs in as, and cannot ${verb} itself; another Admin must do it. Nothing was changed.`,
    );
}

type UserChange = {
  firstName?: string;
  lastName?: string;
  role?: (typeof ADMIN_ROLES)[number];
  isActive?: boolean;
};

function changesOf(current: AdminUser, change: UserChange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["firstName", "lastName", "role", "isActive"] as const) {
    const value = change[key];
    if (value !== undefined && value !== current[key])
      out[key] = `${String(current[key])} -> ${String(value)}`;
  }
  return out;
}

export const adminTools = [
  defineTool({
    name: "query_audit_log",
    title: "Query audit log",
    description:
      "Who did what when on the instance (sign-ins and every change), newest first; filter by time range, user and auditType (e.g. MigrationStarted, Login).",
    toolset: "admin",
    endpoints: ["queryAudit"],
    input: {
      from: z.string().optional().describe("ISO 8601 date-time, inclusive"),
      to: z.string().optional().describe("ISO 8601 date-time, inclusive"),
      userEmail: z.string().optional(),
      auditType: z.string().max(100).optional(),
      pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).optional().describe("Default 25"),
      cursor: cursorInput,
    },
    output: { entries: z.array(auditEntryOut), totalResults: z.number(), nextCursor: z.string().optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      // A cursor resumes its own search: later pages keep the filters and the end of the first page's window.
      const resumed = args.cursor === undefined ? undefined : decodeCursorState(args.cursor, auditCursor);
      const pageNumber = resumed?.p ?? 1;
      const search: AuditSearch = resumed?.q ?? {
        ...(args.from ? { from: isoArg(args.from, "from") } : {}),
        ...(args.to ? { to: isoArg(args.to, "to") } : {}),
        ...(args.userEmail ? { userEmail: args.userEmail } : {}),
        ...(args.auditType ? { auditType: args.auditType } : {}),
        pageSize: args.pageSize ?? 25,
      };
      if (search.from && search.to && search.from > search.to)
        throw new ToolInputError(`from: ${search.from} is after to (${search.to})`);
      const result = await ctx.cloudm.admin.queryAudit({ ...search, pageNumber }, ctx.signal);
      const entries = result.items.map((e) => ({
        auditId: String(e.auditId),
        date: e.date,
        userEmail: e.userEmail,
        auditType: e.auditType,
        message: e.message,
        ...(e.ipAddress ? { ipAddress: e.ipAddress } : {}),
        ...(e.userAgent ? { userAgent: e.userAgent } : {}),
      }));
      const nextCursor =
        pageNumber < result.totalPages
          ? encodeCursorState({
              p: pageNumber + 1,
              q: { ...search, ...(search.to || !entries[0] ? {} : { to: entries[0].date }) },
            })
          : undefined;
      const lines = entries.map((e) => `${e.date} ${e.userEmail} ${e.auditType}: ${e.message}`);
      return {
        structured: { entries, totalResults: result.totalResults, ...(nextCursor ? { nextCursor } : {}) },
        text:
          entries.length === 0
            ? "No audit entries match."
            : `${result.totalResults} audit entr${result.totalResults === 1 ? "y" : "ies"}:\n${lines.join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "list_admin_users",
    title: "List admin users",
    description: "List the admin users of the instance: id, login, name, role, and whether they may sign in.",
    toolset: "admin",
    endpoints: ["listAdminUsers"],
    input: { cursor: cursorInput },
    output: { users: z.array(userOut), nextCursor: z.string().optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const all = await ctx.cloudm.admin.listUsers(ctx.signal);
      const { items, nextCursor } = page(all, args.cursor, 50);
      return {
        structured: { users: items.map(userView), ...(nextCursor ? { nextCursor } : {}) },
        text: `${items.map(userLine).join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "add_admin_user",
    title: "Add admin user",
    description: "Add an admin user; they are invited to set their own password before they can sign in.",
    toolset: "admin",
    endpoints: ["addAdminUser"],
    // Upstream checks the login is an email (a 400 naming it); a zod email pattern would cost every conversation.
    input: {
      login: z.string().min(3).describe("Email address"),
      firstName: personName,
      lastName: personName,
      role,
    },
    output: { user: userOut },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      const user = await ctx.cloudm.admin.addUser(args, ctx.signal);
      return {
        structured: { user: userView(user) },
        text: `Added ${userLine(user)}; they sign in once they have set a password from the invitation.`,
      };
    },
  }),
  defineTool({
    name: "update_admin_user",
    title: "Update admin user",
    description:
      "Change an admin user's name, role or isActive (false stops them signing in). Role and isActive changes ask for confirmation.",
    toolset: "admin",
    endpoints: ["getAdminUser", "updateAdminUser"],
    input: {
      userId,
      firstName: personName.optional(),
      lastName: personName.optional(),
      role: role.optional(),
      isActive: z.boolean().optional(),
    },
    output: { user: userOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    // A name is cosmetic; a role or isActive change grants or takes away access.
    confirmWhen: (args) => args.role !== undefined || args.isActive !== undefined,
    preview: async (args, ctx) => {
      const { userId: id, ...change } = args;
      const current = await ctx.cloudm.admin.getUser(id, ctx.signal);
      const demoted =
        current.role === ADMIN_ROLES[0] && change.role !== undefined && change.role !== current.role;
      const losesRights = change.isActive === false || demoted;
      if (losesRights)
        await refuseSelf(ctx, current, change.isActive === false ? "deactivate" : "change the role of");
      const changes = changesOf(current, change);
      return {
        summary: `Update admin user ${current.firstName} ${current.lastName} <${current.login}>: ${Object.keys(changes).length} change(s)`,
        details: {
          ...changes,
          ...(change.isActive === false && current.isActive ? { effect: "They can no longer sign in." } : {}),
        },
        stable: { role: current.role, isActive: current.isActive, login: current.login },
      };
    },
    handler: async (args, ctx) => {
      const { userId: id, ...change } = args;
      if (Object.keys(change).length === 0)
        throw new ToolInputError("Give at least one of firstName, lastName, role, isActive to change.");
      const user = await ctx.cloudm.admin.updateUser(id, change, ctx.signal);
      return { structured: { user: userView(user) }, text: `Updated ${userLine(user)}.` };
    },
  }),
  defineTool({
    name: "delete_admin_user",
    title: "Delete admin user",
    description:
      "Delete an admin user so they can no longer sign in (their audit entries stay). Asks for confirmation; the user types the login.",
    toolset: "admin",
    endpoints: ["getAdminUser", "deleteAdminUser"],
    input: { userId },
    output: { deletedUserId: z.string() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: async (args, ctx) => {
      const user = await ctx.cloudm.admin.getUser(args.userId, ctx.signal);
      await refuseSelf(ctx, user, "delete");
      return {
        summary: `Delete admin user ${user.firstName} ${user.lastName} <${user.login}> (${user.role}${user.isActive ? "" : ", inactive"})`,
        details: {
          login: user.login,
          role: user.role,
          effect: "They can no longer sign in; this cannot be undone.",
        },
        stable: { login: user.login, role: user.role, isActive: user.isActive },
        typedName: user.login,
      };
    },
    handler: async (args, ctx) => {
      await ctx.cloudm.admin.deleteUser(args.userId, ctx.signal);
      return { structured: { deletedUserId: args.userId }, text: `Deleted admin user ${args.userId}.` };
    },
  }),
];
