/**
 * The tenant's admin users: finding, adding, changing and removing them, under the rule that a tenant
 * keeps an active Admin and nobody takes admin rights from themselves.
 */
import type { SimAdmin } from "./model.js";
import type { CloudMState } from "./state.js";
import { ADMIN_ROLES } from "./wire/admin.js";

const TOP_ROLE = ADMIN_ROLES[0];

/** Why a change to the admin users is refused; the message is for the caller. */
export class AdminConflict extends Error {}

export interface FoundAdmin {
  admin: SimAdmin;
  isActive: boolean;
}

export function findAdmin(state: CloudMState, id: string): FoundAdmin | undefined {
  const wanted = id.toLowerCase();
  const active = state.admins.find((a) => a.userId.toLowerCase() === wanted);
  if (active) return { admin: active, isActive: true };
  const inactive = state.inactiveAdmins.find((a) => a.userId.toLowerCase() === wanted);
  return inactive ? { admin: inactive, isActive: false } : undefined;
}

/**
 * Refuses taking admin rights from yourself (`actorId`) or from the last active Admin: a tenant must
 * keep one.
 */
function guardAdminRights(
  state: CloudMState,
  actorId: string | undefined,
  target: SimAdmin,
  verb: string,
): void {
  if (actorId === target.userId)
    throw new AdminConflict(
      `You cannot ${verb} your own account (${target.email}); ask another Admin to do it`,
    );
  const otherAdmins = state.admins.filter((a) => a.role === TOP_ROLE && a.userId !== target.userId);
  if (target.role === TOP_ROLE && otherAdmins.length === 0)
    throw new AdminConflict(
      `${target.email} is the last active ${TOP_ROLE}; make another user ${TOP_ROLE} first`,
    );
}

function nextUserId(state: CloudMState): string {
  const numbers = [...state.admins, ...state.inactiveAdmins].map((a) =>
    Number(/(\d+)$/.exec(a.userId)?.[1] ?? 0),
  );
  return `usr-${String(Math.max(0, ...numbers) + 1).padStart(4, "0")}`;
}

/** Adds an active admin invited to set a password; throws AdminConflict when the login is taken. */
export function addAdmin(
  state: CloudMState,
  fields: { login: string; firstName: string; lastName: string; role: string },
): SimAdmin {
  const { login, firstName, lastName, role } = fields;
  const taken = [...state.admins, ...state.inactiveAdmins].find(
    (a) => a.email.toLowerCase() === login.toLowerCase(),
  );
  if (taken)
    throw new AdminConflict(`An admin user with login '${login}' already exists (id ${taken.userId})`);
  const admin: SimAdmin = {
    userId: nextUserId(state),
    userName: `${firstName} ${lastName}`,
    email: login,
    role,
    // No password until the invitation is accepted, so the account cannot sign in yet.
    password: "",
    passwordResetRequired: true,
  };
  state.admins.push(admin);
  return admin;
}

/** Changes the fields sent and answers whether the admin is active after; throws AdminConflict as guarded. */
export function updateAdmin(
  state: CloudMState,
  found: FoundAdmin,
  change: { firstName?: string; lastName?: string; role?: string; isActive?: boolean },
  actorId: string | undefined,
): boolean {
  const { admin } = found;
  const losesRights =
    (found.isActive && change.isActive === false) ||
    (admin.role === TOP_ROLE && change.role !== undefined && change.role !== TOP_ROLE);
  if (losesRights)
    guardAdminRights(state, actorId, admin, change.isActive === false ? "deactivate" : "demote");
  const [firstName = "", ...rest] = admin.userName.split(" ");
  admin.userName = `${change.firstName ?? firstName} ${change.lastName ?? rest.join(" ")}`;
  if (change.role) admin.role = change.role;
  const isActive = change.isActive ?? found.isActive;
  if (isActive !== found.isActive) {
    const [from, to] = isActive ? [state.inactiveAdmins, state.admins] : [state.admins, state.inactiveAdmins];
    from.splice(from.indexOf(admin), 1);
    to.push(admin);
  }
  return isActive;
}

/** Removes an admin; throws AdminConflict when that would take the rights guarded above. */
export function removeAdmin(state: CloudMState, found: FoundAdmin, actorId: string | undefined): void {
  if (found.isActive) guardAdminRights(state, actorId, found.admin, "delete");
  const list = found.isActive ? state.admins : state.inactiveAdmins;
  list.splice(list.indexOf(found.admin), 1);
}
