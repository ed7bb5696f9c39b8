/**
 * Administration of the service: licences per project, in-app notifications, the migration server fleet.
 * Their records as these tools show them are in admin-service-view.ts.
 */
import { z } from "zod";
import { optional } from "../api/cloudm/client.js";
import { type NotificationRecord, PAGE_SIZE_MAX, SERVER_ACTIONS } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted } from "../api/quoted.js";
import {
  ACTION_EFFECT,
  licenceAnswer,
  licenceOut,
  notificationLine,
  notificationOut,
  notificationView,
  serverLine,
  serverOut,
  serverView,
} from "./admin-service-view.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import {
  cursorInput,
  decodeCursorState,
  encodeCursorState,
  newestFirstPage,
  newestFirstResume,
} from "../views/paging.js";
import { defined, orNotReported } from "../views/reported.js";
import { projectId } from "./projects.js";
import { noteLine, writtenFields, writtenShape } from "./written.js";

const notificationCursor = z.object({
  search: z.object({ unreadOnly: z.boolean(), pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX) }),
  at: newestFirstResume,
});
/** An entry without a date or id sorts as the oldest, so a resumed listing still shows it once. */
const notificationKey = (n: NotificationRecord) => ({
  date: n.date ?? new Date(0).toISOString(),
  id: n.id ?? 0,
});

