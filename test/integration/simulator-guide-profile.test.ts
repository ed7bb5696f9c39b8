/**
 * The simulators' guide profile, over raw HTTP (fetch, and undici for a GET with a body, which fetch
 * cannot send), so it checks the wire and not our client: CloudM serves only the endpoints the guide
 * documents and answers only what the guide shows; unmatched routes answer as ASP.NET does (empty 404,
 * empty 405 with Allow); renameRoutes moves a route and its OpenAPI path; MigrateClouds reads the
 * listing from the JSON body only in the guide profile, and from the body or else the query in full.
 */
import { pino } from "pino";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userItem } from "../helpers/cloudm.js";
import { PLATFORM_KEYS, platformInfo } from "../../src/api/cloudm/platforms.js";
import { MigrateCloudsClient } from "../../src/api/migrateclouds/client.js";
import {
  type CloudMSimulator,
  type CloudMSimulatorOptions,
  startCloudMSimulator,
} from "../../src/simulator/cloudm/server.js";
import {
  DEMO_ENTERPRISE_KEY,
  type MigrateCloudsSimulator,
  type MigrateCloudsSimulatorOptions,
  startMigrateCloudsSimulator,
} from "../../src/simulator/migrateclouds/server.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const running: Array<{ close: () => Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

async function cloudm(options: CloudMSimulatorOptions = {}): Promise<CloudMSimulator> {
  const sim = await startCloudMSimulator({ seed: 42, ...options });
  running.push(sim);
  return sim;
}

async function migrateClouds(options: MigrateCloudsSimulatorOptions = {}): Promise<MigrateCloudsSimulator> {
  const sim = await startMigrateCloudsSimulator({ seed: 42, ...options });
  running.push(sim);
  return sim;
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown;
}

interface Send {
  token?: string;
  json?: unknown;
  body?: string | FormData;
  headers?: Record<string, string>;
}

async function http(sim: CloudMSimulator, method: string, path: string, send: Send = {}): Promise<Reply> {
  const res = await fetch(sim.url + path, {
    method,
    headers: {
      ...(send.token ? { authorization: `Bearer ${send.token}` } : {}),
      ...(send.json === undefined ? {} : { "content-type": "application/json" }),
      ...send.headers,
    },
    ...(send.json === undefined ? {} : { body: JSON.stringify(send.json) }),
    ...(send.body === undefined ? {} : { body: send.body }),
  });
  const text = await res.text();
  const isJson = /json/.test(res.headers.get("content-type") ?? "");
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text && isJson ? JSON.parse(text) : undefined,
  };
}

async function signIn(sim: CloudMSimulator): Promise<string> {
  const reply = await http(sim, "POST", "/api/Account/login", {
    json: { userEmail: sim.credentials.email, password: sim.credentials.password },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { accessToken: string }).accessToken;
}

/** An answer with no body at all, as ASP.NET routing and `Ok()` send. */
function expectEmpty(reply: Reply, status: number): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.text).toBe("");
  expect(reply.headers.get("content-type")).toBeNull();
  if (status !== 204) expect(reply.headers.get("content-length")).toBe("0");
}

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

interface Batch {
  source: number;
  destination: number;
  projectId: string;
  configurationId: string;
}

/** Connections, a project and a batch through the guide's own steps 1, 3 and 4. */
async function guideBatch(sim: CloudMSimulator, token: string, name: string): Promise<Batch> {
  const source = await http(sim, "POST", "/api/Microsoft365Connections", {
    token,
    json: { name: `${name} source`, connectionType: "Source", settings: m365Settings },
  });
  const destination = await http(sim, "POST", "/api/GoogleWorkspaceConnections", {
    token,
    json: { name: `${name} destination`, connectionType: "Destination", settings: googleSettings },
  });
  // The guide profile names the id platformConnectionId; the full profile calls it id.
  const ids = [source, destination].map((r) => {
    const body = r.json as { platformConnectionId?: number; id?: number };
    return body.platformConnectionId ?? body.id;
  });
  const [sourceId = 0, destinationId = 0] = ids;
  const project = await http(sim, "POST", "/api/ConnectionsProject/create-project", {
    token,
    json: { name, sourceConnectionId: sourceId, destinationConnectionId: destinationId },
  });
  const { projectId } = project.json as { projectId: string };
  const batch = await http(sim, "POST", "/api/ConnectionBatches/create-connection-batch", {
    token,
    json: {
      projectId,
      batchName: `${name} batch`,
      sourceConnectionId: sourceId,
      destinationConnectionId: destinationId,
      migrationItemsBatchType: 0,
      tags: "",
    },
  });
  expect(batch.status, batch.text).toBe(200);
  const configurationId =
    typeof batch.json === "string" ? batch.json : (batch.json as { configurationId: string }).configurationId;
  return { source: sourceId, destination: destinationId, projectId, configurationId };
}

