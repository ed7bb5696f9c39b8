/**
 * src/tools/admin.ts: query_audit_log over the audit trail the simulator records from real requests,
 * and the admin users (list, add, update, delete) with their confirmations and self-protection.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdminApi } from "../../src/api/cloudm/admin-api.js";
import { CloudMClient } from "../../src/api/cloudm/client.js";
import { AuthError, ConflictError, type ValidationError } from "../../src/api/errors.js";
import type { SimAdmin } from "../../src/simulator/cloudm/model.js";
import { answerNextWithoutBody, silentLogger } from "../helpers/cloudm.js";
import { startEdgeProxy } from "../helpers/edge-proxy.js";
import {
  accept,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  startInProcess,
  structuredOf,
  textOf,
} from "../helpers/in-process.js";

const HOUR = 3_600_000;

// Every test gets a fresh simulator: audit ids, user ids and admin lists are asserted exactly.
// The simulated clock stands still unless a test moves it, so every outcome is exact.
let env: InProcess;
const others: CloudMClient[] = [];
beforeEach(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"], simulator: { clockSpeed: 0 } });
});
afterEach(async () => {
  await Promise.all(others.splice(0).map((c) => c.close()));
  await env.close();
});

const demo = () => env.sim.demo!;
/** Another API client against the same simulator, signed in as someone else. */
function signIn(email: string, password: string): CloudMClient {
  const client = new CloudMClient({
    baseUrl: env.sim.url,
    logger: silentLogger,
    credentials: { kind: "password", email, password },
    retry: { maxRetries: 0 },
  });
  others.push(client);
  return client;
}
/** Gives an invited admin a password, as accepting the invitation would. */
function acceptInvitation(login: string, password: string): void {
  const admin = [...env.sim.state.admins, ...env.sim.state.inactiveAdmins].find((a) => a.email === login)!;
  admin.password = password;
  admin.passwordResetRequired = false;
}

type AuditOut = { entries: Array<{ auditId: string; userEmail: string; auditType: string; date: string }> };
type UserOut = {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  role: string;
  isActive: boolean;
};

describe("query_audit_log", () => {
  it("records real writes and sign-ins, and filters them by time, user and auditType, page by page", async () => {
    const client = await env.connect();
    const projectId = demo().projectId;
    const mappings = [{ sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" }];
    await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings });
    await callTool(client, "add_admin_user", {
      login: "olivia.ops@contoso.example",
      firstName: "Olivia",
      lastName: "Ops",
      role: "ProjectManager",
    });
    // Reads leave no trace.
    await callTool(client, "list_admin_users");
    const admin = "admin@contoso.example";
    expect(env.sim.state.audit.map((e) => [e.userEmail, e.auditType])).toEqual([
      [admin, "Login"],
      [admin, "DomainMappingReplaced"],
      [admin, "AdminUserAdded"],
    ]);
    expect(env.sim.state.audit[1]?.message).toContain(`projectId=${projectId}`);

    // An hour later, someone else signs in and changes something; a wrong password is recorded too.
    env.sim.clock.advance(HOUR);
    acceptInvitation("olivia.ops@contoso.example", "Olivia-Pass-1!");
    await new AdminApi(signIn("olivia.ops@contoso.example", "Olivia-Pass-1!")).markNotificationsRead({
      markAll: true,
    });
    const refused = await signIn("olivia.ops@contoso.example", "wrong")
      .profile()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthError);

    const byOlivia = structuredOf<AuditOut>(
      await callTool(client, "query_audit_log", { userEmail: "olivia.ops@contoso.example" }),
    );
    expect(byOlivia.entries.map((e) => e.auditType)).toEqual(["LoginFailed", "NotificationsRead", "Login"]);
    const recent = structuredOf<AuditOut>(
      await callTool(client, "query_audit_log", {
        from: new Date(env.sim.clock.now() - HOUR / 2).toISOString(),
      }),
    );
    expect(recent.entries.every((e) => e.userEmail === "olivia.ops@contoso.example")).toBe(true);
    const earlier = structuredOf<AuditOut>(
      await callTool(client, "query_audit_log", {
        to: new Date(env.sim.clock.now() - HOUR / 2).toISOString(),
      }),
    );
    expect(earlier.entries.map((e) => e.auditType)).toEqual([
      "AdminUserAdded",
      "DomainMappingReplaced",
      "Login",
    ]);
    const logins = structuredOf<AuditOut>(await callTool(client, "query_audit_log", { auditType: "login" }));
    expect(logins.entries.map((e) => e.userEmail)).toEqual(["olivia.ops@contoso.example", admin]);

    // Paging: a write between pages neither repeats nor skips an entry.
    const page1 = structuredOf<AuditOut & { totalResults: number; nextCursor?: string }>(
      await callTool(client, "query_audit_log", { pageSize: 4 }),
    );
    expect(page1.totalResults).toBe(6);
    expect(page1.nextCursor).toBeDefined();
    env.sim.clock.advance(1_000);
    await callTool(client, "mark_notifications_read", { all: true });
    const page2 = structuredOf<AuditOut & { nextCursor?: string }>(
      await callTool(client, "query_audit_log", { pageSize: 4, cursor: page1.nextCursor }),
    );
    expect(page2.nextCursor).toBeUndefined();
    const ids = [...page1.entries, ...page2.entries].map((e) => e.auditId);
    expect(ids).toEqual(["6", "5", "4", "3", "2", "1"]);
    expect(
      structuredOf<AuditOut>(await callTool(client, "query_audit_log", { pageSize: 1 })).entries[0]
        ?.auditType,
    ).toBe("NotificationsRead");
  });

  it("keeps the first page's filters on the pages its cursor opens", async () => {
    const client = await env.connect();
    for (const email of ["a@contoso.example", "b@contoso.example", "c@contoso.example"])
      await callTool(client, "add_admin_user", {
        login: email,
        firstName: "A",
        lastName: "B",
        role: "ReadOnly",
      });
    const first = structuredOf<AuditOut & { totalResults: number; nextCursor?: string }>(
      await callTool(client, "query_audit_log", { auditType: "AdminUserAdded", pageSize: 2 }),
    );
    expect(first.totalResults).toBe(3);
    const second = structuredOf<AuditOut & { totalResults: number }>(
      await callTool(client, "query_audit_log", { cursor: first.nextCursor }),
    );
    expect(second.totalResults).toBe(3);
    expect([...first.entries, ...second.entries].map((e) => e.auditType)).toEqual([
      "AdminUserAdded",
      "AdminUserAdded",
      "AdminUserAdded",
    ]);
  });

  it("names bad filters", async () => {
    const client = await env.connect();
    const from = await callTool(client, "query_audit_log", { from: "yesterday" });
    expect(from.isError).toBe(true);
    expect(textOf(from)).toContain("from:");
    const order = await callTool(client, "query_audit_log", {
      from: "2026-05-06T10:00:00Z",
      to: "2026-05-06T09:00:00Z",
    });
    expect(textOf(order)).toContain("from:");
    const cursor = await callTool(client, "query_audit_log", { cursor: "garbage" });
    expect(textOf(cursor)).toContain("cursor:");
    const upstream = await new AdminApi(env.cloudm)
      .queryAudit({ pageNumber: 1, pageSize: 10, to: "soon" })
      .catch((e: unknown) => e);
    expect((upstream as ValidationError).fieldErrors).toHaveProperty("to");
  });
});

