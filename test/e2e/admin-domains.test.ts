/**
 * The domains and admin toolsets through real MCP clients against the simulator: domain replacement,
 * the audit log the simulator records from real requests, admin users, licences, notifications raised
 * by real runs, and the migration server fleet.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { AdminApi } from "../../src/api/cloudm/admin-api.js";
import { CloudMClient } from "../../src/api/cloudm/client.js";
import { DomainReplacementApi } from "../../src/api/cloudm/domains-api.js";
import { type ApiError, AuthError, ConflictError, ValidationError } from "../../src/api/errors.js";
import type { CloudMSimulatorOptions } from "../../src/simulator/cloudm/server.js";
import {
  accept,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";
import { silentLogger } from "../helpers/cloudm.js";

const HOUR = 3_600_000;

let env: InProcess;
const others: CloudMClient[] = [];
afterEach(async () => {
  await Promise.all(others.splice(0).map((c) => c.close()));
  await env.close();
});

/** The simulated clock stands still unless a test moves it, so every outcome is exact. */
async function start(simulator: CloudMSimulatorOptions = {}): Promise<InProcess> {
  env = await startInProcess({ argv: ["--toolsets", "all"], simulator: { clockSpeed: 0, ...simulator } });
  return env;
}
const demo = () => env.sim.demo!;
const data = <T>(result: CallToolResult): T => {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
};
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

type Mapping = { sourceDomain: string; destinationDomain: string };
type AuditOut = { entries: Array<{ auditId: string; userEmail: string; auditType: string; date: string }> };
type ServerOut = { machineName: string; status: string; numberOfRunningTasks: number; version: string };