/** A user item whose destination is the same name at the demo destination domain. */
const item = (configurationId: string, exportName: string) =>
  userItem(configurationId, exportName, exportName.replace("@contoso.example", "@fabrikam.example"));

/** Every endpoint the guide documents, as `METHOD pattern`: the guide profile's whole surface. */
const GUIDE_ROUTES = [
  "POST /api/Account/login",
  ...PLATFORM_KEYS.flatMap((key) => {
    const base = `/api/${platformInfo(key).endpoint}`;
    return [`POST ${base}`, `PUT ${base}/{id}`, `GET ${base}`, `GET ${base}/{id}`];
  }),
  "POST /api/TestConnection/start",
  "GET /api/TestConnection/{testId}",
  "POST /api/ConnectionsProject/create-project",
  "POST /api/ConnectionBatches/create-connection-batch",
  "POST /api/BatchMigrationItems/add-migration-item",
  "POST /api/BatchMigrationItems/import-users-from-file",
  "POST /api/BatchMigrationItems/import-users-from-source",
  "GET /api/BatchConfigSettings/{configurationId}",
  "POST /api/BatchConfigSettings/save-general-settings",
  "POST /api/BatchConfigSettings/save-source-settings",
  "POST /api/BatchConfigSettings/save-destination-settings",
  "POST /api/ConnectionBatchesProgress/start-migration",
  "POST /api/ConnectionBatchesProgress/stop-migration",
  "GET /api/ConnectionBatchesProgress/get-statistics",
  "POST /api/ConnectionBatchesProgress/generate-report",
  "GET /api/ConnectionBatchesProgress/download-report",
];

const concrete = (pattern: string) => pattern.replace(/\{\w+\}/g, "1");

describe("CloudM guide profile: only the documented endpoints", () => {
  let guide: CloudMSimulator;
  let full: CloudMSimulator;
  let token: string;
  let everyRoute: string[];
  beforeAll(async () => {
    guide = await cloudm({ profile: "guide" });
    full = await cloudm();
    token = await signIn(guide);
    const doc = (await http(full, "GET", "/openapi/v1.json")).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    everyRoute = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
  });

  it("says which profile it runs", () => {
    expect(guide.profile).toBe("guide");
    expect(full.profile).toBe("full");
  });

  it("serves each of the guide's 81 endpoints", async () => {
    expect(GUIDE_ROUTES).toHaveLength(81);
    for (const route of GUIDE_ROUTES) expect(everyRoute).toContain(route);
    for (const route of GUIDE_ROUTES) {
      const [method = "", pattern = ""] = route.split(" ");
      // fetch sends no body on a GET; every other method gets an empty JSON object.
      await http(guide, method, concrete(pattern), { token, ...(method === "GET" ? {} : { json: {} }) });
      // The request log names the route that matched, so a handler's own 400 or 404 still counts.
      expect(guide.requests.at(-1)?.route).toBe(route);
    }
  });

  it("answers every other endpoint of the full profile as an unmatched route: 404 or 405, empty", async () => {
    const others = everyRoute.filter((r) => !GUIDE_ROUTES.includes(r));
    expect(others).toEqual(
      expect.arrayContaining([
        "GET /openapi/v1.json",
        "GET /api/ConnectionsProject",
        "GET /api/ConnectionsProject/{projectId}",
        "PUT /api/ConnectionsProject/{projectId}/rename",
        "POST /api/ConnectionsProject/{projectId}/archive",
        "DELETE /api/ConnectionsProject/{projectId}",
        "GET /api/ConnectionBatches",
        "GET /api/ConnectionBatches/{configurationId}",
        "POST /api/ScheduleMigration/schedule-migration",
        "POST /api/EnvironmentScan/start",
        "POST /api/MigrationReadiness/start",
        "POST /api/DomainReplacement/upload",
        "GET /api/AdminUser",
        "GET /api/AdminAudit",
        "GET /api/License/{projectId}",
        "GET /api/Notification",
        "GET /api/ServiceManager",
      ]),
    );
    for (const route of others) {
      const [method = "", pattern = ""] = route.split(" ");
      const reply = await http(guide, method, concrete(pattern), { token });
      expect([404, 405], route).toContain(reply.status);
      expectEmpty(reply, reply.status);
      if (reply.status === 405) expect(reply.headers.get("allow")).not.toContain(method);
    }
  });

  it("an unknown path is an empty 404 and a wrong method an empty 405 with Allow, in both profiles", async () => {
    for (const sim of [guide, full]) {
      const signedIn = await signIn(sim);
      expectEmpty(await http(sim, "GET", "/api/NoSuchController", { token: signedIn }), 404);
      // Unauthenticated too: routing answers before authentication.
      expectEmpty(await http(sim, "GET", "/api/NoSuchController"), 404);
      const wrongMethod = await http(sim, "DELETE", "/api/Microsoft365Connections/1", { token: signedIn });
      expectEmpty(wrongMethod, 405);
      expect(wrongMethod.headers.get("allow")).toBe("GET, PUT");
      const onlyPost = await http(sim, "GET", "/api/Account/login");
      expectEmpty(onlyPost, 405);
      expect(onlyPost.headers.get("allow")).toBe("POST");
    }
  });
});

