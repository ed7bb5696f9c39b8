/**
 * The admin group's records as its tools show them: an audit entry and its line; an admin user, its
 * name, login and line; and a change to one in words, for the confirmation.
 */
import { z } from "zod";
import type { ADMIN_ROLES, AdminUserRecord, AuditEntryRecord } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted, quoted, quotedJson } from "../api/quoted.js";
import { defined, orNotReported } from "../views/reported.js";

// Every field optional: an instance's audit model may carry fewer than ours; absent is "not reported".
export const auditEntryOut = z.object({
  auditId: z.string().optional(),
  date: z.string().optional(),
  userEmail: z.string().optional(),
  auditType: z.string().optional(),
  message: z.string().optional(),
  ipAddress: z.string().optional(),
  userAgent: z.string().optional(),
});

export const auditLine = (e: AuditEntryRecord) =>
  `${orNotReported(e.date, "(date not reported)", plainOrQuoted)} ${orNotReported(e.userEmail, "(user not reported)", plainOrQuoted)} ${orNotReported(e.auditType, "(type not reported)", plainOrQuoted)}: ${orNotReported(e.message, "(no message)", quoted)}`;

// Every field optional: what the instance did not say is left out, not filled in.
export const userOut = z.object({
  id: z.string().optional(),
  login: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  role: z.string().optional(),
  isActive: z.boolean().optional(),
});

export const userView = (u: AdminUserRecord): z.infer<typeof userOut> =>
  defined({
    id: u.id,
    login: u.login,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
    isActive: u.isActive,
  });
export const fullName = (u: AdminUserRecord) =>
  orNotReported(
    [u.firstName, u.lastName].filter(Boolean).join(" ") || undefined,
    "(name not reported)",
    quoted,
  );
/** `<ann@contoso.example>`; when the instance did not report the login, the id the caller gave, if any. */
export const loginOf = (u: AdminUserRecord, givenId?: string) =>
  `<${orNotReported(u.login ?? givenId, "login not reported", plainOrQuoted)}>`;
export const userLine = (u: AdminUserRecord) =>
  `${orNotReported(u.id, "(id not reported)", plainOrQuoted)} ${fullName(u)} ${loginOf(u)} ${orNotReported(u.role, "(role not reported)", plainOrQuoted)}${u.isActive === false ? " (inactive)" : u.isActive === undefined ? " (whether active not reported)" : ""}`;

type UserChange = {
  firstName?: string;
  lastName?: string;
  role?: (typeof ADMIN_ROLES)[number];
  isActive?: boolean;
};

export function changesOf(current: AdminUserRecord, change: UserChange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["firstName", "lastName", "role", "isActive"] as const) {
    const value = change[key];
    if (value !== undefined && value !== current[key])
      out[key] = `${orNotReported(current[key], "not reported", quotedJson)} -> ${quotedJson(value)}`;
  }
  return out;
}
