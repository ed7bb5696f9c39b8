/** Finding each operation in an instance's document by what it does, and sending its arguments where it wants them. */
import { describe, expect, it } from "vitest";
import type { ApiDocument } from "../../src/api/cloudm/openapi/model.js";
import { readOpenApi } from "../../src/api/cloudm/openapi/read.js";
import { rankOperations, wordsOf } from "../../src/api/cloudm/routing/discovery.js";
import { encodeBody } from "../../src/api/cloudm/routing/encode.js";
import { EndpointMap } from "../../src/api/cloudm/routing/map.js";

type Paths = Record<string, Record<string, unknown>>;

const json = (properties: Record<string, unknown>, required: string[] = []) => ({
  content: { "application/json": { schema: { type: "object", required, properties } } },
});
const string = { type: "string" };
const query = (...names: string[]) => names.map((name) => ({ name, in: "query", schema: string }));
const path = (name: string) => ({ name, in: "path", required: true, schema: string });
const ok = (schema: unknown) => ({
  "200": { description: "OK", content: { "application/json": { schema } } },
});

function documentOf(paths: Paths): ApiDocument {
  const document = readOpenApi({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths });
  if (!document) throw new Error("not a document");
  return document;
}

function mapOf(paths: Paths): EndpointMap {
  const map = new EndpointMap();
  map.calibrate(documentOf(paths));
  return map;
}

/** An instance with kebab-case actions and ids in the body, as a stock ASP.NET Core service might serve it. */
const aspnet: Paths = {
  "/api/ConnectionsProject/create-project": {
    post: {
      requestBody: json({ name: string, sourceConnectionId: string, destinationConnectionId: string }),
      responses: {},
    },
  },
  "/api/ConnectionsProject/get-projects": {
    get: {
      parameters: query("pageNumber", "pageSize"),
      responses: ok({ type: "object", properties: { items: { type: "array" } } }),
    },
  },
  "/api/ConnectionsProject/get-project/{id}": {
    get: { parameters: [path("id")], responses: ok({ type: "object" }) },
  },
  "/api/ConnectionsProject/rename-project": {
    post: {
      requestBody: json({ projectId: string, newName: string }, ["projectId", "newName"]),
      responses: {},
    },
  },
  "/api/ConnectionsProject/archive-project": {
    post: { requestBody: json({ projectId: string }, ["projectId"]), responses: {} },
  },
  "/api/ConnectionsProject/restore-project": {
    post: { requestBody: json({ projectId: string }, ["projectId"]), responses: {} },
  },
  "/api/ConnectionsProject/delete-project/{projectId}": {
    delete: { parameters: [path("projectId")], responses: {} },
  },
  "/api/ConnectionBatches/get-connection-batches": {
    get: { parameters: query("projectId"), responses: ok({ type: "array" }) },
  },
  "/api/ConnectionBatches/get-connection-batch/{batchId}": {
    get: { parameters: [path("batchId")], responses: ok({ type: "object" }) },
  },
  "/api/EnvironmentScan/start-scan": {
    post: { requestBody: json({ projectId: string, scanType: string, sourceOption: string }), responses: {} },
  },
  "/api/EnvironmentScan/stop-scan": { post: { requestBody: json({ projectId: string }), responses: {} } },
  "/api/EnvironmentScan/get-scan-status": {
    get: { parameters: query("projectId"), responses: ok({ type: "object" }) },
  },
  "/api/AdminUser/get-all-users": { get: { responses: ok({ type: "array" }) } },
  "/api/AdminUser/get-user/{userId}": {
    get: { parameters: [path("userId")], responses: ok({ type: "object" }) },
  },
  "/api/Notification/mark-as-read": {
    post: {
      requestBody: {
        content: {
          "application/x-www-form-urlencoded": {
            schema: {
              type: "object",
              properties: { ids: { type: "array", items: { type: "integer" } }, all: { type: "boolean" } },
            },
          },
        },
      },
      responses: {},
    },
  },
};

