/**
 * The aspnet profile's other groups over plain HTTP: kebab-case actions of the guide's controllers
 * with ids in the query or the body, DataTables and `{ items, totalCount }` pages, integer enums,
 * 201/202/204 answers; the full profile's paths for them answer 404 with no body, as ASP.NET routing
 * does. Each write is checked in the simulator's state, each answer against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudMSimulator } from "../../src/simulator/cloudm/server.js";
import {
  conforms,
  enumName,
  expectEmpty,
  http,
  loadDocument,
  type OpenApiDocument,
  type Reply,
  type Send,
  signIn,
  startAspnet,
} from "../helpers/aspnet.js";

let sim: CloudMSimulator;
let token: string;
let doc: OpenApiDocument;
let projectId: string;
let configurationId: string;

beforeAll(async () => {
  sim = await startAspnet({ tenant: "demo" });
  token = await signIn(sim);
  doc = await loadDocument(sim);
  ({ projectId, configurationId } = sim.demo!);
});
afterAll(async () => {
  await sim.close();
});

/** Sends to a route and checks the answer against the document; `path` defaults to the route's pattern. */
async function call(
  method: string,
  pattern: string,
  send: Omit<Send, "token"> = {},
  path = pattern,
): Promise<{ reply: Reply; value: unknown }> {
  const reply = await http(sim, method, path, { token, ...send });
  return { reply, value: conforms(doc, method, pattern, reply) };
}

describe("aspnet profile: the full profile's paths of these groups are not served", () => {
  it.each([
    ["GET", "/api/ConnectionsProject"],
    ["GET", "/api/ConnectionsProject/{projectId}"],
    ["PUT", "/api/ConnectionsProject/{projectId}/rename"],
    ["POST", "/api/ConnectionsProject/{projectId}/archive"],
    ["DELETE", "/api/ConnectionsProject/{projectId}"],
    ["GET", "/api/ConnectionBatches?projectId={projectId}"],
    ["GET", "/api/ConnectionBatches/{configurationId}"],
    ["GET", "/api/ScheduleMigration"],
    ["POST", "/api/EnvironmentScan/start"],
    ["GET", "/api/EnvironmentScan/status?projectId={projectId}"],
    ["POST", "/api/MigrationReadiness/start"],
    ["GET", "/api/DomainReplacement/{projectId}"],
    ["GET", "/api/AdminAudit"],
    ["GET", "/api/AdminUser"],
    ["GET", "/api/AdminUser/usr-0001"],
    ["GET", "/api/License/{projectId}"],
    ["GET", "/api/Notification"],
    ["POST", "/api/Notification/mark-read"],
    ["GET", "/api/ServiceManager"],
  ])("%s %s answers an empty 404", async (method, template) => {
    const path = template.replace("{projectId}", projectId).replace("{configurationId}", configurationId);
    expectEmpty(
      await http(sim, method, path, { token, ...(method === "GET" ? {} : { json: { projectId } }) }),
      404,
    );
  });
});