describe("CloudM guide profile: connections", () => {
  let sim: CloudMSimulator;
  let token: string;
  beforeAll(async () => {
    sim = await cloudm({ profile: "guide" });
    token = await signIn(sim);
  });

  it("create answers { platformConnectionId, name, connectionType }; get adds the settings, secrets masked", async () => {
    const created = await http(sim, "POST", "/api/Microsoft365Connections", {
      token,
      json: { name: "Contoso M365 Source", connectionType: "Source", settings: m365Settings },
    });
    expect(created.status).toBe(201);
    const { platformConnectionId } = created.json as { platformConnectionId: number };
    expect(created.json).toEqual({
      platformConnectionId,
      name: "Contoso M365 Source",
      connectionType: "Source",
    });

    const got = await http(sim, "GET", `/api/Microsoft365Connections/${platformConnectionId}`, { token });
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      platformConnectionId,
      name: "Contoso M365 Source",
      connectionType: "Source",
      settings: { ...m365Settings, adminPassword: "********" },
    });
    expect(got.text).not.toContain("real-secret");
  });

  it("list answers { items, totalCount } with the same objects, every secret masked", async () => {
    await http(sim, "POST", "/api/GoogleWorkspaceConnections", {
      token,
      json: { name: "Google A", connectionType: "Destination", settings: googleSettings },
    });
    await http(sim, "POST", "/api/GoogleWorkspaceConnections", {
      token,
      json: { name: "Google B", connectionType: "Source", settings: { ...googleSettings, key: "other-key" } },
    });
    const listed = await http(sim, "GET", "/api/GoogleWorkspaceConnections", { token });
    expect(listed.status).toBe(200);
    const body = listed.json as { items: Array<Record<string, unknown>>; totalCount: number };
    expect(Object.keys(body).sort()).toEqual(["items", "totalCount"]);
    expect(body.totalCount).toBe(2);
    expect(body.items.map((i) => i.name)).toEqual(["Google A", "Google B"]);
    for (const entry of body.items) {
      expect(Object.keys(entry).sort()).toEqual([
        "connectionType",
        "name",
        "platformConnectionId",
        "settings",
      ]);
      expect((entry.settings as Record<string, unknown>).key).toBe("********");
    }
    expect(listed.text).not.toMatch(/real-key|other-key/);
  });

  it("PUT replaces: the body must be a whole connection, and a '********' sent back overwrites the secret", async () => {
    const created = await http(sim, "POST", "/api/Microsoft365Connections", {
      token,
      json: { name: "To edit", connectionType: "Source", settings: m365Settings },
    });
    const id = (created.json as { platformConnectionId: number }).platformConnectionId;
    const path = `/api/Microsoft365Connections/${id}`;

    const partial = await http(sim, "PUT", path, {
      token,
      json: { name: "Renamed", connectionType: "Source", settings: { domainName: "contoso.example" } },
    });
    expect(partial.status).toBe(400);
    const errors = (partial.json as { errors: Record<string, string[]> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["settings.adminName", "settings.adminPassword"]);
    expect(sim.state.connections.get(id)?.name).toBe("To edit");

    // What a careless client does: GET, change the name, PUT the masked settings back.
    const read = (await http(sim, "GET", path, { token })).json as { settings: Record<string, unknown> };
    const replaced = await http(sim, "PUT", path, {
      token,
      json: { name: "Renamed", connectionType: "Source", settings: read.settings },
    });
    expectEmpty(replaced, 204);
    expect(sim.state.connections.get(id)?.name).toBe("Renamed");
    expect(sim.state.connections.get(id)?.settings.adminPassword).toBe("********");
  });

  it("the full profile keeps its merge: the mask sent back keeps the stored secret", async () => {
    const full = await cloudm();
    const fullToken = await signIn(full);
    const created = await http(full, "POST", "/api/Microsoft365Connections", {
      token: fullToken,
      json: { name: "Full", connectionType: "Source", settings: m365Settings },
    });
    const id = (created.json as { id: number }).id;
    const updated = await http(full, "PUT", `/api/Microsoft365Connections/${id}`, {
      token: fullToken,
      json: {
        name: "Full",
        connectionType: "Source",
        settings: { ...m365Settings, adminPassword: "********" },
      },
    });
    expect(updated.status).toBe(200);
    expect(full.state.connections.get(id)?.settings.adminPassword).toBe("real-secret");
    // And its list stays a bare array.
    expect(
      Array.isArray((await http(full, "GET", "/api/Microsoft365Connections", { token: fullToken })).json),
    ).toBe(true);
  });

  it("TestConnection: start answers { testId }; polling answers only { completed, testNotFound }", async () => {
    const created = await http(sim, "POST", "/api/Microsoft365Connections", {
      token,
      json: { name: "To test", connectionType: "Source", settings: m365Settings },
    });
    const id = (created.json as { platformConnectionId: number }).platformConnectionId;
    const started = await http(sim, "POST", "/api/TestConnection/start", {
      token,
      json: { platformConnectionId: id },
    });
    expect(Object.keys(started.json as object)).toEqual(["testId"]);
    const { testId } = started.json as { testId: string };
    expect((await http(sim, "GET", `/api/TestConnection/${testId}`, { token })).json).toEqual({
      completed: false,
      testNotFound: false,
    });
    sim.clock.advance(10_000);
    expect((await http(sim, "GET", `/api/TestConnection/${testId}`, { token })).json).toEqual({
      completed: true,
      testNotFound: false,
    });
    expect((await http(sim, "GET", "/api/TestConnection/no-such-test", { token })).json).toEqual({
      completed: false,
      testNotFound: true,
    });
  });
});