describe("admin users", () => {
  it("lists every admin, inactive ones marked, 50 to a page", async () => {
    const client = await env.connect();
    const first = structuredOf<{ users: UserOut[]; nextCursor?: string }>(
      await callTool(client, "list_admin_users"),
    );
    expect(first.users).toEqual([
      {
        id: "usr-0001",
        login: "admin@contoso.example",
        firstName: "Demo",
        lastName: "Admin",
        role: "Admin",
        isActive: true,
      },
      {
        id: "usr-0002",
        login: "reset@contoso.example",
        firstName: "Pending",
        lastName: "Reset",
        role: "Admin",
        isActive: true,
      },
    ]);
    expect(first.nextCursor).toBeUndefined();
    expect(textOf(await callTool(client, "list_admin_users"))).toContain(
      'usr-0001 "Demo Admin" <admin@contoso.example> Admin',
    );

    // 50 more (one of them inactive) make 52: a full page, then the last two.
    for (let i = 0; i < 50; i++) {
      const admin: SimAdmin = {
        userId: `usr-${String(100 + i).padStart(4, "0")}`,
        userName: `User ${i}`,
        email: `user${i}@contoso.example`,
        role: "ReadOnly",
        password: "",
        passwordResetRequired: true,
      };
      (i === 49 ? env.sim.state.inactiveAdmins : env.sim.state.admins).push(admin);
    }
    const page1 = structuredOf<{ users: UserOut[]; nextCursor?: string }>(
      await callTool(client, "list_admin_users"),
    );
    expect(page1.users).toHaveLength(50);
    expect(page1.nextCursor).toBeDefined();
    const page2 = structuredOf<{ users: UserOut[]; nextCursor?: string }>(
      await callTool(client, "list_admin_users", { cursor: page1.nextCursor }),
    );
    expect(page2.nextCursor).toBeUndefined();
    expect(page2.users.map((u) => [u.id, u.isActive])).toEqual([
      ["usr-0148", true],
      ["usr-0149", false],
    ]);
    expect(new Set([...page1.users, ...page2.users].map((u) => u.id)).size).toBe(52);
  });

  it("adds, renames without asking, deactivates and deletes with confirmation; the deleted cannot sign in", async () => {
    const client = await env.connect();
    const login = "sam.support@contoso.example";
    const added = structuredOf<{ user: { id: string; isActive: boolean } }>(
      await callTool(client, "add_admin_user", {
        login,
        firstName: "Sam",
        lastName: "Support",
        role: "ReadOnly",
      }),
    );
    const id = added.user.id;
    expect(id).toBe("usr-0003");
    expect(env.sim.state.admins.map((a) => a.email)).toContain(login);
    acceptInvitation(login, "Sam-Pass-1!");
    await expect(signIn(login, "Sam-Pass-1!").profile()).resolves.toMatchObject({ email: login });

    // A name is cosmetic: no confirmation.
    const renamed = await callTool(client, "update_admin_user", { userId: id, lastName: "Smith" });
    expect(structuredOf(renamed)).toMatchObject({
      status: "done",
      user: { lastName: "Smith", role: "ReadOnly" },
    });

    const off = await confirmWithToken(client, "update_admin_user", { userId: id, isActive: false });
    expect(structuredOf(off)).toMatchObject({ status: "done", user: { isActive: false } });
    expect(env.sim.state.inactiveAdmins.map((a) => a.email)).toEqual([login]);
    await expect(signIn(login, "Sam-Pass-1!").profile()).rejects.toBeInstanceOf(AuthError);
    await confirmWithToken(client, "update_admin_user", {
      userId: id,
      isActive: true,
      role: "ProjectManager",
    });
    await expect(signIn(login, "Sam-Pass-1!").profile()).resolves.toMatchObject({ role: "ProjectManager" });

    // Deleting asks the human to type the login.
    const human = await env.connect("human", () => accept({ confirm: true, name: login }));
    const deleted = await callTool(human, "delete_admin_user", { userId: id });
    expect(structuredOf(deleted)).toMatchObject({ status: "done", deletedUserId: id });
    expect([...env.sim.state.admins, ...env.sim.state.inactiveAdmins].some((a) => a.email === login)).toBe(
      false,
    );
    await expect(signIn(login, "Sam-Pass-1!").profile()).rejects.toBeInstanceOf(AuthError);
    const users = structuredOf<{ users: Array<{ login: string }> }>(
      await callTool(client, "list_admin_users"),
    );
    expect(users.users.map((u) => u.login)).toEqual(["admin@contoso.example", "reset@contoso.example"]);
  });

  it("previews a role or isActive change, and a deletion, naming what changes", async () => {
    const client = await env.connect();
    const change = structuredOf<{
      status: string;
      preview: { summary: string; details: Record<string, string> };
    }>(
      await callTool(client, "update_admin_user", { userId: "usr-0002", role: "ReadOnly", isActive: false }),
    );
    expect(change.status).toBe("confirmation_required");
    expect(change.preview.summary).toContain("<reset@contoso.example>: 2 change(s)");
    expect(change.preview.details).toEqual({
      role: '"Admin" -> "ReadOnly"',
      isActive: "true -> false",
      effect: "They can no longer sign in.",
    });
    const deletion = structuredOf<{ status: string; preview: { summary: string } }>(
      await callTool(client, "delete_admin_user", { userId: "usr-0002" }),
    );
    expect(deletion.status).toBe("confirmation_required");
    expect(deletion.preview.summary).toContain('"Pending Reset" <reset@contoso.example> (Admin)');
    expect(env.sim.state.admins.map((a) => [a.userId, a.role])).toEqual([
      ["usr-0001", "Admin"],
      ["usr-0002", "Admin"],
    ]);
  });

  it("changes nothing when a deletion or role change is declined, or the typed name is wrong", async () => {
    const before = structuredClone(env.sim.state.admins);
    const decliner = await env.connect("decliner", () => decline());
    const declined = await callTool(decliner, "delete_admin_user", { userId: "usr-0002" });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    const demote = await callTool(decliner, "update_admin_user", { userId: "usr-0002", role: "ReadOnly" });
    expect(demote.structuredContent).toMatchObject({ status: "declined" });
    const mistyped = await env.connect("mistyped", () => accept({ confirm: true, name: "someone@else" }));
    expect(
      (await callTool(mistyped, "delete_admin_user", { userId: "usr-0002" })).structuredContent,
    ).toMatchObject({
      status: "declined",
    });
    expect(env.sim.state.admins).toEqual(before);
  });

  it("refuses deleting, deactivating or demoting the signed-in account, in the tool and upstream", async () => {
    const client = await env.connect();
    const self = await callTool(client, "delete_admin_user", { userId: "usr-0001" });
    expect(self.isError).toBe(true);
    expect(textOf(self)).toContain("is the account this server signs in as");
    const demote = await callTool(client, "update_admin_user", { userId: "usr-0001", role: "ReadOnly" });
    expect(textOf(demote)).toContain("is the account this server signs in as");
    // Straight at the API (as another client might), the simulator answers 409.
    const api = new AdminApi(env.cloudm);
    for (const attempt of [
      api.deleteUser("usr-0001"),
      api.updateUser("usr-0001", { role: "ReadOnly" }),
      api.updateUser("usr-0001", { isActive: false }),
    ]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toContain("your own account");
    }
    expect(env.sim.state.admins.find((a) => a.userId === "usr-0001")?.role).toBe("Admin");
  });

  it("names bad arguments", async () => {
    const client = await env.connect();
    const login = await callTool(client, "add_admin_user", {
      login: "not-an-email",
      firstName: "A",
      lastName: "B",
      role: "Admin",
    });
    expect(login.isError).toBe(true);
    expect(textOf(login)).toContain("login");
    const role = await callTool(client, "add_admin_user", {
      login: "a@contoso.example",
      firstName: "A",
      lastName: "B",
      role: "Owner",
    });
    expect(textOf(role)).toContain("role");
    const nothing = await callTool(client, "update_admin_user", { userId: "usr-0002" });
    expect(textOf(nothing)).toContain("firstName, lastName, role, isActive");
    const unknown = await callTool(client, "delete_admin_user", { userId: "usr-9999" });
    expect(textOf(unknown)).toContain("usr-9999");
    const duplicate = await callTool(client, "add_admin_user", {
      login: "ADMIN@contoso.example",
      firstName: "A",
      lastName: "B",
      role: "Admin",
    });
    expect(textOf(duplicate)).toContain("already exists");
    expect(env.sim.state.admins).toHaveLength(2);
  });
});

