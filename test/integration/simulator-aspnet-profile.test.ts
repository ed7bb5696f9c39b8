/**
 * The CloudM simulator's aspnet profile over plain HTTP: the guide's endpoints at the guide's paths,
 * answered as a stock ASP.NET Core service with CloudM's models would (result envelope, 201/202/204,
 * integer enums named in the OpenAPI 3.1 document), over the same state as the full profile. Every
 * answer read here is also checked against the document (helpers/aspnet.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProgress } from "../../src/simulator/cloudm/run-figures.js";
import type { CloudMSimulator } from "../../src/simulator/cloudm/server.js";
import {
  conforms,
  enumName,
  expectEmpty,
  http,
  loadDocument,
  mismatches,
  type OpenApiDocument,
  type Reply,
  signIn,
  startAspnet,
} from "../helpers/aspnet.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const m365Settings = {
  domainName: "contoso.example",
  adminName: "admin@contoso.example",
  adminPassword: "real-secret",
};
const googleSettings = {
  domainName: "fabrikam.example",
  adminUsername: "admin@fabrikam.example",
  serviceAccountEmailAddress: "migrate@fabrikam.example",
  key: "real-key",
};

const running: CloudMSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

async function started(
  tenant: "demo" | "empty",
): Promise<{ sim: CloudMSimulator; token: string; doc: OpenApiDocument }> {
  const sim = await startAspnet({ tenant });
  running.push(sim);
  return { sim, token: await signIn(sim), doc: await loadDocument(sim) };
}

/** The envelope CloudM's ActionResult<T> wraps every JSON answer in. */
function expectEnvelope(reply: Reply): void {
  const body = reply.json as Record<string, unknown>;
  expect(body.status).toEqual({ success: true, message: null });
  expect(body.success).toBe(true);
  expect(Object.keys(body).sort()).toEqual(["status", "success", "value"]);
}

