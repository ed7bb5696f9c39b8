/**
 * Administration: the audit log (api/AdminAudit), admin users (api/AdminUser), licences (api/License),
 * notifications (api/Notification) and the migration service fleet (api/ServiceManager). The guide
 * names these groups only; every path and shape below follows the facts file where it has one.
 * The answer shapes are the full simulator's (its /openapi/v1.json shows them); the client does not
 * require them: it reads answers with read-admin.ts and read-service.ts.
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
export const auditPage = pageOf(auditEntry);

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
export const adminUserList = z.array(adminUser);

const personName = z.string().trim().min(1).max(100);

// assumed: not in the guide (POST /api/AdminUser; no password: the new admin is invited to set one)
export const addAdminUserRequest = z.strictObject({
  login: z.email(),
  firstName: personName,
  lastName: personName,
  role: z.enum(ADMIN_ROLES),
});
export type AddAdminUserRequest = z.infer<typeof addAdminUserRequest>;

// assumed: not in the guide (PUT /api/AdminUser/{id}: only the fields sent change)
export const updateAdminUserRequest = z.strictObject({
  firstName: personName.optional(),
  lastName: personName.optional(),
  role: z.enum(ADMIN_ROLES).optional(),
  isActive: z.boolean().optional(),
});
export type UpdateAdminUserRequest = z.infer<typeof updateAdminUserRequest>;

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
// assumed: not in the guide (GET /api/Notification?unreadOnly=&pageNumber=&pageSize=)
export const notificationPage = pageOf(notification).extend({ unreadCount: z.number().optional() });

// assumed: not in the guide (POST /api/Notification/mark-read: some ids, or all)
export const markNotificationsReadRequest = z.strictObject({
  notificationIds: z.array(z.number().int().positive()).min(1).max(1_000).optional(),
  markAll: z.boolean().optional(),
});
export type MarkNotificationsReadRequest = z.infer<typeof markNotificationsReadRequest>;
export const markNotificationsReadResult = z.looseObject({ updated: z.number(), unreadCount: z.number() });

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
export const migrationServerList = z.array(migrationServer);

// assumed: not in the guide (POST /api/ServiceManager/change-state)
export const changeServerStateRequest = z.strictObject({
  machineName: z.string().min(1).max(100),
  action: z.enum(SERVER_ACTIONS),
});
export type ChangeServerStateRequest = z.infer<typeof changeServerStateRequest>;