describe("aspnet profile: projects and batches", () => {
  it("pages projects as DataTables and reads, renames, archives, restores and deletes them by body", async () => {
    const page = await call(
      "GET",
      "/api/ConnectionsProject/get-projects",
      {},
      "/api/ConnectionsProject/get-projects?sEcho=7",
    );
    expect(page.value).toMatchObject({
      iTotalRecords: 1,
      iTotalDisplayRecords: 1,
      sEcho: "7",
      aaData: [{ projectId }],
    });
    const one = await call(
      "GET",
      "/api/ConnectionsProject/get-project",
      {},
      `/api/ConnectionsProject/get-project?projectId=${projectId}`,
    );
    expect(one.value).toMatchObject({ projectId, isArchived: false });

    expectEmpty(
      (
        await call("POST", "/api/ConnectionsProject/rename-project", {
          json: { projectId, newName: "Renamed" },
        })
      ).reply,
      204,
    );
    expect(sim.state.projects.get(projectId)?.name).toBe("Renamed");
    const bad = await call("POST", "/api/ConnectionsProject/rename-project", {
      json: { projectId, name: "Old name field" },
    });
    expect(bad.reply.status).toBe(400);
    expect(Object.keys((bad.value as { errors: object }).errors)).toEqual(["newName"]);

    expectEmpty(
      (await call("POST", "/api/ConnectionsProject/archive-project", { json: { projectId } })).reply,
      204,
    );
    expect(sim.state.projects.get(projectId)?.isArchived).toBe(true);
    const hidden = await call("GET", "/api/ConnectionsProject/get-projects");
    expect(hidden.value).toMatchObject({ iTotalRecords: 1, iTotalDisplayRecords: 0, aaData: [] });
    expectEmpty(
      (await call("POST", "/api/ConnectionsProject/restore-project", { json: { projectId } })).reply,
      204,
    );
    expect(sim.state.projects.get(projectId)?.isArchived).toBe(false);

    const { sourceConnectionId, destinationConnectionId } = sim.demo!;
    const other = await call("POST", "/api/ConnectionsProject/create-project", {
      json: { name: "To delete", sourceConnectionId, destinationConnectionId },
    });
    const otherId = (other.value as { projectId: string }).projectId;
    expectEmpty(
      (await call("POST", "/api/ConnectionsProject/delete-project", { json: { projectId: otherId } })).reply,
      204,
    );
    expect(sim.state.projects.has(otherId)).toBe(false);
    const gone = await call("POST", "/api/ConnectionsProject/delete-project", {
      json: { projectId: otherId },
    });
    expect(gone.reply.status).toBe(404);
  });

  it("pages a project's batches as items/totalCount with an integer run state", async () => {
    const page = await call(
      "GET",
      "/api/ConnectionBatches/get-connection-batches",
      {},
      `/api/ConnectionBatches/get-connection-batches?projectId=${projectId}&take=5`,
    );
    const batches = page.value as {
      items: Array<{ configurationId: string; migrationProcessState: number; migrationItemsCount: number }>;
      totalCount: number;
    };
    const truth = [...sim.state.batches.values()].filter((b) => b.projectId === projectId);
    expect(batches.totalCount).toBe(truth.length);
    for (const batch of truth) {
      const row = batches.items.find((b) => b.configurationId === batch.configurationId);
      expect(row, batch.batchName).toMatchObject({ migrationItemsCount: batch.items.size });
      expect(enumName(doc, "MigrationProcessState", row!.migrationProcessState)).toBe(batch.run.state);
    }
    const wave1 = batches.items.find((b) => b.configurationId === configurationId);
    expect(wave1).toMatchObject({ migrationItemsCount: 30 });
    expect(enumName(doc, "MigrationProcessState", wave1!.migrationProcessState)).toBe("None");
    const one = await call(
      "GET",
      "/api/ConnectionBatches/get-connection-batch",
      {},
      `/api/ConnectionBatches/get-connection-batch?configurationId=${configurationId}`,
    );
    expect(one.value).toMatchObject({ configurationId, batchName: "Wave 1 - Sales" });
    const missing = await call(
      "GET",
      "/api/ConnectionBatches/get-connection-batch",
      {},
      "/api/ConnectionBatches/get-connection-batch",
    );
    expect(missing.reply.status).toBe(400);
  });
});