describe("CloudM guide profile: projects, batches and items", () => {
  let sim: CloudMSimulator;
  let token: string;
  let batch: Batch;
  beforeAll(async () => {
    sim = await cloudm({ profile: "guide" });
    token = await signIn(sim);
    batch = await guideBatch(sim, token, "Contoso Migration");
  });

  it("create-project answers exactly the guide's fields", async () => {
    const reply = await http(sim, "POST", "/api/ConnectionsProject/create-project", {
      token,
      json: { name: "Second", sourceConnectionId: batch.source, destinationConnectionId: batch.destination },
    });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json as object).sort()).toEqual(
      [
        "projectId",
        "name",
        "createdOn",
        "isArchived",
        "isIncomplete",
        "sourceConnectionId",
        "destinationConnectionId",
      ].sort(),
    );
  });

  it("create-connection-batch answers the bare GUID as a JSON string by default, and keeps its validation", async () => {
    const reply = await http(sim, "POST", "/api/ConnectionBatches/create-connection-batch", {
      token,
      json: {
        projectId: batch.projectId,
        batchName: "Batch 2",
        sourceConnectionId: batch.source,
        destinationConnectionId: batch.destination,
        migrationItemsBatchType: 0,
        tags: "",
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("application/json");
    expect(reply.text.startsWith('"')).toBe(true);
    expect(reply.json).toMatch(GUID);
    expect(sim.state.batches.has(reply.json as string)).toBe(true);

    const mismatch = await http(sim, "POST", "/api/ConnectionBatches/create-connection-batch", {
      token,
      json: {
        projectId: batch.projectId,
        batchName: "Batch 3",
        sourceConnectionId: batch.destination,
        destinationConnectionId: batch.destination,
        migrationItemsBatchType: 0,
        tags: "",
      },
    });
    expect(mismatch.status).toBe(400);
    expect(Object.keys((mismatch.json as { errors: object }).errors)).toEqual(["sourceConnectionId"]);
  });

  it("createBatchAnswer: 'object' answers { configurationId }", async () => {
    const objectSim = await cloudm({ profile: "guide", createBatchAnswer: "object" });
    const objectToken = await signIn(objectSim);
    const made = await guideBatch(objectSim, objectToken, "Object answer");
    const again = await http(objectSim, "POST", "/api/ConnectionBatches/create-connection-batch", {
      token: objectToken,
      json: {
        projectId: made.projectId,
        batchName: "Another",
        sourceConnectionId: made.source,
        destinationConnectionId: made.destination,
        migrationItemsBatchType: 0,
        tags: "",
      },
    });
    expect(Object.keys(again.json as object)).toEqual(["configurationId"]);
    expect((again.json as { configurationId: string }).configurationId).toMatch(GUID);
  });

  it("add-migration-item answers 200 with no body, and keeps its strict body and duplicate check", async () => {
    const path = "/api/BatchMigrationItems/add-migration-item";
    expectEmpty(
      await http(sim, "POST", path, { token, json: item(batch.configurationId, "amara@contoso.example") }),
      200,
    );
    expect(sim.state.batches.get(batch.configurationId)?.items.size).toBe(1);
    const duplicate = await http(sim, "POST", path, {
      token,
      json: item(batch.configurationId, "AMARA@contoso.example"),
    });
    expect(duplicate.status).toBe(409);
    const unknownField = await http(sim, "POST", path, {
      token,
      json: { ...item(batch.configurationId, "ben@contoso.example"), nickname: "Ben" },
    });
    expect(unknownField.status).toBe(400);
    expect(Object.keys((unknownField.json as { errors: object }).errors)).toEqual(["nickname"]);
  });

  it("import-users-from-file takes JSON with the CSV in base64 and answers { importedCount }", async () => {
    const csv = [
      "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
      "carla@contoso.example,carla@fabrikam.example,User,User,true",
      "dev@contoso.example,dev@fabrikam.example,User,User,true",
    ].join("\n");
    const reply = await http(sim, "POST", "/api/BatchMigrationItems/import-users-from-file", {
      token,
      json: {
        configurationId: batch.configurationId,
        fileName: "users.csv",
        fileContent: Buffer.from(csv).toString("base64"),
      },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ importedCount: 2 });
    const names = [...(sim.state.batches.get(batch.configurationId)?.items.values() ?? [])].map(
      (i) => i.exportName,
    );
    expect(names).toEqual(expect.arrayContaining(["carla@contoso.example", "dev@contoso.example"]));
  });

  it("import-users-from-file refuses a multipart upload as a body that is not JSON", async () => {
    const form = new FormData();
    form.set("configurationId", batch.configurationId);
    form.set(
      "file",
      new Blob(["ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate\n"]),
      "users.csv",
    );
    const reply = await http(sim, "POST", "/api/BatchMigrationItems/import-users-from-file", {
      token,
      body: form,
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toContain("application/problem+json");
    expect(reply.json).toMatchObject({
      status: 400,
      detail: "The request body is not JSON",
      errors: { $: ["'-' is an invalid start of a value."] },
    });
    // fileContent must be base64, as System.Text.Json reads a byte[].
    const notBase64 = await http(sim, "POST", "/api/BatchMigrationItems/import-users-from-file", {
      token,
      json: { configurationId: batch.configurationId, fileName: "users.csv", fileContent: "not base64!" },
    });
    expect(notBase64.status).toBe(400);
    expect(Object.keys((notBase64.json as { errors: object }).errors)).toEqual(["fileContent"]);
  });

  it("the full profile keeps multipart only for import-users-from-file", async () => {
    const full = await cloudm({ tenant: "demo" });
    const fullToken = await signIn(full);
    const reply = await http(full, "POST", "/api/BatchMigrationItems/import-users-from-file", {
      token: fullToken,
      json: { configurationId: full.demo?.configurationId, fileName: "users.csv", fileContent: "" },
    });
    expect(reply.status).toBe(415);
  });

  it("import-users-from-source answers { importedCount }", async () => {
    const reply = await http(sim, "POST", "/api/BatchMigrationItems/import-users-from-source", {
      token,
      json: { configurationId: batch.configurationId },
    });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json as object)).toEqual(["importedCount"]);
    expect((reply.json as { importedCount: number }).importedCount).toBeGreaterThan(0);
  });

  it("BatchConfigSettings: GET answers {}; each save takes any settings object, applies it, answers an empty 200", async () => {
    const got = await http(sim, "GET", `/api/BatchConfigSettings/${batch.configurationId}`, { token });
    expect(got.status).toBe(200);
    expect(got.json).toEqual({});
    const general = await http(sim, "POST", "/api/BatchConfigSettings/save-general-settings", {
      token,
      json: {
        configurationId: batch.configurationId,
        settings: { simultaneousMigrations: 3, somethingElse: "x" },
      },
    });
    expectEmpty(general, 200);
    expect(sim.state.batches.get(batch.configurationId)?.general.simultaneousMigrations).toBe(3);
    for (const side of ["source", "destination"] as const) {
      const saved = await http(sim, "POST", `/api/BatchConfigSettings/save-${side}-settings`, {
        token,
        json: {
          configurationId: batch.configurationId,
          settings: { [`${side}Flag`]: true, nested: { a: 1 } },
        },
      });
      expectEmpty(saved, 200);
    }
    const stored = sim.state.batches.get(batch.configurationId);
    expect(stored?.sourceSettings).toMatchObject({ sourceFlag: true, nested: { a: 1 } });
    expect(stored?.destinationSettings).toMatchObject({ destinationFlag: true });
    const notObject = await http(sim, "POST", "/api/BatchConfigSettings/save-source-settings", {
      token,
      json: { configurationId: batch.configurationId, settings: "all of them" },
    });
    expect(notObject.status).toBe(400);
  });
});

describe("CloudM guide profile: runs, statistics and reports", () => {
  /** The same tenant and run in each profile, so the statistics can be compared value for value. */
  async function runScenario(profile: "full" | "guide", { runToEnd = true } = {}) {
    const sim = await cloudm({ profile });
    const token = await signIn(sim);
    const batch = await guideBatch(sim, token, "Run");
    for (const user of ["amara", "ben", "carla", "dev", "erin", "farid"])
      await http(sim, "POST", "/api/BatchMigrationItems/add-migration-item", {
        token,
        json: item(batch.configurationId, `${user}@contoso.example`),
      });
    const start = await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
      token,
      json: { configurationId: batch.configurationId, mode: "StartMigration" },
    });
    if (runToEnd) sim.clock.advance(12 * 3_600_000);
    const stats = await http(
      sim,
      "GET",
      `/api/ConnectionBatchesProgress/get-statistics?configurationId=${batch.configurationId}`,
      { token },
    );
    return { sim, token, batch, start, stats };
  }

  it("start-migration and stop-migration answer an empty 200 and still start and stop the run", async () => {
    const { sim, token, batch, start } = await runScenario("guide", { runToEnd: false });
    expectEmpty(start, 200);
    const run = () => sim.state.batches.get(batch.configurationId)?.run;
    expect(run()?.state).not.toBe("None");
    const badMode = await http(sim, "POST", "/api/ConnectionBatchesProgress/start-migration", {
      token,
      json: { configurationId: batch.configurationId, mode: "Nonsense" },
    });
    expect(badMode.status).toBe(400);
    expectEmpty(
      await http(sim, "POST", "/api/ConnectionBatchesProgress/stop-migration", {
        token,
        json: { configurationId: batch.configurationId },
      }),
      200,
    );
    sim.clock.advance(3_600_000);
    await http(
      sim,
      "GET",
      `/api/ConnectionBatchesProgress/get-statistics?configurationId=${batch.configurationId}`,
      {
        token,
      },
    );
    expect(run()?.state).toBe("Stopped");
  });

  it("get-statistics answers totals, per-item statistics and volume cap information, with the full profile's values", async () => {
    const guide = await runScenario("guide");
    const full = await runScenario("full");
    expect(guide.stats.status).toBe(200);
    const g = guide.stats.json as {
      totalStatistics: Record<string, unknown>;
      itemStatistics: Array<Record<string, unknown>>;
      volumeCapInformation: Record<string, unknown>;
    };
    expect(Object.keys(g).sort()).toEqual(["itemStatistics", "totalStatistics", "volumeCapInformation"]);
    expect(Object.keys(g.totalStatistics).sort()).toEqual(
      [
        "completedUsers",
        "failedUsers",
        "progressPercent",
        "sizeImportedBytes",
        "state",
        "throughputItemsPerHour",
        "totalUsers",
      ].sort(),
    );
    expect(Object.keys(g.volumeCapInformation).sort()).toEqual(["capped", "isOver", "usedPercentage"]);
    for (const entry of g.itemStatistics)
      expect(Object.keys(entry).sort()).toEqual([
        "exportName",
        "failures",
        "importName",
        "progressPercent",
        "state",
      ]);

    const f = full.stats.json as {
      state: string;
      progressPercent: number;
      summary: Record<string, unknown>;
      volumeCap: Record<string, unknown>;
      items: Array<Record<string, unknown>>;
    };
    expect(f.state).toBe("Completed");
    expect(g.totalStatistics).toEqual({
      state: f.state,
      progressPercent: f.progressPercent,
      totalUsers: f.summary.totalUsers,
      completedUsers: f.summary.completedUsers,
      failedUsers: f.summary.failedUsers,
      sizeImportedBytes: f.summary.sizeImportedBytes,
      throughputItemsPerHour: f.summary.throughputItemsPerHour,
    });
    expect(g.totalStatistics.throughputItemsPerHour).toBeGreaterThan(0);
    expect(g.itemStatistics).toEqual(
      f.items.map((i) => ({
        exportName: i.exportName,
        importName: i.importName,
        state: i.state,
        progressPercent: i.progressPercent,
        failures: i.failures,
      })),
    );
    expect(g.volumeCapInformation).toEqual({
      capped: f.volumeCap.capped,
      isOver: f.volumeCap.isOver,
      usedPercentage: f.volumeCap.usedPercentage,
    });
  });

  it("generate-report answers {}; download-report is refused while generating, then sends the CSV", async () => {
    const { sim, token, batch } = await runScenario("guide");
    const generated = await http(sim, "POST", "/api/ConnectionBatchesProgress/generate-report", {
      token,
      json: { configurationId: batch.configurationId },
    });
    expect(generated.status).toBe(200);
    expect(generated.json).toEqual({});
    const download = `/api/ConnectionBatchesProgress/download-report?configurationId=${batch.configurationId}&reportType=MigrationSummary`;
    expect((await http(sim, "GET", download, { token })).status).toBe(409);
    sim.clock.advance(10_000);
    const csv = await http(sim, "GET", download, { token });
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
  });
});

