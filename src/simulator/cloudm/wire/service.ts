/**
 * Notifications (api/Notification) and the migration service fleet (api/ServiceManager): the pages
 * and views this instance answers with and the bodies that mark notifications read or act on a server.
 */
import { z } from "zod";
import { pageOf } from "./paging.js";

// ---------------------------------------------------------------- notifications

// the facts file's fields, plus isRead
const notification = z.looseObject({
  id: z.number(),
  date: z.string(),
  title: z.string(),
  type: z.string(),
  message: z.string(),
  configurationId: z.string().nullable(),
  projectId: z.string().nullable(),
  isRead: z.boolean().optional(),
});
export const notificationPage = pageOf(notification).extend({ unreadCount: z.number().optional() });

// some ids, or all
export const markNotificationsReadRequest = z.strictObject({
  notificationIds: z.array(z.number().int().positive()).min(1).max(1_000).optional(),
  markAll: z.boolean().optional(),
});
export const markNotificationsReadResult = z.looseObject({ updated: z.number(), unreadCount: z.number() });

// ---------------------------------------------------------------- migration service fleet

// uptime as a .NET TimeSpan "d.hh:mm:ss" or in seconds
export const migrationServer = z.looseObject({
  machineName: z.string(),
  status: z.string(),
  version: z.string(),
  uptime: z.union([z.string(), z.number()]),
  numberOfRunningTasks: z.number(),
  acceptingTasks: z.boolean().optional(),
});
export const migrationServerList = z.array(migrationServer);

export const changeServerStateRequest = z.strictObject({
  machineName: z.string().min(1).max(100),
  action: z.enum(["Start", "Stop", "Restart", "Drain"]),
});