describe("admin user writes the instance answered 2xx without a body", () => {
  it("add_admin_user on a 201 with no body: added, its id found by listing, not sent twice", async () => {
    const client = await env.connect();
    answerNextWithoutBody(env.sim, "POST", "/api/AdminUser", 201);
    const result = await callTool(client, "add_admin_user", {
      login: "nina.new@contoso.example",
      firstName: "Nina",
      lastName: "New",
      role: "ReadOnly",
    });
    const out = structuredOf<{ user: UserOut; note: string }>(result);
    expect(out.user).toEqual({
      id: "usr-0003",
      login: "nina.new@contoso.example",
      firstName: "Nina",
      lastName: "New",
      role: "ReadOnly",
      isActive: true,
    });
    expect(out.note).toContain("was empty");
    expect(textOf(result)).toContain('Added usr-0003 "Nina New" <nina.new@contoso.example> ReadOnly');
    expect(textOf(result)).toContain("found by listing admin users");
    expect(env.sim.countRequests("POST /api/AdminUser")).toBe(1);
    expect(env.sim.state.admins.filter((a) => a.email === "nina.new@contoso.example")).toHaveLength(1);
  });

  it("update_admin_user on a 204: updated, the user as read back", async () => {
    const client = await env.connect();
    answerNextWithoutBody(env.sim, "PUT", "/api/AdminUser/", 204);
    const result = await callTool(client, "update_admin_user", { userId: "usr-0002", lastName: "Smith" });
    expect(structuredOf(result)).toMatchObject({
      status: "done",
      user: { id: "usr-0002", lastName: "Smith" },
    });
    expect(structuredOf(result)).not.toHaveProperty("notApplied");
    expect(textOf(result)).toContain('Updated usr-0002 "Pending Smith"');
    expect(env.sim.state.admins.find((a) => a.userId === "usr-0002")?.userName).toBe("Pending Smith");
  });

  it("update_admin_user says which value an instance that dropped it did not take", async () => {
    // An instance whose body binder does not know `role` drops it silently and saves the rest.
    const dropping = await startInProcess({
      argv: ["--toolsets", "all"],
      simulator: { clockSpeed: 0 },
      edge: (url) =>
        startEdgeProxy(url, [
          {
            method: "PUT",
            pathPrefix: "/api/AdminUser/",
            rewriteBody: (body) => ({ ...(body as Record<string, unknown>), role: undefined }),
          },
        ]),
    });
    try {
      const human = await dropping.connect("human", () => accept());
      const result = await callTool(human, "update_admin_user", {
        userId: "usr-0002",
        role: "ProjectManager",
        lastName: "Smith",
      });
      const out = structuredOf<{ status: string; notApplied: string[]; user: UserOut }>(result);
      expect(out.status).toBe("done");
      expect(out.user).toMatchObject({ lastName: "Smith", role: "Admin" });
      expect(out.notApplied).toEqual([{ setting: "role", asked: "ProjectManager", instanceHas: "Admin" }]);
      expect(textOf(result)).toContain(
        'Not applied (read back): role (asked "ProjectManager", it has "Admin")',
      );
    } finally {
      await dropping.close();
    }
  });
});
