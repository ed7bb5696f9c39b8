/**
 * Administration: the audit log and the admin users who may sign in to the instance. Their records as
 * these tools show them are in admin-view.ts.
 */
import { z } from "zod";
import { optional } from "../api/cloudm/client.js";
import { ADMIN_ROLES, type AdminUserRecord, PAGE_SIZE_MAX } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted } from "../api/quoted.js";
import {
  auditEntryOut,
  auditLine,
  changesOf,
  fullName,
  loginOf,
  userLine,
  userOut,
  userView,
} from "./admin-view.js";
import { defineTool, type ToolContext } from "./define.js";
import { refusedAs, ToolInputError } from "../views/input-error.js";
import { cursorInput, decodeCursorState, encodeCursorState, page } from "../views/paging.js";
import { compareReadBack, defined, orNotReported } from "../views/reported.js";
import {
  noteLine,
  readBackFields,
  readBackLines,
  readBackShape,
  writtenFields,
  writtenShape,
} from "./written.js";
import { idArgument } from "./ids.js";

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

/** The newest entry's date as the end of a paged window, when it is one the query can take back. */
const windowEnd = (date: string | undefined) =>
  date !== undefined && /^\d{4}-\d{2}-\d{2}/.test(date) && !Number.isNaN(Date.parse(date)) ? date : undefined;

// ---------------------------------------------------------------- admin users