describe("aspnet profile: the guide's workflow", () => {
  let sim: CloudMSimulator;
  let token: string;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    ({ sim, token, doc } = await started("empty"));
  });

  it("keeps the login answer bare, exactly the guide's", async () => {
    const reply = await http(sim, "POST", "/api/Account/login", {
      json: { userEmail: sim.credentials.email, password: sim.credentials.password },
    });
    const body = conforms(doc, "POST", "/api/Account/login", reply) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ["accessToken", "email", "expiresIn", "passwordResetRequired", "role", "userId", "userName"].sort(),
    );
  });

  it("runs connections, project, batch, items, start, statistics, stop and reports with 201/202/204", async () => {
    const source = await http(sim, "POST", "/api/Microsoft365Connections", {
      token,
      json: { name: "Source", connectionType: "Source", settings: m365Settings },
    });
    expect(source.status).toBe(201);
    expectEnvelope(source);
    const created = conforms(doc, "POST", "/api/Microsoft365Connections", source) as {
      id: number;
      connectionType: string;
    };
    expect(created.connectionType).toBe("Source");
    expect(source.headers.get("location")).toBe(`/api/Microsoft365Connections/${created.id}`);
    const destination = await http(sim, "POST", "/api/GoogleWorkspaceConnections", {
      token,
      json: { name: "Destination", connectionType: "Destination", settings: googleSettings },
    });
    const destinationId = (
      conforms(doc, "POST", "/api/GoogleWorkspaceConnections", destination) as { id: number }
    ).id;

    const read = await http(sim, "GET", `/api/Microsoft365Connections/${created.id}`, { token });
    const connection = conforms(doc, "GET", "/api/Microsoft365Connections/{id}", read) as {
      settings: Record<string, unknown>;
    };
    expect(connection.settings.adminPassword).toBe("********");
    const update = await http(sim, "PUT", `/api/Microsoft365Connections/${created.id}`, {
      token,
      json: { name: "Source renamed", connectionType: "Source", settings: m365Settings },
    });
    expectEmpty(update, 204);
    expect(sim.state.connections.get(created.id)?.name).toBe("Source renamed");
    const list = await http(sim, "GET", "/api/Microsoft365Connections", { token });
    expect(conforms(doc, "GET", "/api/Microsoft365Connections", list)).toMatchObject({ totalCount: 1 });

    const test = await http(sim, "POST", "/api/TestConnection/start", {
      token,
      json: { platformConnectionId: created.id },
    });
    expect(test.status).toBe(202);
    const { testId } = conforms(doc, "POST", "/api/TestConnection/start", test) as { testId: string };
    expect(test.headers.get("location")).toBe(`/api/TestConnection/${testId}`);
    const pending = conforms(
      doc,
      "GET",
      "/api/TestConnection/{testId}",
      await http(sim, "GET", `/api/TestConnection/${testId}`, { token }),
    ) as {
      completed: boolean;
      status: number;
    };
    expect(pending.completed).toBe(false);
    expect(enumName(doc, "ConnectionTestStatus", pending.status)).toBe("InProgress");
    sim.clock.advance(5_000);
    const done = conforms(
      doc,
      "GET",
      "/api/TestConnection/{testId}",
      await http(sim, "GET", `/api/TestConnection/${testId}`, { token }),
    ) as {
      testConnectionType: string;
      completed: boolean;
      status: number;
      results: Array<{ name: string; status: number }>;
    };
    expect(done).toMatchObject({ testConnectionType: "Source", completed: true });
    // No test user: the last check warns, so the whole test does.
    expect(done.results.map((r) => enumName(doc, "ConnectionTestStatus", r.status))).toEqual([
      "Success",
      "Success",
      "Warning",
    ]);
    expect(enumName(doc, "ConnectionTestStatus", done.status)).toBe("Warning");

    const project = await http(sim, "POST", "/api/ConnectionsProject/create-project", {
      token,
      json: { name: "Contoso", sourceConnectionId: created.id, destinationConnectionId: destinationId },
    });
    expect(project.status).toBe(201);
    const { projectId } = conforms(doc, "POST", "/api/ConnectionsProject/create-project", project) as {
      projectId: string;
    };
    const batch = await http(sim, "POST", "/api/ConnectionBatches/create-connection-batch", {
      token,
      json: {
        projectId,
        batchName: "Wave 1",
        sourceConnectionId: created.id,
        destinationConnectionId: destinationId,
        migrationItemsBatchType: 0,
        tags: "",
      },
    });
    expect(batch.status).toBe(201);
    const configurationId = conforms(
      doc,
      "POST",
      "/api/ConnectionBatches/create-connection-batch",
      batch,
    ) as string;
    expect(configurationId).toMatch(GUID);

    const item = {
      configurationId,
      exportName: "ann@contoso.example",
      importName: "ann@fabrikam.example",
      exportType: 0,
      importType: 0,
    };
    const flags = { mail: true, calendar: true, contacts: true, drive: true, migrate: true };
    const added = await http(sim, "POST", "/api/BatchMigrationItems/add-migration-item", {
      token,
      json: { ...item, ...flags },
    });
    expectEmpty(added, 201);
    conforms(doc, "POST", "/api/BatchMigrationItems/add-migration-item", added);
    const imported = await http(sim, "POST", "/api/BatchMigrationItems/import-users-from-source", {
      token,
      json: { configurationId },
    });
    const counts = conforms(doc, "POST", "/api/BatchMigrationItems/import-users-from-source", imported) as {
      importedItemsCount: number;
    };
    expect(counts.importedItemsCount).toBe(sim.state.batches.get(configurationId)!.items.size - 1);

    const start = await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
      token,
      json: { configurationId, mode: "StartMigration" },
    });
    expectEmpty(start, 202);
    const again = await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
      token,
      json: { configurationId, mode: "StartMigration" },
    });
    expect(again.status).toBe(409);
    conforms(doc, "POST", "/api/ConnectionBatchesProgress/start-migration", again);
    expect((again.json as { detail: string }).detail).toMatch(/already/);

    sim.clock.advance(3_000);
    const stats = await http(
      sim,
      "GET",
      `/api/ConnectionBatchesProgress/get-statistics?configurationId=${configurationId}`,
      { token },
    );
    expectEnvelope(stats);
    const model = conforms(doc, "GET", "/api/ConnectionBatchesProgress/get-statistics", stats) as {
      totalMigrationData: { migrationProcessState: number; cancelEnable: boolean };
    };
    expect(enumName(doc, "MigrationProcessState", model.totalMigrationData.migrationProcessState)).toBe(
      "Running",
    );
    expect(model.totalMigrationData.cancelEnable).toBe(true);

    expectEmpty(
      await http(sim, "POST", "/api/ConnectionBatchesProgress/stop-migration", {
        token,
        json: { configurationId },
      }),
      202,
    );
    expect(sim.state.batches.get(configurationId)?.run.state).toBe("Stopping");
    expectEmpty(
      await http(sim, "POST", "/api/ConnectionBatchesProgress/generate-report", {
        token,
        json: { configurationId },
      }),
      202,
    );
    sim.clock.advance(5_000);
    const csv = await http(
      sim,
      "GET",
      `/api/ConnectionBatchesProgress/download-report?configurationId=${configurationId}&reportType=UserProgress`,
      { token },
    );
    expect(csv.status).toBe(200);
    expect(conforms(doc, "GET", "/api/ConnectionBatchesProgress/download-report", csv)).toContain(
      "ann@contoso.example",
    );
  });

  it("answers errors as ProblemDetails naming the field, outside the envelope", async () => {
    const reply = await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
      token,
      json: { configurationId: "nope" },
    });
    expect(reply.status).toBe(400);
    conforms(doc, "POST", "/api/ConnectionBatchesProgress/start-migration", reply);
    expect(Object.keys((reply.json as { errors: object }).errors)).toEqual(
      expect.arrayContaining(["configurationId", "mode"]),
    );
    const missing = await http(
      sim,
      "GET",
      `/api/ConnectionBatchesProgress/get-statistics?configurationId=${crypto.randomUUID()}`,
      { token },
    );
    expect(missing.status).toBe(404);
    conforms(doc, "GET", "/api/ConnectionBatchesProgress/get-statistics", missing);
  });
});