describe("CloudM renameRoutes", () => {
  it("serves a route only at its new path, and the OpenAPI document shows the new path (full profile)", async () => {
    const sim = await cloudm({
      tenant: "demo",
      renameRoutes: {
        "GET /api/ConnectionsProject/{projectId}": "/api/ConnectionsProject/get-project/{projectId}",
      },
    });
    const token = await signIn(sim);
    const projectId = sim.demo?.projectId ?? "";
    const moved = await http(sim, "GET", `/api/ConnectionsProject/get-project/${projectId}`, { token });
    expect(moved.status).toBe(200);
    expect((moved.json as { projectId: string }).projectId).toBe(projectId);
    expect(sim.countRequests("GET /api/ConnectionsProject/get-project/{projectId}")).toBe(1);
    // The old path still takes DELETE (another route), so GET there is now a wrong method.
    const old = await http(sim, "GET", `/api/ConnectionsProject/${projectId}`, { token });
    expectEmpty(old, 405);
    expect(old.headers.get("allow")).toBe("DELETE");

    const doc = (await http(sim, "GET", "/openapi/v1.json")).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/ConnectionsProject/get-project/{projectId}"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/ConnectionsProject/{projectId}"] ?? {})).toEqual(["delete"]);
  });

  it("throws at start-up for a key that names no served route", async () => {
    await expect(
      startCloudMSimulator({ renameRoutes: { "GET /api/Nowhere": "/api/Somewhere" } }),
    ).rejects.toThrow(/names no route/);
    // Served by the full profile, but not by the guide's.
    await expect(
      startCloudMSimulator({
        profile: "guide",
        renameRoutes: { "GET /api/ConnectionsProject": "/api/Projects" },
      }),
    ).rejects.toThrow(/names no route/);
  });

  it("renames a guide route too", async () => {
    const sim = await cloudm({
      profile: "guide",
      renameRoutes: { "POST /api/Account/login": "/api/Account/sign-in" },
    });
    expectEmpty(await http(sim, "POST", "/api/Account/login", { json: {} }), 404);
    const signedIn = await http(sim, "POST", "/api/Account/sign-in", {
      json: { userEmail: sim.credentials.email, password: sim.credentials.password },
    });
    expect(signedIn.status).toBe(200);
  });
});

