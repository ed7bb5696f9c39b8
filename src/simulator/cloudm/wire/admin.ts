/**
 * Administration (api/AdminUser, api/AdminAudit, api/License): admin users and the bodies that add and
 * change them, audit entries, and a project's licence, with the facts file's fields and states.
 */
import { z } from "zod";
import { pageOf } from "./paging.js";

const isoDate = z.string();

// ---------------------------------------------------------------- admin users

/** This instance's roles, most rights first (the facts file names a role field, not its values). */
export const ADMIN_ROLES = ["Admin", "ProjectManager", "ReadOnly"] as const;

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

// no password: the new admin is invited to set one
export const addAdminUserRequest = z.strictObject({
  login: z.email(),
  firstName: personName,
  lastName: personName,
  role: z.enum(ADMIN_ROLES),
});

// only the fields sent change
export const updateAdminUserRequest = z.strictObject({
  firstName: personName.optional(),
  lastName: personName.optional(),
  role: z.enum(ADMIN_ROLES).optional(),
  isActive: z.boolean().optional(),
});

// ---------------------------------------------------------------- audit log

const auditEntry = z.looseObject({
  auditId: z.union([z.number(), z.string()]),
  userEmail: z.string(),
  date: isoDate,
  auditType: z.string(),
  message: z.string(),
  ipAddress: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
});
export const auditPage = pageOf(auditEntry);

// ---------------------------------------------------------------- licences

export type LicenceState =
  "Valid" | "Expired" | "NotValidForCurrentPlatform" | "InvalidDomain" | "NotFoundOnServer";

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