describe("aspnet profile: statistics agree with the simulator's state", () => {
  it("reports a run in progress, with a failed user, as the state holds it", async () => {
    const { sim, token, doc } = await started("demo");
    const configurationId = sim.demo!.configurationId;
    expectEmpty(
      await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
        token,
        json: { configurationId, mode: "StartMigration" },
      }),
      202,
    );
    const batch = sim.state.batches.get(configurationId)!;
    const path = `/api/ConnectionBatchesProgress/get-statistics?configurationId=${configurationId}`;
    let reply = await http(sim, "GET", path, { token });
    // Step the stopped clock until a user has failed while the run still goes on.
    for (let step = 0; step < 400; step++) {
      const failed = [...batch.items.values()].some((i) => i.state === "Failed");
      if (failed && batch.run.state === "Running") break;
      sim.clock.advance(1_000);
      reply = await http(sim, "GET", path, { token });
    }
    const stats = conforms(doc, "GET", "/api/ConnectionBatchesProgress/get-statistics", reply) as {
      totalMigrationData: {
        migrationProcessState: number;
        progressPercent: number;
        startEnable: boolean;
        totalStatistics: { summary: Record<string, unknown>; successPercentage: string };
        processHistory: { items: unknown[] };
        migrationCompleteSummary: unknown;
      };
      aaData: Array<{
        userExportName: string;
        userId: number;
        state: number;
        status: string;
        failures: Array<{ reason: string }>;
      }>;
      iTotalRecords: number;
    };
    const items = [...batch.items.values()];
    const data = stats.totalMigrationData;
    expect(enumName(doc, "MigrationProcessState", data.migrationProcessState)).toBe(batch.run.state);
    expect(batch.run.state).toBe("Running");
    expect(data.progressPercent).toBe(runProgress(batch, sim.clock.now()));
    expect(data.progressPercent).toBeGreaterThan(0);
    expect(data.progressPercent).toBeLessThan(100);
    expect(data.startEnable).toBe(false);
    expect(data.migrationCompleteSummary).toBeNull();
    expect(data.processHistory.items.length).toBeGreaterThan(1);
    expect(data.totalStatistics.summary).toMatchObject({
      currentUsers: batch.run.running.length,
      completedUsers: items.filter((i) => i.state === "Success" || i.state === "Warning").length,
      failedUsers: items.filter((i) => i.state === "Failed").length,
      projectConfigurationName: batch.batchName,
    });
    expect(data.totalStatistics.summary.failedUsers).toBeGreaterThan(0);
    expect(stats.iTotalRecords).toBe(items.length);
    for (const row of stats.aaData) {
      const item = batch.items.get(row.userId)!;
      expect(row.userExportName).toBe(item.exportName);
      expect(enumName(doc, "UserMigrationState", row.state)).toBe(item.state);
      expect(row.failures.map((f) => f.reason)).toEqual(item.failures.map((f) => f.failure.reason));
      expect(row.status).toBe(item.failures.at(-1)?.failure.reason ?? "");
    }
  });
});