describe("domains toolset", () => {
  it("replaces a project's mapping after confirmation, previewing added, removed and changed rows", async () => {
    await start();
    const client = await env.connect();
    const projectId = demo().projectId;
    expect(
      data<{ mappings: Mapping[] }>(await callTool(client, "get_domain_mapping", { projectId })),
    ).toEqual({
      projectId,
      mappings: [],
    });

    const first = [
      { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
      { sourceDomain: "Sales.Contoso.example", destinationDomain: "fabrikam.example" },
    ];
    const saved = await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings: first });
    expect(data(saved)).toMatchObject({ status: "done", mappingCount: 2, added: 2, removed: 0, changed: 0 });
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual([
      { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
      { sourceDomain: "sales.contoso.example", destinationDomain: "fabrikam.example" },
    ]);

    const next = [
      { sourceDomain: "contoso.example", destinationDomain: "northwind.example" },
      { sourceDomain: "legacy.example", destinationDomain: "fabrikam.example" },
    ];
    const preview = data<{ status: string; preview: { details: Record<string, unknown> } }>(
      await callTool(client, "replace_domain_mapping", { projectId, mappings: next }),
    );
    expect(preview.status).toBe("confirmation_required");
    expect(preview.preview.details).toEqual({
      added: ["legacy.example -> fabrikam.example"],
      removed: ["sales.contoso.example -> fabrikam.example"],
      changed: ["contoso.example: fabrikam.example -> northwind.example"],
      unchanged: 0,
    });
    await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings: next });
    const got = data<{ mappings: Mapping[] }>(await callTool(client, "get_domain_mapping", { projectId }));
    expect(got.mappings).toEqual(next);

    await confirmWithToken(client, "replace_domain_mapping", { projectId, mappings: [] });
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual([]);
  });

  it("changes nothing when the replacement is declined", async () => {
    await start();
    const projectId = demo().projectId;
    const mappings = [{ sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" }];
    await confirmWithToken(await env.connect(), "replace_domain_mapping", { projectId, mappings });
    const human = await env.connect("human", () => decline());
    const result = await callTool(human, "replace_domain_mapping", { projectId, mappings: [] });
    expect(result.structuredContent).toMatchObject({ status: "declined" });
    expect(env.sim.state.domainMappings.get(projectId)?.mappings).toEqual(mappings);
  });

  it("names the bad mapping in the tool and the bad row upstream", async () => {
    await start();
    const client = await env.connect();
    const projectId = demo().projectId;
    const bad = await callTool(client, "replace_domain_mapping", {
      projectId,
      mappings: [
        { sourceDomain: "contoso.example", destinationDomain: "fabrikam.example" },
        { sourceDomain: "CONTOSO.example", destinationDomain: "user@fabrikam" },
      ],
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain("mappings[1].destinationDomain");
    expect(textOf(bad)).toContain(
      "mappings[1].sourceDomain: 'contoso.example' is already mapped by mappings[0]",
    );
    const missing = await callTool(client, "get_domain_mapping", { projectId: "not-a-project" });
    expect(missing.isError).toBe(true);
    expect(env.sim.state.domainMappings.size).toBe(0);

    // The simulator checks the CSV itself, naming each bad row (file line) and changing nothing.
    const api = new DomainReplacementApi(env.cloudm);
    const csv =
      "SourceDomain,DestinationDomain\na.example,b.example\nnot a domain,b.example\na.example,c.example\nx.example\n";
    const error = await api.uploadCsv(projectId, csv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["row 3", "row 4", "row 5"]);
    expect((error as ValidationError).fieldErrors["row 4"]?.[0]).toContain("already mapped on row 2");
    const header = await api.uploadCsv(projectId, "Source,Destination\n").catch((e: unknown) => e);
    expect((header as ValidationError).fieldErrors).toHaveProperty("row 1");
    expect(env.sim.state.domainMappings.size).toBe(0);
  });
});

describe("audit log", () => {
  it("records real writes and sign-ins, and filters them by time, user and auditType, page by page", async () => {
    await start();
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

    const byOlivia = data<AuditOut>(
      await callTool(client, "query_audit_log", { userEmail: "olivia.ops@contoso.example" }),
    );
    expect(byOlivia.entries.map((e) => e.auditType)).toEqual(["LoginFailed", "NotificationsRead", "Login"]);
    const recent = data<AuditOut>(
      await callTool(client, "query_audit_log", {
        from: new Date(env.sim.clock.now() - HOUR / 2).toISOString(),
      }),
    );
    expect(recent.entries.every((e) => e.userEmail === "olivia.ops@contoso.example")).toBe(true);
    const earlier = data<AuditOut>(
      await callTool(client, "query_audit_log", {
        to: new Date(env.sim.clock.now() - HOUR / 2).toISOString(),
      }),
    );
    expect(earlier.entries.map((e) => e.auditType)).toEqual([
      "AdminUserAdded",
      "DomainMappingReplaced",
      "Login",
    ]);
    const logins = data<AuditOut>(await callTool(client, "query_audit_log", { auditType: "login" }));
    expect(logins.entries.map((e) => e.userEmail)).toEqual(["olivia.ops@contoso.example", admin]);

    // Paging: a write between pages neither repeats nor skips an entry.
    const page1 = data<AuditOut & { totalResults: number; nextCursor?: string }>(
      await callTool(client, "query_audit_log", { pageSize: 4 }),
    );
    expect(page1.totalResults).toBe(6);
    expect(page1.nextCursor).toBeDefined();
    env.sim.clock.advance(1_000);
    await callTool(client, "mark_notifications_read", { all: true });
    const page2 = data<AuditOut & { nextCursor?: string }>(
      await callTool(client, "query_audit_log", { pageSize: 4, cursor: page1.nextCursor }),
    );
    expect(page2.nextCursor).toBeUndefined();
    const ids = [...page1.entries, ...page2.entries].map((e) => e.auditId);
    expect(ids).toEqual(["6", "5", "4", "3", "2", "1"]);
    expect(
      data<AuditOut>(await callTool(client, "query_audit_log", { pageSize: 1 })).entries[0]?.auditType,
    ).toBe("NotificationsRead");
  });

  it("names bad filters", async () => {
    await start();
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
  it("adds, renames without asking, deactivates and deletes with confirmation; the deleted cannot sign in", async () => {
    await start();
    const client = await env.connect();
    const login = "sam.support@contoso.example";
    const added = data<{ user: { id: string; isActive: boolean } }>(
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
    expect(data(renamed)).toMatchObject({ status: "done", user: { lastName: "Smith", role: "ReadOnly" } });

    const off = await confirmWithToken(client, "update_admin_user", { userId: id, isActive: false });
    expect(data(off)).toMatchObject({ status: "done", user: { isActive: false } });
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
    expect(data(deleted)).toMatchObject({ status: "done", deletedUserId: id });
    expect([...env.sim.state.admins, ...env.sim.state.inactiveAdmins].some((a) => a.email === login)).toBe(
      false,
    );
    await expect(signIn(login, "Sam-Pass-1!").profile()).rejects.toBeInstanceOf(AuthError);
    const users = data<{ users: Array<{ login: string }> }>(await callTool(client, "list_admin_users"));
    expect(users.users.map((u) => u.login)).toEqual(["admin@contoso.example", "reset@contoso.example"]);
  });

  it("changes nothing when a deletion or role change is declined, or the typed name is wrong", async () => {
    await start();
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
    await start();
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
    await start();
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

describe("licences", () => {
  it("reports the pool and the project's use, moving as a run consumes licences", async () => {
    await start({ licenceCount: 40 });
    const client = await env.connect();
    const projectId = demo().projectId;
    const before = data(await callTool(client, "get_license", { projectId }));
    expect(before).toMatchObject({
      state: "Valid",
      total: 40,
      used: 0,
      available: 40,
      usedByProject: 0,
      destinationDomain: "fabrikam.example",
      destinationPlatform: "GoogleWorkspace",
    });
    const started = await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    expect(data(started)).toMatchObject({ status: "done" });
    const after = data(await callTool(client, "get_license", { projectId }));
    expect(after).toMatchObject({ used: 30, available: 10, usedByProject: 30 });

    env.sim.state.licence.domains = ["other.example"];
    expect(data(await callTool(client, "get_license", { projectId }))).toMatchObject({
      state: "InvalidDomain",
    });
    env.sim.state.licence.domains = null;
    env.sim.state.licence.platforms = ["Microsoft365"];
    expect(data(await callTool(client, "get_license", { projectId }))).toMatchObject({
      state: "NotValidForCurrentPlatform",
    });
    env.sim.state.licence.platforms = null;
    env.sim.clock.advance(366 * 24 * HOUR);
    const expired = await callTool(client, "get_license", { projectId });
    expect(data(expired)).toMatchObject({ state: "Expired" });
    expect(textOf(expired)).toContain("Renew");
  });

  it("names an unknown project", async () => {
    await start();
    const result = await callTool(await env.connect(), "get_license", { projectId: "nope" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("nope");
  });
});

describe("notifications", () => {
  type Listed = {
    notifications: Array<{ id: number; type: string; title: string; configurationId: string | null }>;
    unreadCount: number;
  };

  it("raises one when a run completes and one when a run is stopped; marks them read", async () => {
    await start();
    const client = await env.connect();
    const configurationId = demo().configurationId;
    expect(data<Listed>(await callTool(client, "list_notifications")).notifications).toEqual([]);
    await confirmWithToken(client, "start_migration", { configurationId, mode: "StartMigration" });
    env.sim.clock.advance(24 * HOUR);
    const done = data<Listed>(await callTool(client, "list_notifications"));
    expect(done.notifications).toHaveLength(1);
    const [completed] = done.notifications;
    // Seed 42 fails a few users, so the run completes with problems.
    expect(completed).toMatchObject({
      type: "Warning",
      title: "Migration completed with problems",
      configurationId,
    });
    expect(env.sim.state.batches.get(configurationId)?.run.state).toBe("Completed");

    await confirmWithToken(client, "start_migration", { configurationId, mode: "StartMigration" });
    env.sim.clock.advance(2_500);
    await confirmWithToken(client, "stop_migration", { configurationId });
    const both = data<Listed>(await callTool(client, "list_notifications", { unreadOnly: true }));
    expect(both.notifications.map((n) => [n.type, n.title])).toEqual([
      ["Info", "Migration stopped"],
      ["Warning", "Migration completed with problems"],
    ]);
    expect(both.unreadCount).toBe(2);

    const marked = data(
      await callTool(client, "mark_notifications_read", { notificationIds: [completed!.id] }),
    );
    expect(marked).toEqual({ updated: 1, unreadCount: 1 });
    const unread = data<Listed>(
      await callTool(client, "list_notifications", { unreadOnly: true, pageSize: 1 }),
    );
    expect(unread.notifications.map((n) => n.title)).toEqual(["Migration stopped"]);
    expect(data(await callTool(client, "mark_notifications_read", { all: true }))).toEqual({
      updated: 1,
      unreadCount: 0,
    });
  });

  it("raises an Error when the volume cap stops a run", async () => {
    await start({ volumeCapBytes: 200_000_000 });
    const client = await env.connect();
    await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    env.sim.clock.advance(24 * HOUR);
    const listed = data<Listed>(await callTool(client, "list_notifications"));
    expect(listed.notifications.map((n) => [n.type, n.title])).toEqual([["Error", "Volume cap reached"]]);
  });

  it("names bad arguments", async () => {
    await start();
    const client = await env.connect();
    const neither = await callTool(client, "mark_notifications_read", {});
    expect(neither.isError).toBe(true);
    expect(textOf(neither)).toContain("notificationIds");
    const unknown = await callTool(client, "mark_notifications_read", { notificationIds: [42] });
    expect(textOf(unknown)).toContain("42");
    const cursor = await callTool(client, "list_notifications", { cursor: "x" });
    expect(textOf(cursor)).toContain("cursor");
  });
});

describe("migration server fleet", () => {
  const servers = async (client: Awaited<ReturnType<InProcess["connect"]>>) =>
    data<{ servers: ServerOut[] }>(await callTool(client, "list_migration_servers")).servers;

  it("counts running items per server, holds items back while every server drains, and restarts to update", async () => {
    await start();
    const client = await env.connect();
    const configurationId = demo().configurationId;
    expect((await servers(client)).map((s) => [s.machineName, s.status, s.numberOfRunningTasks])).toEqual([
      ["MIGSVR-01", "Ok", 0],
      ["MIGSVR-02", "Ok", 0],
      ["MIGSVR-03", "VersionDoesNotMatch", 0],
    ]);
    await confirmWithToken(client, "start_migration", { configurationId, mode: "StartMigration" });
    env.sim.clock.advance(2_500);
    const busy = await servers(client);
    const batch = env.sim.state.batches.get(configurationId)!;
    for (const s of busy) {
      const running = batch.run.running.filter((id) => batch.items.get(id)?.server === s.machineName).length;
      expect(s.numberOfRunningTasks, s.machineName).toBe(running);
    }
    expect(busy.reduce((n, s) => n + s.numberOfRunningTasks, 0)).toBe(10);

    const refused = await confirmWithToken(client, "change_migration_server_state", {
      machineName: "MIGSVR-01",
      action: "Stop",
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("Drain");

    for (const machineName of ["MIGSVR-01", "MIGSVR-02", "MIGSVR-03"]) {
      const drained = await confirmWithToken(client, "change_migration_server_state", {
        machineName,
        action: "Drain",
      });
      expect(data(drained)).toMatchObject({ status: "done", server: { acceptingTasks: false } });
    }
    env.sim.clock.advance(24 * HOUR);
    const idle = await servers(client);
    expect(idle.map((s) => s.numberOfRunningTasks)).toEqual([0, 0, 0]);
    expect(idle.map((s) => s.status)).toEqual(["Warn", "Warn", "VersionDoesNotMatch"]);
    // Nothing runs, nothing new starts: the rest of the batch waits for a server.
    expect(batch.run.state).toBe("Running");
    expect(batch.run.running).toEqual([]);
    const waiting = batch.run.queue.length;
    expect(waiting).toBeGreaterThan(0);
    expect([...batch.items.values()].filter((i) => i.state === "Waiting")).toHaveLength(waiting);

    await confirmWithToken(client, "change_migration_server_state", {
      machineName: "MIGSVR-02",
      action: "Start",
    });
    const resumed = await servers(client);
    expect(resumed.map((s) => s.numberOfRunningTasks)).toEqual([0, Math.min(10, waiting), 0]);

    const restarted = await confirmWithToken(client, "change_migration_server_state", {
      machineName: "migsvr-03",
      action: "Restart",
    });
    expect(data(restarted)).toMatchObject({
      server: { machineName: "MIGSVR-03", status: "Ok", uptime: "00:00:00" },
    });
    env.sim.clock.advance(24 * HOUR);
    await servers(client);
    expect(batch.run.state).toBe("Completed");
  });

  it("changes nothing when a state change is declined", async () => {
    await start();
    const before = structuredClone([...env.sim.state.servers.values()]);
    const human = await env.connect("human", () => decline());
    const result = await callTool(human, "change_migration_server_state", {
      machineName: "MIGSVR-02",
      action: "Stop",
    });
    expect(result.structuredContent).toMatchObject({ status: "declined" });
    expect([...env.sim.state.servers.values()]).toEqual(before);
  });

  it("names bad arguments", async () => {
    await start();
    const client = await env.connect();
    const unknown = await callTool(client, "change_migration_server_state", {
      machineName: "MIGSVR-09",
      action: "Stop",
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain("machineName");
    expect(textOf(unknown)).toContain("MIGSVR-01");
    const action = await callTool(client, "change_migration_server_state", {
      machineName: "MIGSVR-01",
      action: "Reboot",
    });
    expect(textOf(action)).toContain("action");
    const upstream = await new AdminApi(env.cloudm)
      .changeServerState("MIGSVR-09", "Drain")
      .catch((e: unknown) => e);
    expect((upstream as ApiError).status).toBe(404);
  });
});
