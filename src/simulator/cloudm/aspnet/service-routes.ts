/**
 * Notifications (api/Notification: CloudM's `GetNotificationsResult`, mark-as-read 204) and the
 * migration service fleet (api/ServiceManager: `RemoteConnectionModel` rows, change-server-state 202)
 * as kebab-case actions.
 */
import { z } from "zod";
import { parseJsonBody } from "../../problems.js";
import type { CloudMContext } from "../context.js";
import { accepted, noContent, ok, translatedProblem } from "./answers.js";
import { boolQuery, enumInput } from "./bodies.js";
import { enumText, enumValue } from "./enums.js";
import { allPages, callFull, forward, writeFull } from "./full.js";
import { fullNotificationPage, fullServers } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action } from "./operation.js";
import { ITEMS_QUERY, itemsWindow } from "./paging.js";

const markBody = z.object({
  ids: z.array(z.number().int().positive()).nullish(),
  markAllAsRead: z.boolean().nullish(),
});
const serverBody = z.object({ machineName: z.string(), action: enumInput("ServerAction") });

function failedUsers(ctx: CloudMContext): number {
  let count = 0;
  for (const batch of ctx.state.batches.values())
    for (const item of batch.items.values()) if (item.state === "Failed") count++;
  return count;
}

/** When each machine last started an item, across every batch. */
function lastStarts(ctx: CloudMContext): Map<string, number> {
  const last = new Map<string, number>();
  for (const batch of ctx.state.batches.values())
    for (const item of batch.items.values())
      if (item.server !== null && item.startTime !== null)
        last.set(item.server, Math.max(last.get(item.server) ?? 0, item.startTime));
  return last;
}

function notificationRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const list = full.handler("GET", "/api/Notification");
  const mark = full.handler("POST", "/api/Notification/mark-read");
  return [
    action(
      "GET",
      "/api/Notification/get-notifications",
      {
        operationId: "Notification_GetNotifications",
        summary: "Notifications, newest first, and how many users have failed across all batches",
        query: [
          { name: "unreadOnly", type: "boolean", description: "true for unread ones only (default false)" },
          ...ITEMS_QUERY,
        ],
        reply: { status: 200, description: "The notifications", envelope: "GetNotificationsResult" },
      },
      async (request) => {
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        const unreadOnly = boolQuery(request.query, "unreadOnly", false);
        if (!unreadOnly.ok) return unreadOnly.response;
        const all = await allPages(
          list,
          request,
          { unreadOnly: String(unreadOnly.value) },
          fullNotificationPage,
          (page) => page,
        );
        if (!all.ok) return all.response;
        const { skip, take } = window.value;
        return ok({
          notifications: all.value
            .slice(skip, skip + take)
            .map((n) => ({ ...n, type: enumValue("NotificationType", n.type) })),
          totalFailedUsersCount: failedUsers(ctx),
          totalNotificationsCount: all.value.length,
        });
      },
    ),
    action(
      "POST",
      "/api/Notification/mark-as-read",
      {
        operationId: "Notification_MarkAsRead",
        summary: "Mark notifications read: those in ids, or all with markAllAsRead",
        body: { schema: "MarkNotificationsAsReadParameters" },
        reply: { status: 204, description: "Marked" },
        problems: [404],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], markBody);
        if (!parsed.ok) return parsed.response;
        const { ids, markAllAsRead } = parsed.value;
        const json = {
          ...(ids == null ? {} : { notificationIds: ids }),
          ...(markAllAsRead == null ? {} : { markAll: markAllAsRead }),
        };
        const done = await writeFull(mark, forward(request, { json }));
        return done.ok
          ? noContent()
          : translatedProblem(done.response, { notificationIds: "ids", markAll: "markAllAsRead" });
      },
    ),
  ];
}

function fleetRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const list = full.handler("GET", "/api/ServiceManager");
  const change = full.handler("POST", "/api/ServiceManager/change-state");
  return [
    action(
      "GET",
      "/api/ServiceManager/get-servers",
      {
        operationId: "ServiceManager_GetServers",
        summary: "The migration servers: status, version, uptime and running tasks",
        reply: { status: 200, description: "The servers", envelope: "RemoteConnectionModelList" },
      },
      async (request) => {
        const answer = await callFull(list, request, fullServers);
        if (!answer.ok) return answer.response;
        const last = lastStarts(ctx);
        return ok(
          answer.value.map((s) => {
            const started = last.get(s.machineName);
            return {
              machineName: s.machineName,
              status: enumValue("RemoteConnectionStatus", s.status),
              version: s.version,
              uptime: s.uptime,
              numberOfRunningTasks: s.numberOfRunningTasks,
              lastMigrationStartTimeUtc: started === undefined ? null : new Date(started).toISOString(),
            };
          }),
        );
      },
    ),
    action(
      "POST",
      "/api/ServiceManager/change-server-state",
      {
        operationId: "ServiceManager_ChangeServerState",
        summary: "Start, stop, restart or drain a migration server; 409 when it is busy or already stopped",
        body: { schema: "ChangeServerStateParameters" },
        reply: { status: 202, description: "Accepted (no body)" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], serverBody);
        if (!parsed.ok) return parsed.response;
        const json = {
          machineName: parsed.value.machineName,
          action: enumText("ServerAction", parsed.value.action),
        };
        const done = await writeFull(change, forward(request, { json }));
        return done.ok ? accepted() : done.response;
      },
    ),
  ];
}

export function serviceRoutes(deps: AspnetDeps): AspnetRoute[] {
  return [...notificationRoutes(deps), ...fleetRoutes(deps)];
}