export const adminServiceTools = [
  defineTool({
    name: "get_license",
    title: "Get licence",
    description:
      "Licence state for a project's destination (Valid, Expired, ...) and the user licences total, used and available. Check before a big run.",
    toolset: "admin",
    endpoints: ["getLicence"],
    input: { projectId },
    output: licenceOut,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{projectId}" },
    handler: async (args, ctx) => {
      const licence = await ctx.cloudm.admin.getLicence(args.projectId, ctx.signal);
      return licenceAnswer(args.projectId, licence);
    },
  }),
  defineTool({
    name: "list_notifications",
    title: "List notifications",
    description: "In-app notifications, newest first: runs completed, stopped, or halted by the volume cap.",
    toolset: "admin",
    endpoints: ["listNotifications"],
    input: {
      unreadOnly: z.boolean().optional(),
      pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).optional().describe("Default 25"),
      cursor: cursorInput,
    },
    output: {
      notifications: z.array(notificationOut),
      unreadCount: z.number().optional(),
      totalResults: z.number().optional(),
      nextCursor: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { pageSize: 5 },
    handler: async (args, ctx) => {
      // A cursor resumes its own listing (filter, page size, the last notification shown).
      const resumed =
        args.cursor === undefined ? undefined : decodeCursorState(args.cursor, notificationCursor);
      const search = resumed?.search ?? {
        unreadOnly: args.unreadOnly ?? false,
        pageSize: args.pageSize ?? 25,
      };
      let unreadCount: number | undefined;
      const result = await newestFirstPage(
        async (pageNumber) => {
          const page = await ctx.cloudm.admin.listNotifications({ pageNumber, ...search }, ctx.signal);
          unreadCount = page.unreadCount;
          const totalPages =
            page.totalPages ??
            (page.total === undefined ? undefined : Math.ceil(page.total / search.pageSize));
          return { items: page.items, totalResults: page.total, totalPages };
        },
        notificationKey,
        search.pageSize,
        resumed?.at,
      );
      const notifications = result.items.map(notificationView);
      const nextCursor = result.next ? encodeCursorState({ search, at: result.next }) : undefined;
      const lines = notifications.map(notificationLine);
      return {
        structured: {
          notifications,
          ...(unreadCount === undefined ? {} : { unreadCount }),
          ...(result.totalResults === undefined ? {} : { totalResults: result.totalResults }),
          ...(nextCursor ? { nextCursor } : {}),
        },
        text:
          notifications.length === 0
            ? "No notifications."
            : `${lines.join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "mark_notifications_read",
    title: "Mark notifications read",
    description: "Mark notifications read: some by id (list_notifications), or all.",
    toolset: "admin",
    endpoints: ["markNotificationsRead"],
    input: {
      notificationIds: z.array(z.number().int().positive()).min(1).max(1_000).optional(),
      all: z.boolean().optional(),
    },
    output: { updated: z.number().optional(), unreadCount: z.number().optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { notificationIds: ["{notificationId}"] },
    handler: async (args, ctx) => {
      if ((args.notificationIds === undefined) === (args.all !== true))
        throw new ToolInputError("notificationIds, all: give either notificationIds or all: true, not both.");
      const admin = ctx.cloudm.admin;
      const written = await admin.markNotificationsRead(
        args.all ? { markAll: true } : { notificationIds: args.notificationIds ?? [] },
        ctx.signal,
      );
      const updated = written.value?.updated;
      // Marked either way; what is still unread, when the answer did not say, is one short read away.
      let unreadCount = written.value?.unreadCount;
      if (unreadCount === undefined) {
        const unread = await optional(
          admin.listNotifications({ pageNumber: 1, pageSize: 1, unreadOnly: true }, ctx.signal),
        );
        unreadCount = unread.ok ? (unread.value.unreadCount ?? unread.value.total) : undefined;
      }
      const marked =
        updated === undefined
          ? "Marked read (the instance did not say how many it changed)"
          : `Marked ${updated} notification(s) read`;
      return {
        structured: defined({ updated, unreadCount, ...writtenFields(written) }),
        text: `${marked}; ${unreadCount === undefined ? "how many remain unread was not reported" : `${unreadCount} unread`}.${noteLine(written)}`,
      };
    },
  }),
  defineTool({
    name: "list_migration_servers",
    title: "List migration servers",
    description:
      "The migration servers: status (Ok, Warn, Offline, VersionDoesNotMatch), version, uptime, running tasks.",
    toolset: "admin",
    endpoints: ["listServers"],
    input: {},
    output: { servers: z.array(serverOut) },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: {},
    handler: async (_args, ctx) => {
      const servers = (await ctx.cloudm.admin.listServers(ctx.signal)).map(serverView);
      return { structured: { servers }, text: servers.map(serverLine).join("\n") || "No migration servers." };
    },
  }),
  defineTool({
    name: "change_migration_server_state",
    title: "Change migration server state",
    description:
      "Start, Stop, Restart or Drain a migration server (list_migration_servers first). Asks for confirmation.",
    toolset: "admin",
    endpoints: ["listServers", "changeServerState"],
    input: { machineName: z.string().min(1).max(100), action: z.enum(SERVER_ACTIONS) },
    output: { server: serverOut.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    example: { machineName: "{machineName}", action: "Start" },
    preview: async (args, ctx) => {
      const servers = await ctx.cloudm.admin.listServers(ctx.signal);
      const server = servers.find((s) => s.machineName.toLowerCase() === args.machineName.toLowerCase());
      if (!server)
        throw new ToolInputError(
          `machineName: no migration server '${args.machineName}'; known: ${servers.map((s) => plainOrQuoted(s.machineName)).join(", ")}`,
        );
      const view = serverView(server);
      const online = servers.filter((s) => s !== server && s.status !== undefined && s.status !== "Offline");
      const tasks = orNotReported(server.numberOfRunningTasks, "an unreported number of");
      return {
        summary: `${args.action} ${plainOrQuoted(server.machineName)} (${view.status}, ${tasks} running task(s))`,
        details: {
          effect: `${plainOrQuoted(server.machineName)} ${ACTION_EFFECT[args.action]}`,
          status: view.status,
          version: orNotReported(server.version, "not reported", plainOrQuoted),
          numberOfRunningTasks: server.numberOfRunningTasks ?? "not reported",
          otherServersOnline: online.length,
        },
        // Task counts move on their own; whether it is busy, and its status, must not.
        stable: {
          status: view.status,
          version: server.version,
          busy: server.numberOfRunningTasks === undefined ? undefined : server.numberOfRunningTasks > 0,
        },
      };
    },
    handler: async (args, ctx) => {
      const admin = ctx.cloudm.admin;
      const written = await admin.changeServerState(args.machineName, args.action, ctx.signal);
      // Done either way; an answer without the server is made good by listing the fleet.
      const wanted = args.machineName.toLowerCase();
      const listed = written.value ? undefined : await optional(admin.listServers(ctx.signal));
      const record =
        written.value ??
        (listed?.ok ? listed.value.find((s) => s.machineName.toLowerCase() === wanted) : undefined);
      const server = record ? serverView(record) : undefined;
      const state = server
        ? serverLine(server)
        : `Its state now was not in the answer${listed && !listed.ok ? `, and listing servers failed (${listed.reason})` : ""}: list_migration_servers shows it.`;
      return {
        structured: { ...(server ? { server } : {}), ...writtenFields(written) },
        text: `${args.action} done. ${state}${noteLine(written)}`,
      };
    },
  }),
];