describe("MigrateClouds GET /v1/files/list: body or query, by profile", () => {
  interface McReply {
    status: number;
    json: unknown;
  }
  async function list(
    sim: MigrateCloudsSimulator,
    send: { query?: Record<string, string>; json?: unknown },
  ): Promise<McReply> {
    const url = new URL(`${sim.url}/files/list`);
    for (const [k, v] of Object.entries(send.query ?? {})) url.searchParams.set(k, v);
    const res = await request(url, {
      method: "GET",
      headers: {
        authorization: `Bearer ${DEMO_ENTERPRISE_KEY}`,
        ...(send.json === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(send.json === undefined ? {} : { body: JSON.stringify(send.json) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
  }
  const names = (reply: McReply) => {
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    return (reply.json as { data: { files: Array<{ name: string }> } }).data.files.map((f) => f.name);
  };
  const overviewExample = { service: "google_drive", path: "/Documents", recursive: false };

  let guide: MigrateCloudsSimulator;
  let full: MigrateCloudsSimulator;
  beforeAll(async () => {
    guide = await migrateClouds({ profile: "guide" });
    full = await migrateClouds();
  });

  it("guide: reads the overview's JSON body, and ignores the query", async () => {
    expect(guide.profile).toBe("guide");
    expect(names(await list(guide, { json: overviewExample }))).toContain("Project Proposal.docx");
    const both = names(await list(guide, { json: overviewExample, query: { path: "/Shared" } }));
    expect(both).toContain("Project Proposal.docx");
    expect(both).not.toContain("Board Deck Q2.pptx");
    // Paging fields come from the body too.
    const paged = await list(guide, { json: { ...overviewExample, page_size: 2 } });
    expect(names(paged)).toHaveLength(2);
    expect((paged.json as { data: { next_page_token: string | null } }).data.next_page_token).toEqual(
      expect.any(String),
    );
  });

  it("guide: a query without a body is missing its service: 400 invalid_parameter in the documented envelope", async () => {
    for (const reply of [
      await list(guide, { query: { service: "google_drive", path: "/Documents" } }),
      await list(guide, { json: { path: "/Documents" } }),
    ]) {
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({
        status: "error",
        error: {
          code: "invalid_parameter",
          message: "The 'service' parameter is invalid",
          details: "service is required",
        },
      });
    }
  });

  it("full: reads the body when one is sent, else the query", async () => {
    expect(names(await list(full, { json: overviewExample }))).toContain("Project Proposal.docx");
    expect(names(await list(full, { query: { service: "google_drive", path: "/Shared" } }))).toContain(
      "Board Deck Q2.pptx",
    );
    const both = names(
      await list(full, { json: overviewExample, query: { service: "google_drive", path: "/Shared" } }),
    );
    expect(both).toContain("Project Proposal.docx");
  });

  it("our client sends the listing as the JSON body, so the guide profile answers it", async () => {
    const client = new MigrateCloudsClient({
      baseUrl: guide.url,
      apiKey: DEMO_ENTERPRISE_KEY,
      plan: "enterprise",
      logger: pino({ level: "silent" }),
    });
    try {
      const first = await client.listFiles({
        service: "google-drive",
        path: "/Archive",
        recursive: true,
        pageSize: 3,
      });
      expect(first.files).toHaveLength(3);
      expect(first.nextPageToken).toBeDefined();
      const second = await client.listFiles({
        service: "google_drive",
        path: "/Archive",
        recursive: true,
        pageSize: 3,
        pageToken: first.nextPageToken,
      });
      expect(second.files.map((f) => f.id)).not.toContain(first.files[0]?.id);
    } finally {
      await client.close();
    }
  });
});