describe("aspnet profile: batch settings in CloudM's vocabulary", () => {
  let sim: CloudMSimulator;
  let token: string;
  let doc: OpenApiDocument;
  let configurationId: string;
  beforeAll(async () => {
    ({ sim, token, doc } = await started("demo"));
    configurationId = sim.demo!.configurationId;
  });
  const save = (settings: unknown) =>
    http(sim, "POST", "/api/BatchConfigSettings/save-general-settings", {
      token,
      json: { configurationId, settings },
    });
  const general = () => structuredClone(sim.state.batches.get(configurationId)!.general);

  it("reads them as GeneralMigrationModel, exportSettings and importSettings", async () => {
    const reply = await http(sim, "GET", `/api/BatchConfigSettings/${configurationId}`, { token });
    const value = conforms(doc, "GET", "/api/BatchConfigSettings/{configurationId}", reply) as {
      generalMigrationSettings: {
        featureFailureItemsRetryEnabled: boolean;
        advancedSettings: Record<string, unknown>;
      };
    };
    const own = general();
    expect(value.generalMigrationSettings.featureFailureItemsRetryEnabled).toBe(own.retryFailedItems);
    expect(value.generalMigrationSettings.advancedSettings.limitSimultaneousMigrationsForConfig).toBe(
      own.simultaneousMigrations,
    );
    expect(
      enumName(doc, "MigrationFolders", value.generalMigrationSettings.advancedSettings.migrationFolders),
    ).toBe("All");
  });

  it("drops names the model lacks without a word: 204, nothing changed", async () => {
    const before = general();
    const reply = await save({
      emailDateFrom: "2024-01-01T00:00:00Z",
      simultaneousMigrations: 3,
      retryFailedItems: false,
    });
    expectEmpty(reply, 204);
    conforms(doc, "POST", "/api/BatchConfigSettings/save-general-settings", reply);
    expect(general()).toEqual(before);
  });

  it("applies exactly the vendor's names it was sent, case-insensitively", async () => {
    const before = general();
    const reply = await save({
      EmailFrom: "2024-01-01T00:00:00Z",
      documentsToDate: "2025-06-30T00:00:00Z",
      advancedSettings: { limitSimultaneousMigrationsForConfig: 4, migrationFolders: 1, autoCancelPeriod: 6 },
    });
    expectEmpty(reply, 204);
    expect(general()).toEqual({
      ...before,
      emailDateFrom: "2024-01-01T00:00:00Z",
      documentDateTo: "2025-06-30T00:00:00Z",
      simultaneousMigrations: 4,
      folderSelection: "Custom",
      autoCancelPeriodHours: 6,
    });
  });

  it("keeps vendor values the engine has no use for, so they read back", async () => {
    const before = general();
    expectEmpty(
      await save({ migrateChats: false, advancedSettings: { migrationFolders: 3, createUserReports: true } }),
      204,
    );
    expect(general()).toEqual(before);
    const reply = await http(sim, "GET", `/api/BatchConfigSettings/${configurationId}`, { token });
    const value = conforms(doc, "GET", "/api/BatchConfigSettings/{configurationId}", reply) as {
      generalMigrationSettings: {
        migrateChats: boolean;
        advancedSettings: { migrationFolders: number; createUserReports: boolean };
      };
    };
    expect(value.generalMigrationSettings.migrateChats).toBe(false);
    expect(
      enumName(doc, "MigrationFolders", value.generalMigrationSettings.advancedSettings.migrationFolders),
    ).toBe("NoInbox");
    expect(value.generalMigrationSettings.advancedSettings.createUserReports).toBe(true);
  });

  it("refuses a known name with a wrongly typed value, naming it, and changes nothing", async () => {
    const before = general();
    const reply = await save({
      emailFrom: "yesterday",
      advancedSettings: { limitSimultaneousMigrationsForConfig: "4" },
    });
    expect(reply.status).toBe(400);
    conforms(doc, "POST", "/api/BatchConfigSettings/save-general-settings", reply);
    expect(Object.keys((reply.json as { errors: object }).errors).sort()).toEqual([
      "settings.advancedSettings.limitSimultaneousMigrationsForConfig",
      "settings.emailFrom",
    ]);
    expect(general()).toEqual(before);
  });

  it("refuses to change the concurrency of a running batch with 409, in the vendor's name", async () => {
    const start = await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
      token,
      json: { configurationId, mode: "StartMigration" },
    });
    expectEmpty(start, 202);
    const reply = await save({ advancedSettings: { limitSimultaneousMigrationsForConfig: 2 } });
    expect(reply.status).toBe(409);
    conforms(doc, "POST", "/api/BatchConfigSettings/save-general-settings", reply);
    expect(Object.keys((reply.json as { errors: object }).errors)).toEqual([
      "settings.advancedSettings.limitSimultaneousMigrationsForConfig",
    ]);
    expect(general().simultaneousMigrations).toBe(4);
  });

  it("stores source settings and answers 204", async () => {
    const reply = await http(sim, "POST", "/api/BatchConfigSettings/save-source-settings", {
      token,
      json: { configurationId, settings: { migrateArchive: true } },
    });
    expectEmpty(reply, 204);
    expect(sim.state.batches.get(configurationId)?.sourceSettings).toEqual({ migrateArchive: true });
  });
});

