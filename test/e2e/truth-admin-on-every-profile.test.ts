/**
 * The administration groups (audit log, admin users, licences, notifications, the server fleet) on
 * every simulator profile, each answer held against the simulator's own state: on `full` and `aspnet`
 * every tool works with no override file and every figure it reports is the simulator's; on `guide`,
 * which serves none of these routes, each says its route is missing and changes nothing. A real SDK
 * client, the real server, real HTTP to the simulator.
 */
import { describe, expect, it } from "vitest";
import { CURRENT_SERVICE_VERSION } from "../../src/simulator/cloudm/seed.js";
import { INSTANCES, same, truthSuite } from "../helpers/truth.js";

describe.each(INSTANCES)("on the $name profile", ({ simulator }) => {
  const { profile } = simulator;
  const suite = truthSuite(simulator);
  const { served, step } = suite;

  /** An admin user's id as the instance shows it: the aspnet profile shows the number, as an identity column would. */
  const adminId = (userId: string) =>
    profile === "aspnet" ? String(Number(/\d+$/.exec(userId)?.[0])) : userId;

  it("lists, adds, updates and deletes admin users as the simulator's admins are", async () => {
    const { env } = suite;
    const state = env.sim.state;
    const everyone = () => [
      ...state.admins.map((a) => ({ a, isActive: true })),
      ...state.inactiveAdmins.map((a) => ({ a, isActive: false })),
    ];
    const find = (id: unknown) => everyone().find((e) => adminId(e.a.userId) === id);
    const compare = (u: Record<string, unknown>) => {
      const truth = find(u.id);
      expect(truth, `a user the simulator does not hold: ${JSON.stringify(u)}`).toBeDefined();
      same(u.login, truth?.a.email, "login");
      same(u.role, truth?.a.role, "role");
      same(u.isActive, truth?.isActive, "isActive");
      if (u.firstName !== undefined || u.lastName !== undefined)
        expect([u.firstName, u.lastName].filter(Boolean).join(" ")).toBe(truth?.a.userName);
    };
    await step("list_admin_users", {}, (out) => {
      const users = out.users as Array<Record<string, unknown>>;
      expect(users.map((u) => u.id).sort()).toEqual(
        everyone()
          .map((e) => adminId(e.a.userId))
          .sort(),
      );
      users.forEach(compare);
    });
    const login = `truth-${profile}@contoso.example`;
    let userId = "usr-0002";
    await step("add_admin_user", { login, firstName: "Tru", lastName: "Th", role: "ReadOnly" }, (out) => {
      const added = everyone().find((e) => e.a.email === login);
      expect(added?.a).toMatchObject({ userName: "Tru Th", role: "ReadOnly" });
      userId = adminId(added?.a.userId ?? userId);
      expect(out.notApplied).toBeUndefined();
      const user = out.user as Record<string, unknown> | undefined;
      if (user !== undefined) compare(user);
    });
    await step("update_admin_user", { userId, lastName: "Thful", role: "ProjectManager" }, (out) => {
      expect(find(userId)?.a).toMatchObject({ userName: "Tru Thful", role: "ProjectManager" });
      expect(out.notApplied).toBeUndefined();
      expect(out.unverified).toBeUndefined();
      const user = out.user as Record<string, unknown> | undefined;
      if (user !== undefined) compare(user);
    });
    await step("delete_admin_user", { userId }, (out) => {
      expect(find(userId)).toBeUndefined();
      expect(out.deletedUserId).toBe(userId);
    });
  });

  it("reports the licence figures of the tenant the simulator holds", async () => {
    const { env, projectId } = suite;
    const state = env.sim.state;
    const project = state.projects.get(projectId);
    const source = state.connections.get(project?.sourceConnectionId ?? 0);
    const destination = state.connections.get(project?.destinationConnectionId ?? 0);
    await step("get_license", { projectId }, (out) => {
      // A year's licence for any platform and domain, 500 seats, none used yet: Valid.
      expect(out.state).toBe("Valid");
      expect(out).toMatchObject({
        total: state.limits.licenceCount,
        used: state.licensedUsers.size,
        available: state.licencesAvailable,
      });
      expect(out.notReported).toBeUndefined();
      if (out.expiresOn !== undefined)
        expect(Date.parse(String(out.expiresOn))).toBe(state.licence.expiresOn);
      same(out.destinationDomain, destination?.settings.domainName, "destinationDomain");
      same(out.destinationPlatform, destination?.platform, "destinationPlatform");
      for (const p of (out.platforms ?? []) as Array<Record<string, unknown>>) {
        same(p.source, source?.platform, "platforms.source");
        same(p.destination, destination?.platform, "platforms.destination");
        same(p.isExpired, false, "platforms.isExpired");
        same(p.licenseType, "User", "platforms.licenseType");
        if (p.expiresOn !== undefined) expect(Date.parse(String(p.expiresOn))).toBe(state.licence.expiresOn);
      }
    });
  });

  it("lists notifications and marks one read as the simulator records it", async () => {
    const { env, projectId, configurationId } = suite;
    const state = env.sim.state;
    const at = env.sim.clock.now();
    for (const [i, type] of (["Success", "Warning"] as const).entries())
      state.notifications.push({
        id: state.notifications.length + 1,
        date: at - (2 - i) * 60_000,
        title: `Run ${i + 1} done`,
        type,
        message: `Run ${i + 1} of batch 'Wave 1 - Sales' completed.`,
        configurationId,
        projectId,
        isRead: false,
      });
    const unread = () => state.notifications.filter((n) => !n.isRead).length;
    let target = 1;
    await step("list_notifications", {}, (out) => {
      const listed = out.notifications as Array<Record<string, unknown>>;
      expect(listed).toHaveLength(state.notifications.length);
      same(out.unreadCount, unread(), "unreadCount");
      same(out.totalResults, state.notifications.length, "totalResults");
      for (const n of listed) {
        const truth = state.notifications.find((t) => t.id === n.id);
        expect(truth, `a notification the simulator did not raise: ${JSON.stringify(n)}`).toBeDefined();
        expect(n.type).toBe(truth?.type);
        same(n.title, truth?.title, "title");
        same(n.isRead, truth?.isRead, "isRead");
        same(n.configurationId, truth?.configurationId, "configurationId");
      }
      target = Number(listed[0]?.id ?? target);
    });
    await step("mark_notifications_read", { notificationIds: [target] }, (out) => {
      expect(state.notifications.find((n) => n.id === target)?.isRead).toBe(true);
      same(out.updated, 1, "updated");
      same(out.unreadCount, unread(), "unreadCount");
    });
  });

  it("lists migration servers and changes one's state as the simulator's fleet is", async () => {
    const { env } = suite;
    const servers = env.sim.state.servers;
    const status = (name: unknown) => {
      const s = servers.get(String(name));
      if (!s) return undefined;
      if (s.state === "Stopped") return "Offline";
      if (s.version !== CURRENT_SERVICE_VERSION) return "VersionDoesNotMatch";
      return s.state === "Draining" ? "Warn" : "Ok";
    };
    const runningOn = (name: string) =>
      [...env.sim.state.batches.values()]
        .flatMap((b) => b.run.running.map((id) => b.items.get(id)))
        .filter((item) => item?.server === name).length;
    const compare = (s: Record<string, unknown>) => {
      const truth = servers.get(String(s.machineName));
      expect(truth, `a server the simulator does not run: ${JSON.stringify(s)}`).toBeDefined();
      expect(s.status).toBe(status(s.machineName));
      same(s.version, truth?.version, "version");
      same(s.acceptingTasks, truth?.state === "Running", "acceptingTasks");
      same(s.numberOfRunningTasks, runningOn(String(s.machineName)), "numberOfRunningTasks");
    };
    await step("list_migration_servers", {}, (out) => {
      const listed = out.servers as Array<Record<string, unknown>>;
      expect(listed.map((s) => s.machineName).sort()).toEqual([...servers.keys()].sort());
      listed.forEach(compare);
    });
    await step("change_migration_server_state", { machineName: "MIGSVR-01", action: "Drain" }, (out) => {
      expect(servers.get("MIGSVR-01")?.state).toBe("Draining");
      const server = out.server as Record<string, unknown> | undefined;
      if (server !== undefined) compare(server);
    });
    if (!served) expect(servers.get("MIGSVR-01")?.state).toBe("Running");
  });

  it("reads the audit log the simulator keeps, the writes above in it", async () => {
    const { env } = suite;
    const audit = env.sim.state.audit;
    expect(audit.length).toBeGreaterThan(0);
    await step("query_audit_log", { pageSize: 100 }, (out) => {
      const entries = out.entries as Array<Record<string, unknown>>;
      // The newest first, exactly the simulator's: sign-in and every write this suite made.
      const newest = [...audit].sort((x, y) => y.date - x.date || y.auditId - x.auditId).slice(0, 100);
      expect(entries.map((e) => e.auditId)).toEqual(newest.map((a) => String(a.auditId)));
      same(out.totalResults, audit.length, "totalResults");
      for (const e of entries) {
        const truth = audit.find((a) => String(a.auditId) === e.auditId);
        expect(truth, `an entry the simulator did not write: ${JSON.stringify(e)}`).toBeDefined();
        same(e.auditType, truth?.auditType, "auditType");
        same(e.userEmail, truth?.userEmail, "userEmail");
        same(e.message, truth?.message, "message");
        if (e.date !== undefined) expect(instant(String(e.date)), "date").toBe(toShown(e.date, truth?.date));
      }
    });
    // Filtered, the total is the filter's: a DataTables answer counts every entry in iTotalRecords.
    const type = audit.find((a) => a.auditType !== "Login")?.auditType ?? "Login";
    await step("query_audit_log", { auditType: type, pageSize: 100 }, (out) => {
      const matching = audit.filter((a) => a.auditType === type);
      expect(matching.length).toBeLessThan(audit.length);
      expect((out.entries as unknown[]).length).toBe(matching.length);
      same(out.totalResults, matching.length, "totalResults");
    });
  });
});

/** A date an answer gave, as an instant: ISO 8601, or CloudM's display text `yyyy-MM-dd HH:mm:ss` in UTC. */
function instant(shown: string): number {
  return Date.parse(/[zZ]$|[+-]\d\d:?\d\d$/.test(shown) ? shown : `${shown.replace(" ", "T")}Z`);
}

/** The simulator's instant as precisely as the answer wrote it (display text drops the milliseconds). */
function toShown(shown: unknown, ms: number | undefined): number | undefined {
  if (ms === undefined) return undefined;
  return /\.\d/.test(String(shown)) ? ms : Math.floor(ms / 1000) * 1000;
}
