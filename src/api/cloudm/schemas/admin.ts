/**
 * Administration: the audit log (api/AdminAudit), admin users (api/AdminUser), licences (api/License),
 * notifications (api/Notification) and the migration service fleet (api/ServiceManager). The guide
 * names these groups only; every path and shape below follows the facts file where it has one.
 * The answer shapes are the full simulator's (its /openapi/v1.json shows them); the client does not
 * require them: it reads answers with read-admin.ts and read-service.ts.
 */
import { z } from "zod";

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

// ---------------------------------------------------------------- admin users

// assumed: not in the guide (the facts file names a role field, not its values)
export const ADMIN_ROLES = ["Admin", "ProjectManager", "ReadOnly"] as const;
type AdminRole = (typeof ADMIN_ROLES)[number];

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

// assumed: not in the guide (POST /api/Notification/mark-read: some ids, or all)
export interface MarkNotificationsReadRequest {
  notificationIds?: number[];
  markAll?: boolean;
}

// ---------------------------------------------------------------- migration service fleet

// assumed: not in the guide (the actions api/ServiceManager takes)
export const SERVER_ACTIONS = ["Start", "Stop", "Restart", "Drain"] as const;
export type ServerAction = (typeof SERVER_ACTIONS)[number];