describe("aspnet profile: the OpenAPI 3.1 document", () => {
  it("lists every route served, each with an operationId, a tag and resolvable schemas", async () => {
    const { sim, doc } = await started("empty");
    expect(doc.openapi).toBe("3.1.0");
    const operationIds = new Set<string>();
    for (const { method, pattern } of sim.routes) {
      const operation = doc.paths[pattern]?.[method.toLowerCase()] as Record<string, unknown> | undefined;
      expect(operation, `${method} ${pattern}`).toBeDefined();
      expect(typeof operation?.operationId).toBe("string");
      operationIds.add(operation?.operationId as string);
      expect((operation?.tags as string[])[0]).toBe(
        pattern.startsWith("/api/") ? pattern.split("/")[2] : "openapi",
      );
    }
    expect(operationIds.size).toBe(sim.routes.length);
    const served = new Set(sim.routes.map((r) => `${r.method} ${r.pattern}`));
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"nullable"');
    for (const ref of text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g))
      expect(doc.components.schemas[ref[1]!], ref[1]).toBeDefined();
    for (const [name, schema] of Object.entries(doc.components.schemas))
      if (schema.type === "integer" && Array.isArray(schema.enum))
        expect((schema["x-enumNames"] as string[]).length, name).toBe(schema.enum.length);
    expect(doc.components.schemas.ProjectModelActionResult).toBeDefined();
    expect(mismatches(doc, { type: ["null", "string"] }, null)).toEqual([]);
  });
});