const userId = idArgument("Admin user id (list_admin_users)");
const role = z.enum(ADMIN_ROLES);
const personName = z.string().trim().min(1);
/** This server's own account cannot lose its rights through itself; upstream refuses too, this says why first. */
async function refuseSelf(ctx: ToolContext, user: AdminUserRecord, verb: string): Promise<void> {
  const me = await ctx.cloudm.profile(ctx.signal);
  const sameLogin = user.login !== undefined && me?.email.toLowerCase() === user.login.toLowerCase();
  if (me && ((user.id !== undefined && me.userId === user.id) || sameLogin))
    throw new ToolInputError(
      `userId: ${orNotReported(user.login ?? user.id, "", plainOrQuoted)} is the account this server signs in as, and cannot ${verb} itself; another Admin must do it. Nothing was changed.`,
    );
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
    output: {
      entries: z.array(auditEntryOut),
      totalResults: z.number().optional(),
      nextCursor: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { pageSize: 5 },
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
      const entries = result.entries.map((e) => defined({ ...e }));
      const totalPages =
        result.totalPages ??
        (result.total === undefined ? undefined : Math.ceil(result.total / search.pageSize));
      // Without a page count, a full page may have more behind it.
      const more = totalPages === undefined ? entries.length >= search.pageSize : pageNumber < totalPages;
      const end = windowEnd(result.entries[0]?.date);
      const nextCursor = more
        ? encodeCursorState({
            p: pageNumber + 1,
            q: { ...search, ...(search.to || !end ? {} : { to: end }) },
          })
        : undefined;
      const total = result.total;
      const head =
        total === undefined
          ? "Audit entries (the instance did not say how many in all):"
          : `${total} audit entr${total === 1 ? "y" : "ies"}:`;
      return {
        structured: {
          entries,
          ...(total === undefined ? {} : { totalResults: total }),
          ...(nextCursor ? { nextCursor } : {}),
        },
        text:
          entries.length === 0
            ? "No audit entries match."
            : `${head}\n${result.entries.map(auditLine).join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
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
    example: {},
    handler: async (args, ctx) => {
      const all = await ctx.cloudm.admin.listUsers(ctx.signal);
      const { items, nextCursor } = page(all, args.cursor, 50);
      return {
        structured: { users: items.map(userView), ...(nextCursor ? { nextCursor } : {}) },
        text:
          items.length === 0
            ? "No admin users listed."
            : `${items.map(userLine).join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
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
    output: { user: userOut.optional(), ...readBackShape, ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { login: "new.admin@contoso.example", firstName: "New", lastName: "Admin", role: "ReadOnly" },
    handler: async (args, ctx) => {
      const admin = ctx.cloudm.admin;
      const written = await admin.addUser(args, ctx.signal);
      // Added either way; an answer without the new id is made good by finding the login in the list.
      const listed = written.value ? undefined : await optional(admin.listUsers(ctx.signal));
      const login = args.login.toLowerCase();
      const user =
        written.value ??
        (listed?.ok ? listed.value.find((u) => u.login?.toLowerCase() === login) : undefined);
      const { login: _login, ...asked } = args;
      const found = user ? compareReadBack(asked, { ...user }) : undefined;
      const invited = "they sign in once they have set a password from the invitation.";
      const text = user
        ? `Added ${userLine(user)}; ${invited}${written.value ? "" : " (The answer did not carry the new user; it was found by listing admin users.)"}`
        : `Admin user ${args.login} added; ${invited} Its id was not in the answer${listed && !listed.ok ? ` and listing admin users failed (${listed.reason})` : " and listing admin users did not show it yet"}: list_admin_users shows it with its id.`;
      return {
        structured: {
          ...(user ? { user: userView(user) } : {}),
          ...(found && found.notApplied.length > 0 ? { notApplied: found.notApplied } : {}),
          ...writtenFields(written),
        },
        text: `${text}${found ? readBackLines({ notApplied: found.notApplied, unverified: [] }) : ""}${noteLine(written)}`,
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
    output: { user: userOut.optional(), ...readBackShape, ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { userId: "{adminUserId}", lastName: "Renamed" },
    // A name is cosmetic; a role or isActive change grants or takes away access.
    confirmWhen: (args) => args.role !== undefined || args.isActive !== undefined,
    preview: async (args, ctx) => {
      const { userId: id, ...change } = args;
      const current = await ctx.cloudm.admin
        .getUser(id, ctx.signal)
        .catch(refusedAs("userId", "id", "that admin user"));
      // A role the instance did not report may be the top one: taking it is treated as a demotion.
      const demoted =
        change.role !== undefined &&
        change.role !== current.role &&
        (current.role === undefined || current.role === ADMIN_ROLES[0]);
      const losesRights = change.isActive === false || demoted;
      if (losesRights)
        await refuseSelf(ctx, current, change.isActive === false ? "deactivate" : "change the role of");
      const changes = changesOf(current, change);
      return {
        summary: `Update admin user ${fullName(current)} ${loginOf(current, id)}: ${Object.keys(changes).length} change(s)`,
        details: {
          ...changes,
          ...(change.isActive === false && current.isActive !== false
            ? { effect: "They can no longer sign in." }
            : {}),
        },
        stable: { role: current.role, isActive: current.isActive, login: current.login },
      };
    },
    handler: async (args, ctx) => {
      const { userId: id, ...change } = args;
      if (Object.keys(change).length === 0)
        throw new ToolInputError("Give at least one of firstName, lastName, role, isActive to change.");
      const written = await ctx.cloudm.admin
        .updateUser(id, change, ctx.signal)
        .catch(refusedAs("userId", "id", "that admin user"));
      // Updated either way; reading the user back shows which values the instance actually took.
      const back = await optional(ctx.cloudm.admin.getUser(id, ctx.signal));
      const user = back.ok ? back.value : written.value;
      const found = user ? compareReadBack(change, { ...user }) : undefined;
      const head = user ? `Updated ${userLine(user)}.` : `Admin user ${id} updated.`;
      const unread = back.ok ? "" : `\nNot read back (${back.reason}): the values could not be confirmed.`;
      return {
        structured: {
          ...(user ? { user: userView(user) } : {}),
          ...readBackFields(found),
          ...writtenFields(written),
        },
        text: `${head}${found ? readBackLines(found) : ""}${unread}${noteLine(written)}`,
      };
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
    example: { userId: "{adminUserId}" },
    preview: async (args, ctx) => {
      const user = await ctx.cloudm.admin
        .getUser(args.userId, ctx.signal)
        .catch(refusedAs("userId", "id", "that admin user"));
      await refuseSelf(ctx, user, "delete");
      const role = orNotReported(user.role, "role not reported", plainOrQuoted);
      return {
        summary: `Delete admin user ${fullName(user)} ${loginOf(user, args.userId)} (${role}${user.isActive === false ? ", inactive" : ""})`,
        details: {
          login: orNotReported(user.login, "not reported", plainOrQuoted),
          role,
          effect: "They can no longer sign in; this cannot be undone.",
        },
        stable: { login: user.login, role: user.role, isActive: user.isActive },
        typedName: user.login ?? args.userId,
      };
    },
    handler: async (args, ctx) => {
      await ctx.cloudm.admin
        .deleteUser(args.userId, ctx.signal)
        .catch(refusedAs("userId", "id", "that admin user"));
      return { structured: { deletedUserId: args.userId }, text: `Deleted admin user ${args.userId}.` };
    },
  }),
];