describe("aspnet profile: schedules, scans and readiness", () => {
  it("schedules with integer enums (201), lists, reads and cancels (204)", async () => {
    const scheduledOn = new Date(sim.clock.now() + 86_400_000).toISOString();
    const created = await call("POST", "/api/ScheduleMigration/schedule-migration", {
      json: {
        configurationId,
        scheduleType: 0,
        scheduledOn,
        repeatType: 2,
        completedConfigurationId: null,
        migrationMode: null,
      },
    });
    expect(created.reply.status).toBe(201);
    const schedule = created.value as {
      scheduleId: string;
      scheduleType: number;
      repeatType: number;
      scheduleStatus: number;
      isScheduled: boolean;
      itemCount: number;
    };
    expect(enumName(doc, "ScheduleType", schedule.scheduleType)).toBe("DateTime");
    expect(enumName(doc, "ScheduleRepeatType", schedule.repeatType)).toBe("Daily");
    expect(schedule).toMatchObject({ isScheduled: true, itemCount: 30, readyForScheduling: true });
    expect(created.reply.headers.get("location")).toBe(
      `/api/ScheduleMigration/get-schedule?scheduleId=${schedule.scheduleId}`,
    );
    const list = await call(
      "GET",
      "/api/ScheduleMigration/get-schedules",
      {},
      `/api/ScheduleMigration/get-schedules?configurationId=${configurationId}`,
    );
    expect(list.value).toMatchObject({ totalCount: 1, items: [{ scheduleId: schedule.scheduleId }] });
    const one = await call(
      "GET",
      "/api/ScheduleMigration/get-schedule",
      {},
      `/api/ScheduleMigration/get-schedule?scheduleId=${schedule.scheduleId}`,
    );
    expect(enumName(doc, "ScheduleStatus", (one.value as { scheduleStatus: number }).scheduleStatus)).toBe(
      "Scheduled",
    );
    expectEmpty(
      (
        await call("POST", "/api/ScheduleMigration/cancel-schedule", {
          json: { scheduleId: schedule.scheduleId },
        })
      ).reply,
      204,
    );
    expect(sim.state.schedules.get(schedule.scheduleId)?.status).toBe("Cancelled");

    const noDate = await call("POST", "/api/ScheduleMigration/schedule-migration", {
      json: { configurationId, scheduleType: 0 },
    });
    expect(noDate.reply.status).toBe(400);
    expect(Object.keys((noDate.value as { errors: object }).errors)).toEqual(["scheduledOn"]);
    const badEnum = await call("POST", "/api/ScheduleMigration/schedule-migration", {
      json: { configurationId, scheduleType: "DateTime" },
    });
    expect(badEnum.reply.status).toBe(400);
  });

  it("scans (202), follows the scan's integer state to its reports, and stops (202)", async () => {
    expectEmpty(
      (
        await call("POST", "/api/EnvironmentScan/start-scan", {
          json: { projectId, scanType: 1, scanSourceOption: 1, maxThreads: 4 },
        })
      ).reply,
      202,
    );
    const statePath = `/api/EnvironmentScan/get-scan-state?projectId=${projectId}`;
    const early = (await call("GET", "/api/EnvironmentScan/get-scan-state", {}, statePath)).value as {
      state: number;
      mailReport: unknown;
    };
    expect(enumName(doc, "EnvironmentScanState", early.state)).toBe("Processing");
    expect(early.mailReport).toBeNull();
    const tooSoon = await call(
      "GET",
      "/api/EnvironmentScan/get-scan-report",
      {},
      `/api/EnvironmentScan/get-scan-report?projectId=${projectId}`,
    );
    expect(tooSoon.reply.status).toBe(409);
    // Every user of the project's batches, an Email scan reading each in a second, then 2 s of totals.
    const users = sim.state.scans.get(projectId)!.users.length;
    expect(users).toBe(
      new Set(
        [...sim.state.batches.values()]
          .filter((b) => b.projectId === projectId)
          .flatMap((b) => [...b.items.values()].map((i) => i.exportName)),
      ).size,
    );
    sim.clock.advance(1_000 + users * 1_000 + 2_000);
    const done = (await call("GET", "/api/EnvironmentScan/get-scan-state", {}, statePath)).value as {
      state: number;
      scanType: number;
      mailReport: { usersCount: number };
      fileReport: unknown;
    };
    expect(enumName(doc, "EnvironmentScanState", done.state)).toBe(sim.state.scans.get(projectId)?.state);
    expect(enumName(doc, "EnvironmentScanState", done.state)).toBe("Complete");
    expect(enumName(doc, "EnvironmentScanType", done.scanType)).toBe("SelectedToMigrateItems");
    expect(done.mailReport.usersCount).toBe(users);
    expect(done.fileReport).toBeNull();
    const report = await call(
      "GET",
      "/api/EnvironmentScan/get-scan-report",
      {},
      `/api/EnvironmentScan/get-scan-report?projectId=${projectId}&skip=5&take=10`,
    );
    expect(report.value).toMatchObject({ totalCount: users, isPartial: false });
    expect((report.value as { items: unknown[] }).items).toHaveLength(10);
    expectEmpty((await call("POST", "/api/EnvironmentScan/stop-scan", { json: { projectId } })).reply, 202);
  });

  it("runs readiness checks (202 with the run's id) and reads them by run, batch or project", async () => {
    const started = await call("POST", "/api/MigrationReadiness/run-readiness-checks", {
      json: { projectId, configurationId },
    });
    expect(started.reply.status).toBe(202);
    const { readinessId } = started.value as { readinessId: string };
    sim.clock.advance(60_000);
    const byRun = await call(
      "GET",
      "/api/MigrationReadiness/get-readiness-state",
      {},
      `/api/MigrationReadiness/get-readiness-state?readinessId=${readinessId}`,
    );
    const run = byRun.value as { status: number; tests: Array<{ status: number }>; hasResults: boolean };
    expect(["Completed", "CompletedWithWarnings", "Failed"]).toContain(
      enumName(doc, "MigrationReadinessStatus", run.status),
    );
    expect(run.hasResults).toBe(true);
    expect(run.tests.length).toBe(sim.state.readinessRuns.get(readinessId)?.tests.length);
    for (const test of run.tests) enumName(doc, "MigrationReadinessTestStatus", test.status);
    const byBatch = await call(
      "GET",
      "/api/MigrationReadiness/get-readiness-state",
      {},
      `/api/MigrationReadiness/get-readiness-state?configurationId=${configurationId}`,
    );
    expect(byBatch.value).toMatchObject({ readinessId });
    const byProject = await call(
      "GET",
      "/api/MigrationReadiness/get-readiness-state",
      {},
      `/api/MigrationReadiness/get-readiness-state?projectId=${projectId}`,
    );
    expect(enumName(doc, "MigrationReadinessStatus", (byProject.value as { status: number }).status)).toBe(
      "None",
    );
  });
});

