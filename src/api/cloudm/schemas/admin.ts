/**
 * Administration: the audit log (api/AdminAudit), admin users (api/AdminUser), licences (api/License),
 * notifications (api/Notification) and the migration service fleet (api/ServiceManager). The guide
 * names these groups only; every path and shape below follows the facts file where it has one.
 */
import { z } from "zod";
import { pageOf } from "./core.js";

const isoDate = z.string();

// ---------------------------------------------------------------- audit log

// assumed: not in the guide (query parameters of GET /api/AdminAudit; dates are ISO 8601, inclusive)
export interface AuditQuery {
  from?: string;
  to?: string;
  userEmail?: string;
  auditType?: string;
  pageNumber: number;
  pageSize: number;
}

// assumed: not in the guide (fields from the facts file)
export const auditEntry = z.looseObject({
  auditId: z.union([z.number(), z.string()]),
  userEmail: z.string(),
  date: isoDate,
  auditType: z.string(),
  message: z.string(),
  ipAddress: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditPage = pageOf(auditEntry);
export type AuditPage = z.infer<typeof auditPage>;

// ---------------------------------------------------------------- admin users

// assumed: not in the guide (the facts file names a role field, not its values)
export const ADMIN_ROLES = ["Admin", "ProjectManager", "ReadOnly"] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

// assumed: not in the guide (fields from the facts file)
export const adminUser = z.looseObject({
  id: z.string(),
  role: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  login: z.string(),
  isActive: z.boolean(),
});
export type AdminUser = z.infer<typeof adminUser>;
export const adminUserList = z.array(adminUser);

// assumed: not in the guide (POST /api/AdminUser; no password: the new admin is invited to set one)
export interface AddAdminUserRequest {
  login: string;
  firstName: string;
  lastName: string;
  role: AdminRole;
}

// assumed: not in the guide (PUT /api/AdminUser/{id}: only the fields sent change)
export interface UpdateAdminUserRequest {
  firstName?: string;
  lastName?: string;
  role?: AdminRole;
  isActive?: boolean;
}

// ---------------------------------------------------------------- licences

export const LICENCE_STATES = [
  "Valid",
  "Expired",
  "NotValidForCurrentPlatform",
  "InvalidDomain",
  "NotFoundOnServer",
] as const;

// assumed: not in the guide (GET /api/License/{projectId}; the states are the facts file's)
export const licence = z.looseObject({
  projectId: z.string(),
  state: z.string(),
  total: z.number(),
  used: z.number(),
  available: z.number(),
  usedByProject: z.number().optional(),
  expiresOn: isoDate.nullable(),
  destinationDomain: z.string().nullable(),
  destinationPlatform: z.string().nullable(),
});
export type Licence = z.infer<typeof licence>;

// ---------------------------------------------------------------- notifications

// assumed: not in the guide (fields from the facts file, plus isRead)
export const notification = z.looseObject({
  id: z.number(),
  date: isoDate,
  title: z.string(),
  type: z.string(),
  message: z.string(),
  configurationId: z.string().nullable(),
  projectId: z.string().nullable(),
  isRead: z.boolean().optional(),
});
export type Notification = z.infer<typeof notification>;
// assumed: not in the guide (GET /api/Notification?unreadOnly=&pageNumber=&pageSize=)
export const notificationPage = pageOf(notification).extend({ unreadCount: z.number().optional() });
export type NotificationPage = z.infer<typeof notificationPage>;

// assumed: not in the guide (POST /api/Notification/mark-read: some ids, or all)
export interface MarkNotificationsReadRequest {
  notificationIds?: number[];
  markAll?: boolean;
}
export const markNotificationsReadResult = z.looseObject({ updated: z.number(), unreadCount: z.number() });
export type MarkNotificationsReadResult = z.infer<typeof markNotificationsReadResult>;

// ---------------------------------------------------------------- migration service fleet

// assumed: not in the guide (the actions api/ServiceManager takes)
export const SERVER_ACTIONS = ["Start", "Stop", "Restart", "Drain"] as const;
export type ServerAction = (typeof SERVER_ACTIONS)[number];

// assumed: not in the guide (fields from the facts file; uptime may be a .NET TimeSpan "d.hh:mm:ss" or seconds)
export const migrationServer = z.looseObject({
  machineName: z.string(),
  status: z.string(),
  version: z.string(),
  uptime: z.union([z.string(), z.number()]),
  numberOfRunningTasks: z.number(),
  acceptingTasks: z.boolean().optional(),
});
export type MigrationServer = z.infer<typeof migrationServer>;
export const migrationServerList = z.array(migrationServer);
