/** Administration of the service: licences per project, in-app notifications, the migration server fleet. */
import { z } from "zod";
import {
  licence,
  migrationServer,
  notification,
  type MigrationServer,
  PAGE_SIZE_MAX,
  SERVER_ACTIONS,
  type ServerAction,
} from "../api/cloudm/schemas/index.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import {
  cursorInput,
  decodeCursorState,
  encodeCursorState,
  newestFirstPage,
  newestFirstResume,
} from "../views/paging.js";
import { projectId } from "./projects.js";

const LICENCE_HINT: Record<string, string> = {
  Expired: "Renew the licence before starting more migrations.",
  NotValidForCurrentPlatform: "The licence does not cover this destination platform.",
  InvalidDomain:
    "The licence does not cover the destination domain; check the destination connection's domain.",
  NotFoundOnServer: "No licence is installed on this instance.",
};

const notificationOut = z.object(notification.shape);
const notificationCursor = z.object({
  search: z.object({ unreadOnly: z.boolean(), pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX) }),
  at: newestFirstResume,
});

// Uptime reads as text whichever way the instance sends it.
const serverOut = z.object(migrationServer.shape).extend({ uptime: z.string() });

const serverView = (s: MigrationServer): z.infer<typeof serverOut> => ({
  machineName: s.machineName,
  status: s.status,
  version: s.version,
  uptime: typeof s.uptime === "number" ? `${s.uptime}s` : s.uptime,
  numberOfRunningTasks: s.numberOfRunningTasks,
  ...(s.acceptingTasks === undefined ? {} : { acceptingTasks: s.acceptingTasks }),
});
const serverLine = (s: z.infer<typeof serverOut>) =>
  `${s.machineName}: ${s.status}, v${s.version}, up ${s.uptime}, ${s.numberOfRunningTasks} running task(s)`;

const ACTION_EFFECT: Record<ServerAction, string> = {
  Start: "takes new migration work again",
  Stop: "goes offline and takes no work; refused while it runs tasks (Drain first)",
  Restart: "restarts, picking up an installed update; refused while it runs tasks",
  Drain: "finishes its running tasks and takes no new ones; queued users wait for another server",
};

export const adminServiceTools = [
  defineTool({
    name: "get_license",
    title: "Get licence",
    description:
      "Licence state for a project's destination (Valid, Expired, ...) and the user licences total, used and available. Check before a big run.",
    toolset: "admin",
    endpoints: ["getLicence"],
    input: { projectId },
    output: licence.shape,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const l = await ctx.cloudm.admin.getLicence(args.projectId, ctx.signal);
      const structured = {
        projectId: l.projectId,
        state: l.state,
        total: l.total,
        used: l.used,
        available: l.available,
        ...(l.usedByProject === undefined ? {} : { usedByProject: l.usedByProject }),
        expiresOn: l.expiresOn,
        destinationDomain: l.destinationDomain,
        destinationPlatform: l.destinationPlatform,
      };
      const byProject = l.usedByProject === undefined ? "" : `, ${l.usedByProject} by this project`;
      return {
        structured,
        text: `Licence ${l.state} for ${l.destinationPlatform ?? "?"} ${l.destinationDomain ?? "?"}: ${l.available} of ${l.total} user licences available (${l.used} used${byProject}); expires ${l.expiresOn ?? "never"}.${LICENCE_HINT[l.state] ? ` ${LICENCE_HINT[l.state]}` : ""}`,
      };
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
      totalResults: z.number(),
      nextCursor: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
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
          return page;
        },
        (n) => ({ date: n.date, id: n.id }),
        search.pageSize,
        resumed?.at,
      );
      const notifications = result.items.map((n) => ({
        id: n.id,
        date: n.date,
        type: n.type,
        title: n.title,
        message: n.message,
        ...(n.isRead === undefined ? {} : { isRead: n.isRead }),
        configurationId: n.configurationId,
        projectId: n.projectId,
      }));
      const nextCursor = result.next ? encodeCursorState({ search, at: result.next }) : undefined;
      const lines = notifications.map(
        (n) =>
          `#${n.id} ${n.date} ${n.type}${n.isRead === false ? " (unread)" : ""}: ${n.title}. ${n.message}`,
      );
      return {
        structured: {
          notifications,
          ...(unreadCount === undefined ? {} : { unreadCount }),
          totalResults: result.totalResults,
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
    output: { updated: z.number(), unreadCount: z.number() },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      if ((args.notificationIds === undefined) === (args.all !== true))
        throw new ToolInputError("notificationIds, all: give either notificationIds or all: true, not both.");
      const result = await ctx.cloudm.admin.markNotificationsRead(
        args.all ? { markAll: true } : { notificationIds: args.notificationIds ?? [] },
        ctx.signal,
      );
      return {
        structured: { updated: result.updated, unreadCount: result.unreadCount },
        text: `Marked ${result.updated} notification(s) read; ${result.unreadCount} unread.`,
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
    output: { server: serverOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    preview: async (args, ctx) => {
      const servers = await ctx.cloudm.admin.listServers(ctx.signal);
      const server = servers.find((s) => s.machineName.toLowerCase() === args.machineName.toLowerCase());
      if (!server)
        throw new ToolInputError(
          `machineName: no migration server '${args.machineName}'; known: ${servers.map((s) => s.machineName).join(", ")}`,
        );
      const others = servers.filter((s) => s !== server && s.status !== "Offline").length;
      return {
        summary: `${args.action} ${server.machineName} (${server.status}, ${server.numberOfRunningTasks} running task(s))`,
        details: {
          effect: `${server.machineName} ${ACTION_EFFECT[args.action]}`,
          status: server.status,
          version: server.version,
          numberOfRunningTasks: server.numberOfRunningTasks,
          otherServersOnline: others,
        },
        // Task counts move on their own; whether it is busy, and its status, must not.
        stable: { status: server.status, version: server.version, busy: server.numberOfRunningTasks > 0 },
      };
    },
    handler: async (args, ctx) => {
      const server = serverView(
        await ctx.cloudm.admin.changeServerState(args.machineName, args.action, ctx.signal),
      );
      return { structured: { server }, text: `${args.action} done. ${serverLine(server)}` };
    },
  }),
];
