/**
 * In-app notifications (api/Notification) and the migration service fleet (api/ServiceManager). Both
 * report on runs, so each request first brings every batch up to the simulated now.
 */
import type { Route } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { derivedRandom } from "../random.js";
import type { CloudMContext } from "./context.js";
import { advance } from "./engine.js";
import type { SimServer } from "./model.js";
import { flag, pageBody, pageRequest } from "./paging.js";
import { CURRENT_SERVICE_VERSION } from "./seed.js";
import { takesWork } from "./servers.js";
import { iso } from "./views.js";
import {
  changeServerStateRequest,
  markNotificationsReadRequest,
  markNotificationsReadResult,
  migrationServer,
  migrationServerList,
  notificationPage,
} from "./wire/service.js";

const DAY_MS = 24 * 3_600_000;

function advanceAll(ctx: CloudMContext): void {
  const now = ctx.clock.now();
  for (const batch of ctx.state.batches.values()) advance(ctx.state, batch, now);
}

// ---------------------------------------------------------------- notifications

function notificationRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  const unread = () => state.notifications.filter((n) => !n.isRead).length;
  return [
    {
      method: "GET",
      pattern: "/api/Notification",
      authenticated: true,
      doc: {
        summary: "Notifications, newest first",
        response: notificationPage,
        query: { unreadOnly: "true | false", pageNumber: "from 1", pageSize: "1-100, default 25" },
      },
      handler: (request) => {
        const page = pageRequest(request.query);
        if (!("pageNumber" in page)) return page;
        const unreadOnly = flag(request.query, "unreadOnly", false);
        if (typeof unreadOnly !== "boolean") return unreadOnly;
        advanceAll(ctx);
        const matching = state.notifications
          .filter((n) => !unreadOnly || !n.isRead)
          .sort((a, b) => b.date - a.date || b.id - a.id)
          .map((n) => ({ ...n, date: iso(n.date) }));
        return { status: 200, body: { ...pageBody(matching, page), unreadCount: unread() } };
      },
    },
    {
      method: "POST",
      pattern: "/api/Notification/mark-read",
      authenticated: true,
      doc: {
        summary: "Mark notifications read: some by id, or all",
        body: markNotificationsReadRequest,
        response: markNotificationsReadResult,
      },
      handler: (request) => {
        const parsed = parseJsonBody(
          request.body,
          request.headers["content-type"],
          markNotificationsReadRequest,
        );
        if (!parsed.ok) return parsed.response;
        const { notificationIds, markAll } = parsed.value;
        if ((notificationIds === undefined) === (markAll !== true)) {
          const message = "Send either notificationIds or markAll: true, not both and not neither";
          return problem(400, message, { notificationIds: [message], markAll: [message] });
        }
        const targets = markAll
          ? state.notifications
          : (notificationIds ?? []).map((id) => state.notifications.find((n) => n.id === id));
        const missing = (notificationIds ?? []).filter((_id, i) => targets[i] === undefined);
        if (missing.length > 0) {
          return problem(404, `No notification with id ${missing.join(", ")}`, {
            notificationIds: [`Unknown: ${missing.join(", ")}`],
          });
        }
        let updated = 0;
        for (const n of targets) {
          if (n && !n.isRead) {
            n.isRead = true;
            updated++;
          }
        }
        return { status: 200, body: { updated, unreadCount: unread() } };
      },
    },
  ];
}

// ---------------------------------------------------------------- service fleet

/** A .NET TimeSpan as JSON writes it: `[d.]hh:mm:ss`. */
function timeSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3_600))}:${pad(Math.floor((total % 3_600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

function runningTasks(ctx: CloudMContext, machineName: string): number {
  let count = 0;
  for (const batch of ctx.state.batches.values()) {
    for (const id of batch.run.running) if (batch.items.get(id)?.server === machineName) count++;
  }
  return count;
}

function serverView(ctx: CloudMContext, server: SimServer) {
  const status =
    server.state === "Stopped"
      ? "Offline"
      : server.version !== CURRENT_SERVICE_VERSION
        ? "VersionDoesNotMatch"
        : server.state === "Draining"
          ? "Warn"
          : "Ok";
  return {
    machineName: server.machineName,
    status,
    version: server.version,
    uptime: server.state === "Stopped" ? timeSpan(0) : timeSpan(ctx.clock.now() - (server.bootedAt ?? 0)),
    numberOfRunningTasks: runningTasks(ctx, server.machineName),
    acceptingTasks: takesWork(server),
  };
}

function fleetRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  const now = ctx.clock.now();
  // Up for a few days before the simulator started, the same few days for the same seed.
  for (const server of state.servers.values()) {
    const random = derivedRandom(state.seed, "boot", server.machineName);
    server.bootedAt ??= now - Math.round((2 + random() * 18) * DAY_MS);
  }
  return [
    {
      method: "GET",
      pattern: "/api/ServiceManager",
      authenticated: true,
      doc: { summary: "The migration servers and their running tasks", response: migrationServerList },
      handler: () => {
        advanceAll(ctx);
        return { status: 200, body: [...state.servers.values()].map((s) => serverView(ctx, s)) };
      },
    },
    {
      method: "POST",
      pattern: "/api/ServiceManager/change-state",
      authenticated: true,
      doc: {
        summary: "Start, stop, restart or drain a migration server",
        body: changeServerStateRequest,
        response: migrationServer,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], changeServerStateRequest);
        if (!parsed.ok) return parsed.response;
        const { machineName, action } = parsed.value;
        const server = [...state.servers.values()].find(
          (s) => s.machineName.toLowerCase() === machineName.toLowerCase(),
        );
        if (!server) {
          return problem(404, `No migration server '${machineName}'`, {
            machineName: [`Known: ${[...state.servers.keys()].join(", ")}`],
          });
        }
        // Settle every run under the fleet as it was, so the change applies from now on only.
        advanceAll(ctx);
        const at = ctx.clock.now();
        const tasks = runningTasks(ctx, server.machineName);
        const busy = () =>
          problem(
            409,
            `${server.machineName} is running ${tasks} task(s); Drain it and wait until numberOfRunningTasks is 0, or stop those batches first`,
          );
        switch (action) {
          case "Start":
            if (server.state === "Stopped") server.bootedAt = at;
            server.state = "Running";
            break;
          case "Drain":
            if (server.state === "Stopped")
              return problem(409, `${server.machineName} is stopped; nothing to drain`);
            if (server.state === "Running") server.state = "Draining";
            break;
          case "Stop":
            if (tasks > 0) return busy();
            server.state = "Stopped";
            break;
          case "Restart":
            if (server.state === "Stopped")
              return problem(409, `${server.machineName} is stopped; Start it instead`);
            if (tasks > 0) return busy();
            // A restart picks up the installed update.
            server.version = CURRENT_SERVICE_VERSION;
            server.bootedAt = at;
            server.state = "Running";
            break;
        }
        // Items that waited for a server start now, if this one takes work again.
        advanceAll(ctx);
        return { status: 200, body: serverView(ctx, server) };
      },
    },
  ];
}

export function serviceRoutes(ctx: CloudMContext): Route[] {
  return [...notificationRoutes(ctx), ...fleetRoutes(ctx)];
}
