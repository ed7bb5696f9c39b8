/**
 * The audit log and the admin users, however the instance shapes them: CloudM's own `AuditModel`
 * (`auditId`, `userEmail`, `dateFormatted` …) and `UserAdminModel` (`id`, `role`, `firstName`,
 * `lastName`, `login`, `isActive`) first, then the names the full simulator answers with. Ids may be
 * numbers; lists may come bare or in any page envelope. What an answer does not give is undefined.
 */
import { readBareId } from "./read-group.js";
import { field, isListShaped, isObject, readBoolean, readId, readList, readString } from "./read-values.js";

// ---------------------------------------------------------------- audit log

export interface AuditEntryRecord {
  auditId: string | undefined;
  userEmail: string | undefined;
  /** As the instance wrote it: ISO 8601 from `date`, else CloudM's display text `dateFormatted`. */
  date: string | undefined;
  auditType: string | undefined;
  message: string | undefined;
  ipAddress: string | undefined;
  userAgent: string | undefined;
}

export function readAuditEntry(raw: unknown): AuditEntryRecord | undefined {
  if (!isObject(raw)) return undefined;
  return {
    auditId: readId(field(raw, ["auditId", "id", "auditLogId"])),
    userEmail: readString(field(raw, ["userEmail", "email", "user", "userName"])),
    date: readString(field(raw, ["date", "createdOn", "timestamp", "dateTime", "dateFormatted"])),
    auditType: readString(field(raw, ["auditType", "type", "action", "eventType"])),
    message: readString(field(raw, ["message", "description", "details"])),
    ipAddress: readString(field(raw, ["ipAddress", "ip", "clientIp"])),
    userAgent: readString(field(raw, ["userAgent"])),
  };
}

export interface AuditPageRecord {
  entries: AuditEntryRecord[];
  total: number | undefined;
  totalPages: number | undefined;
}

/** A page of the audit log; undefined when the answer holds no list at all. */
export function readAuditPage(raw: unknown): AuditPageRecord | undefined {
  const names = ["audits", "entries", "auditLogs"];
  if (!isListShaped(raw, names)) return undefined;
  const list = readList(raw, names);
  return {
    entries: list.items.map(readAuditEntry).filter((e): e is AuditEntryRecord => e !== undefined),
    total: list.total,
    totalPages: list.totalPages,
  };
}

// ---------------------------------------------------------------- admin users

export interface AdminUserRecord {
  /** A string here even when the instance numbers its users. */
  id: string | undefined;
  login: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  role: string | undefined;
  isActive: boolean | undefined;
}

const USER_ID_FIELDS = ["id", "userId", "adminUserId", "userAdminId"] as const;

/** An admin user, or a create answer that is only the new id; undefined when neither id nor login is there. */
export function readAdminUser(raw: unknown): AdminUserRecord | undefined {
  const id = isObject(raw) ? readId(field(raw, USER_ID_FIELDS)) : readBareId(raw);
  const login = readString(field(raw, ["login", "email", "userEmail", "userName", "username"]));
  if (id === undefined && login === undefined) return undefined;
  return {
    id,
    login,
    firstName: readString(field(raw, ["firstName", "givenName"])),
    lastName: readString(field(raw, ["lastName", "surname", "familyName"])),
    role: readString(field(raw, ["role", "roleName", "userRole"])),
    isActive: readBoolean(field(raw, ["isActive", "active", "enabled", "isEnabled"])),
  };
}

/** Every admin user a list answer holds; undefined when it holds no list at all. */
export function readAdminUsers(raw: unknown): AdminUserRecord[] | undefined {
  const names = ["users", "adminUsers"];
  if (!isListShaped(raw, names)) return undefined;
  return readList(raw, names)
    .items.map(readAdminUser)
    .filter((u): u is AdminUserRecord => u !== undefined);
}