describe("aspnet profile: administration", () => {
  it("uploads domain replacements as a multipart file (204) and reads them as name/value pairs", async () => {
    const form = new FormData();
    form.set("projectId", projectId);
    form.set(
      "file",
      new Blob(["SourceDomain,DestinationDomain\ncontoso.example,fabrikam.example\n"]),
      "domains.csv",
    );
    expectEmpty(
      (await call("POST", "/api/DomainReplacement/upload-replacement-values", { body: form })).reply,
      204,
    );
    const values = await call(
      "GET",
      "/api/DomainReplacement/get-replacement-values",
      {},
      `/api/DomainReplacement/get-replacement-values?projectId=${projectId}`,
    );
    expect(values.value).toEqual({
      values: [{ name: "contoso.example", value: "fabrikam.example" }],
      totalCount: 1,
    });
    const csv = await call(
      "GET",
      "/api/DomainReplacement/download-replacement-values",
      {},
      `/api/DomainReplacement/download-replacement-values?projectId=${projectId}`,
    );
    expect(csv.value).toContain("contoso.example,fabrikam.example");
    const json = await call("POST", "/api/DomainReplacement/upload-replacement-values", {
      json: { projectId, csv: "x" },
    });
    expect(json.reply.status).toBe(415);
  });

  it("manages admin users by integer id: add 201 (Location), update and delete 204", async () => {
    const list = await call("GET", "/api/AdminUser/get-users");
    expect(list.value).toMatchObject({
      totalCount: 2,
      items: [{ id: 1, login: sim.credentials.email }, { id: 2 }],
    });
    const added = await call("POST", "/api/AdminUser/add-user", {
      json: {
        login: "new.admin@contoso.example",
        firstName: "New",
        lastName: "Admin",
        role: "ProjectManager",
      },
    });
    expectEmpty(added.reply, 201);
    expect(added.reply.headers.get("location")).toBe("/api/AdminUser/get-user?id=3");
    const one = await call("GET", "/api/AdminUser/get-user", {}, "/api/AdminUser/get-user?id=3");
    expect(one.value).toMatchObject({ id: 3, role: "ProjectManager", isActive: true });
    expectEmpty(
      (
        await call("POST", "/api/AdminUser/update-user", {
          json: { id: 3, role: "ReadOnly", firstName: null },
        })
      ).reply,
      204,
    );
    expect(sim.state.admins.find((a) => a.userId === "usr-0003")?.role).toBe("ReadOnly");
    expectEmpty((await call("POST", "/api/AdminUser/delete-user", { json: { id: 3 } })).reply, 204);
    const gone = await call("GET", "/api/AdminUser/get-user", {}, "/api/AdminUser/get-user?id=3");
    expect(gone.reply.status).toBe(404);
    expect((gone.value as { detail: string }).detail).toContain("'3'");
  });

  it("pages the audit log as DataTables, with the writes made through this profile", async () => {
    const all = await call(
      "GET",
      "/api/AdminAudit/get-audit-logs",
      {},
      "/api/AdminAudit/get-audit-logs?iDisplayLength=-1",
    );
    const page = all.value as {
      aaData: Array<{ auditType: string; dateFormatted: string }>;
      iTotalRecords: number;
      iTotalDisplayRecords: number;
    };
    expect(page.iTotalRecords).toBe(sim.state.audit.length);
    expect(page.aaData.map((e) => e.auditType)).toEqual(
      expect.arrayContaining(["ProjectRenamed", "AdminUserAdded", "Login"]),
    );
    expect(page.aaData[0]?.dateFormatted).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const renamed = await call(
      "GET",
      "/api/AdminAudit/get-audit-logs",
      {},
      "/api/AdminAudit/get-audit-logs?auditType=ProjectRenamed",
    );
    expect(renamed.value).toMatchObject({ iTotalDisplayRecords: 1, iTotalRecords: sim.state.audit.length });
  });

  it("reads the licence as LicenseInfoModel with an integer state", async () => {
    const licence = await call(
      "GET",
      "/api/License/get-license-info",
      {},
      `/api/License/get-license-info?projectId=${projectId}`,
    );
    const info = licence.value as {
      state: number;
      data: { maxCount: number; platforms: Array<{ source: string; destination: string }> };
    };
    expect(enumName(doc, "LicenseState", info.state)).toBe("Valid");
    expect(info.data.maxCount).toBe(sim.state.limits.licenceCount);
    expect(info.data.platforms[0]).toMatchObject({ source: "Microsoft365", destination: "GoogleWorkspace" });
  });

  it("lists notifications with integer types and marks them read (204)", async () => {
    expectEmpty(
      (
        await call("POST", "/api/ConnectionBatchesProgress/start-migration", {
          json: { configurationId, mode: "StartMigration" },
        })
      ).reply,
      202,
    );
    sim.clock.advance(3_600_000);
    const listed = await call(
      "GET",
      "/api/Notification/get-notifications",
      {},
      "/api/Notification/get-notifications?unreadOnly=true",
    );
    const result = listed.value as {
      notifications: Array<{ type: number }>;
      totalFailedUsersCount: number;
      totalNotificationsCount: number;
    };
    expect(result.totalNotificationsCount).toBe(sim.state.notifications.length);
    expect(result.totalNotificationsCount).toBeGreaterThan(0);
    // Failed users of every batch: the demo's pilot has some from its earlier run.
    const failedUsers = [...sim.state.batches.values()].flatMap((b) =>
      [...b.items.values()].filter((i) => i.state === "Failed"),
    );
    expect(result.totalFailedUsersCount).toBe(failedUsers.length);
    expect(failedUsers.some((i) => i.configurationId === configurationId)).toBe(true);
    expect(enumName(doc, "NotificationType", result.notifications[0]!.type)).toBe(
      sim.state.notifications.at(-1)?.type,
    );
    expectEmpty(
      (await call("POST", "/api/Notification/mark-as-read", { json: { markAllAsRead: true } })).reply,
      204,
    );
    expect(sim.state.notifications.every((n) => n.isRead)).toBe(true);
  });

  it("lists servers as RemoteConnectionModel and changes their state (202)", async () => {
    const servers = (await call("GET", "/api/ServiceManager/get-servers")).value as Array<{
      machineName: string;
      status: number;
      lastMigrationStartTimeUtc: string | null;
    }>;
    const stale = servers.find((s) => s.machineName === "MIGSVR-03")!;
    expect(enumName(doc, "RemoteConnectionStatus", stale.status)).toBe("VersionDoesNotMatch");
    expect(servers.some((s) => s.lastMigrationStartTimeUtc !== null)).toBe(true);
    expectEmpty(
      (
        await call("POST", "/api/ServiceManager/change-server-state", {
          json: { machineName: "MIGSVR-03", action: 2 },
        })
      ).reply,
      202,
    );
    const after = (await call("GET", "/api/ServiceManager/get-servers")).value as Array<{
      machineName: string;
      status: number;
    }>;
    expect(
      enumName(doc, "RemoteConnectionStatus", after.find((s) => s.machineName === "MIGSVR-03")!.status),
    ).toBe("Ok");
  });
});