describe("discovery", () => {
  it("splits action words at camelCase, kebab-case and snake_case", () => {
    expect(wordsOf("getConnectionBatches")).toEqual(["get", "connection", "batches"]);
    expect(wordsOf("rename-project")).toEqual(["rename", "project"]);
    expect(wordsOf("ConnectionsProject_GetHTTPStatus")).toEqual([
      "connections",
      "project",
      "get",
      "http",
      "status",
    ]);
  });

  it("finds a renamed operation whose parameters are in the body, and sends the id there under the instance's names", () => {
    const map = mapOf(aspnet);
    expect(map.get("renameProject")).toMatchObject({
      method: "POST",
      path: "/api/ConnectionsProject/rename-project",
      source: "openapi",
      listed: true,
      body: "json",
    });
    expect(map.call("renameProject", { args: { projectId: "p-1", name: "Wave 2" } })).toEqual({
      method: "POST",
      path: "/api/ConnectionsProject/rename-project",
      query: {},
      body: { format: "json", value: { projectId: "p-1", newName: "Wave 2" } },
      unplaced: [],
    });
    expect(map.call("archiveProject", { args: { projectId: "p-1" } })).toMatchObject({
      path: "/api/ConnectionsProject/archive-project",
      body: { format: "json", value: { projectId: "p-1" } },
    });
    expect(map.get("restoreProject").path).toBe("/api/ConnectionsProject/restore-project");
    expect(map.call("deleteProject", { args: { projectId: "p 1" } })).toMatchObject({
      method: "DELETE",
      path: "/api/ConnectionsProject/delete-project/p%201",
      body: undefined,
    });
  });

  it("finds the preliminary reads too, with ids in the path or query as the instance names them", () => {
    const map = mapOf(aspnet);
    expect(map.call("getBatch", { args: { configurationId: "c-1" } })).toMatchObject({
      method: "GET",
      path: "/api/ConnectionBatches/get-connection-batch/c-1",
      query: {},
    });
    expect(map.call("listBatches", { args: { projectId: "p-1" } })).toMatchObject({
      path: "/api/ConnectionBatches/get-connection-batches",
      query: { projectId: "p-1" },
    });
    expect(map.call("getProject", { args: { projectId: "p-1" } }).path).toBe(
      "/api/ConnectionsProject/get-project/p-1",
    );
    expect(map.get("listProjects").path).toBe("/api/ConnectionsProject/get-projects");
    expect(map.call("getScanStatus", { args: { projectId: "p-1" } })).toMatchObject({
      path: "/api/EnvironmentScan/get-scan-status",
      query: { projectId: "p-1" },
    });
    expect(map.get("listAdminUsers").path).toBe("/api/AdminUser/get-all-users");
    expect(map.call("getAdminUser", { args: { id: "u-1" } }).path).toBe("/api/AdminUser/get-user/u-1");
    // Found, never confused with its neighbours.
    expect(map.get("startScan").path).toBe("/api/EnvironmentScan/start-scan");
    expect(map.get("stopScan").path).toBe("/api/EnvironmentScan/stop-scan");
  });

  it("sends a form body as the document declares it, and reports an argument the document names nowhere", () => {
    const map = mapOf(aspnet);
    expect(map.call("markNotificationsRead", { args: { notificationIds: [1, 2] } })).toEqual({
      method: "POST",
      path: "/api/Notification/mark-as-read",
      query: {},
      body: { format: "form", fields: [["ids", [1, 2]]] },
      unplaced: [],
    });
    expect(
      map.call("listProjects", { args: { pageNumber: 1, pageSize: 25, includeArchived: true } }),
    ).toMatchObject({
      query: { pageNumber: 1, pageSize: 25, includeArchived: true },
      unplaced: ["includeArchived"],
    });
  });

  it("keeps the guide's path while the document lists it, and moves only to one unambiguous match", () => {
    const start = { requestBody: json({ configurationId: string, mode: string }), responses: {} };
    expect(
      mapOf({
        "/api/ConnectionBatchesProgress/start-migration": { post: start },
        "/api/ConnectionBatchesProgress/start-migration-now": { post: start },
      }).get("startMigration"),
    ).toMatchObject({
      path: "/api/ConnectionBatchesProgress/start-migration",
      source: "guide",
      listed: true,
    });
    expect(
      mapOf({ "/api/ConnectionBatchesProgress/start-batch-migration": { post: start } }).get(
        "startMigration",
      ),
    ).toMatchObject({ path: "/api/ConnectionBatchesProgress/start-batch-migration", source: "openapi" });
    // Two equally good: the guide's path stays, and is known not to be listed.
    expect(
      mapOf({
        "/api/ConnectionBatchesProgress/start-migration-a": { post: start },
        "/api/ConnectionBatchesProgress/start-migration-b": { post: start },
      }).get("startMigration"),
    ).toMatchObject({ path: "/api/ConnectionBatchesProgress/start-migration", listed: false });
  });

  it("breaks ties the same way whatever the document's order: our candidate path, then the shorter, then code points", () => {
    const list = { get: { responses: ok({ type: "array" }) } };
    const tied: Paths = {
      "/api/ScheduleMigration/list": list,
      "/api/ScheduleMigration/upcoming": list,
      "/api/ScheduleMigration/all": list,
    };
    const reversed = Object.fromEntries(Object.entries(tied).reverse());
    for (const paths of [tied, reversed]) {
      const ranked = rankOperations("listSchedules", documentOf(paths)).map((c) => c.operation.path);
      expect(ranked).toEqual([
        "/api/ScheduleMigration/all",
        "/api/ScheduleMigration/list",
        "/api/ScheduleMigration/upcoming",
      ]);
    }
    // A tie with one of our own candidate paths goes to it.
    const withCandidate = {
      ...tied,
      "/api/ConnectionsProject/list": list,
      "/api/ConnectionsProject/all": list,
    };
    expect(mapOf(withCandidate).get("listProjects").path).toBe("/api/ConnectionsProject/list");
  });

  it("sends a file argument as a file part in multipart and as its text in JSON", async () => {
    const csv = () => new File(["source,destination\n"], "domain-replacements.csv", { type: "text/csv" });
    const multipart = mapOf({
      "/api/DomainReplacement/upload-replacement-values": {
        post: {
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  properties: { projectId: string, file: { type: "string", format: "binary" } },
                },
              },
            },
          },
          responses: {},
        },
      },
    }).call("uploadDomainMappings", { args: { projectId: "p-1", csv: csv() } });
    expect(multipart).toMatchObject({
      path: "/api/DomainReplacement/upload-replacement-values",
      unplaced: [],
    });
    const { form } = await encodeBody(multipart.body);
    if (!form || form instanceof URLSearchParams) throw new Error("expected multipart form data");
    const part = form.get("file");
    expect(part).toBeInstanceOf(Blob);
    expect(part instanceof File ? part.name : undefined).toBe("domain-replacements.csv");
    expect(form.get("projectId")).toBe("p-1");
    const json = new EndpointMap().call("uploadDomainMappings", { args: { projectId: "p-1", csv: csv() } });
    expect(await encodeBody(json.body)).toEqual({ json: { projectId: "p-1", csv: "source,destination\n" } });
  });

  it("does not rule out an operation for a body property we cannot fill: the instance's answer will name it", () => {
    const map = mapOf({
      "/api/EnvironmentScan/start-scan": {
        post: {
          requestBody: json({ projectId: string, scanType: string, maxThreads: { type: "integer" } }, [
            "projectId",
            "maxThreads",
          ]),
          responses: {},
        },
      },
      "/api/ScheduleMigration/cancel-schedule": {
        post: { requestBody: json({ scheduleId: string }), responses: {} },
      },
    });
    expect(map.get("startScan").path).toBe("/api/EnvironmentScan/start-scan");
    // `schedule` is a verb too (schedule-migration); "cancel schedule" is one phrase of ours.
    expect(map.get("cancelSchedule").path).toBe("/api/ScheduleMigration/cancel-schedule");
  });

  it("sends one of CloudM's enum names as the integer the document names for it", () => {
    const document = readOpenApi({
      openapi: "3.1.0",
      paths: {
        "/api/EnvironmentScan/start-scan": {
          post: {
            requestBody: json({
              projectId: string,
              scanType: { $ref: "#/components/schemas/ScanType" },
              scanSourceOption: {
                type: "integer",
                enum: [0, 1, 2],
                "x-enumNames": ["Both", "Email", "File"],
              },
            }),
            responses: {},
          },
        },
      },
      components: {
        schemas: {
          ScanType: { type: "integer", enum: [0, 1], "x-enumNames": ["AllItems", "SelectedToMigrateItems"] },
        },
      },
    });
    const map = new EndpointMap();
    map.calibrate(document);
    expect(
      map.call("startScan", {
        args: { projectId: "p-1", scanType: "SelectedToMigrateItems", sourceOption: "email" },
      }).body,
    ).toEqual({ format: "json", value: { projectId: "p-1", scanType: 1, scanSourceOption: 1 } });
  });

  it("sends an id held as text as the number a body field typed integer takes, and text where it takes text", () => {
    const map = mapOf({
      "/api/AdminUser/update-user": {
        post: {
          requestBody: json({
            id: { type: "integer", format: "int32" },
            lastName: { type: ["null", "string"] },
          }),
          responses: {},
        },
      },
      "/api/AdminUser/delete-user": {
        post: { requestBody: json({ id: { type: ["integer", "string"] } }), responses: {} },
      },
    });
    expect(map.call("updateAdminUser", { args: { id: "3", lastName: "42" } }).body).toEqual({
      format: "json",
      value: { id: 3, lastName: "42" },
    });
    expect(map.call("deleteAdminUser", { args: { id: "3" } }).body).toEqual({
      format: "json",
      value: { id: "3" },
    });
    // Not a whole number a JSON number can hold exactly: sent as it was given.
    expect(map.call("updateAdminUser", { args: { id: "12345678901234567890" } }).body).toEqual({
      format: "json",
      value: { id: "12345678901234567890" },
    });
  });

  it("does not hold the verb its method implies against an action that names none", () => {
    // `state` has no verb, so it takes GET's `list`: not a verb of ours, and not counted against it.
    const map = mapOf({
      "/api/EnvironmentScan/state": { get: { parameters: query("projectId"), responses: {} } },
    });
    expect(map.get("getScanStatus")).toMatchObject({ path: "/api/EnvironmentScan/state", source: "openapi" });
  });

  it("finds nothing in another controller, or where a required parameter cannot be filled, and falls back to the table", () => {
    const map = mapOf({
      "/api/Batches/{configurationId}": { get: { parameters: [path("configurationId")], responses: {} } },
      "/api/ConnectionBatches/get-connection-batch": {
        get: {
          parameters: [{ name: "tenantId", in: "query", required: true, schema: string }],
          responses: {},
        },
      },
    });
    expect(map.get("getBatch")).toMatchObject({
      path: "/api/ConnectionBatches/{configurationId}",
      source: "guess",
      listed: false,
    });
  });

  it("takes the group from a tag when the path does not name it, and reads Swagger 2.0 body parameters", () => {
    const document = readOpenApi({
      swagger: "2.0",
      basePath: "/api",
      paths: {
        "/projects/{id}/rename": {
          put: {
            tags: ["ConnectionsProject"],
            operationId: "ConnectionsProject_Rename",
            parameters: [
              { name: "id", in: "path", required: true, type: "string" },
              {
                name: "model",
                in: "body",
                schema: { type: "object", properties: { projectName: { type: "string" } } },
              },
            ],
            responses: { "204": { description: "No Content" } },
          },
        },
      },
    });
    const map = new EndpointMap();
    map.calibrate(document);
    expect(map.call("renameProject", { args: { projectId: "p-1", name: "N" } })).toMatchObject({
      method: "PUT",
      path: "/api/projects/p-1/rename",
      body: { format: "json", value: { projectName: "N" } },
    });
  });
});

describe("paging in the instance's own terms", () => {
  const listed = (parameters: unknown[]) =>
    mapOf({
      "/api/AdminUser/get-users": {
        get: { parameters, responses: ok({ type: "object", properties: { items: { type: "array" } } }) },
      },
    });

  it.each([
    [["skip", "take"], { skip: 40, take: 20 }],
    [["iDisplayStart", "iDisplayLength", "sEcho"], { iDisplayStart: 40, iDisplayLength: 20 }],
    [["$skip", "$top"], { $skip: 40, $top: 20 }],
  ])("sends page 3 of 20 as %j", (names, expected) => {
    const call = listed(query(...names)).call("listAdminUsers", { args: { pageNumber: 3, pageSize: 20 } });
    expect(call.query).toEqual(expected);
    expect(call.unplaced).toEqual([]);
  });

  it("keeps pageNumber and pageSize for an instance that takes them", () => {
    const call = listed(query("pageNumber", "pageSize")).call("listAdminUsers", {
      args: { pageNumber: 3, pageSize: 20 },
    });
    expect(call.query).toEqual({ pageNumber: 3, pageSize: 20 });
  });
});
