/** Reading an instance's OpenAPI document, of any version, without losing it to one part we cannot read. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ApiDocument, ApiOperation } from "../../src/api/cloudm/openapi/model.js";
import { readOpenApi } from "../../src/api/cloudm/openapi/read.js";

function read(json: unknown): ApiDocument {
  const document = readOpenApi(json);
  if (!document) throw new Error("expected a document");
  return document;
}

function operation(document: ApiDocument, method: string, path: string): ApiOperation {
  const found = document.operations.find((op) => op.method === method && op.path === path);
  if (!found) throw new Error(`no ${method} ${path}`);
  return found;
}

const asObject = (map: ReadonlyMap<number, string>) => Object.fromEntries(map);
const string = { type: "string" };

/** What .NET 10 writes: OpenAPI 3.1, nullable as a type array, integer enums, $ref with siblings. */
const dotnet31 = {
  openapi: "3.1.1",
  info: { title: "CloudM Migrate", version: "v1" },
  paths: {
    "/api/ConnectionsProject/{projectId}": {
      parameters: [
        { name: "projectId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
      ],
      get: {
        tags: ["ConnectionsProject"],
        operationId: "GetProject",
        parameters: [{ name: "x-trace", in: "header", schema: { type: ["null", "string"] } }],
        responses: {
          "200": {
            description: "OK",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Project" } } },
          },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
    },
    "/api/ConnectionsProject/rename-project": {
      post: {
        tags: ["ConnectionsProject"],
        requestBody: {
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/RenameProjectRequest" } },
            "text/json": { schema: { $ref: "#/components/schemas/RenameProjectRequest" } },
          },
        },
        responses: { "204": { description: "No Content" } },
      },
    },
  },
  components: {
    responses: {
      NotFound: {
        description: "Not found",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/ProblemDetails" } } },
      },
    },
    schemas: {
      Project: {
        type: "object",
        properties: {
          projectId: { type: "string", format: "uuid" },
          name: { type: ["null", "string"] },
          state: { $ref: "#/components/schemas/RunState", description: "the project's last run" },
          parent: { oneOf: [{ type: "null" }, { $ref: "#/components/schemas/Project" }] },
        },
      },
      RunState: {
        type: "integer",
        format: "int32",
        enum: [0, 1, 2],
        "x-enumNames": ["None", "Running", "Completed"],
      },
      RenameProjectRequest: {
        type: "object",
        required: ["projectId", "newName"],
        additionalProperties: false,
        properties: { projectId: { type: "string" }, newName: { type: "string" } },
      },
      ProblemDetails: { type: "object", properties: { title: { type: ["null", "string"] } } },
    },
  },
};

describe("reading an OpenAPI document", () => {
  it("reads 3.1 as .NET 10 writes it: type arrays, ['null', T], $ref with siblings, shared path parameters", () => {
    const document = read(dotnet31);
    expect(document.version).toBe("3.1");
    expect(document.problems).toEqual([]);
    const get = operation(document, "GET", "/api/ConnectionsProject/{projectId}");
    expect(get).toMatchObject({ operationId: "GetProject", tags: ["ConnectionsProject"] });
    expect(get.parameters).toEqual([
      { name: "projectId", in: "path", required: true, schema: { types: ["string"], format: "uuid" } },
      { name: "x-trace", in: "header", required: false, schema: { types: ["null", "string"] } },
    ]);
    const project = document.resolve(get.responses["200"] ?? { types: [] });
    expect(project.types).toEqual(["object"]);
    expect(project.properties?.name?.types).toEqual(["null", "string"]);
    // The sibling description stays, the referenced enum's type comes through.
    const state = document.resolve(project.properties?.state ?? { types: [] });
    expect(state).toMatchObject({ types: ["integer"], description: "the project's last run" });
    // A recursive model reads (the cycle is a reference, followed only on demand).
    expect(document.resolve(project.properties?.parent ?? { types: [] }).types).toEqual(["object", "null"]);
    expect(document.resolve(get.responses["404"] ?? { types: [] }).properties).toHaveProperty("title");

    const rename = operation(document, "POST", "/api/ConnectionsProject/rename-project");
    expect(rename.requestBody).toMatchObject({
      encodings: ["json"],
      required: ["projectId", "newName"],
      additionalProperties: false,
    });
    expect(Object.keys(rename.requestBody?.properties ?? {})).toEqual(["projectId", "newName"]);
    expect(rename.responses).toEqual({ "204": undefined });
    expect(document.enums.map(asObject)).toEqual([{ 0: "None", 1: "Running", 2: "Completed" }]);
  });

  it("reads 3.0: nullable, allOf merged, form and multipart bodies, a path prefix from a relative server", () => {
    const document = read({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      servers: [{ url: "/api" }],
      paths: {
        "/Notification/mark-read": {
          post: {
            requestBody: {
              content: {
                "application/x-www-form-urlencoded": {
                  schema: {
                    allOf: [
                      { $ref: "#/components/schemas/Ids" },
                      { type: "object", properties: { all: { type: "boolean", nullable: true } } },
                    ],
                  },
                },
              },
            },
            responses: { "200": { description: "OK" } },
          },
        },
        "/BatchMigrationItems/import": {
          post: {
            requestBody: {
              content: {
                "multipart/form-data": {
                  schema: {
                    type: "object",
                    properties: { batchId: { type: "string" }, csv: { type: "string", format: "binary" } },
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
      components: {
        schemas: {
          Ids: {
            type: "object",
            required: ["ids"],
            properties: { ids: { type: "array", items: { type: "integer" } } },
          },
        },
      },
    });
    expect(document.version).toBe("3.0");
    const mark = operation(document, "POST", "/api/Notification/mark-read");
    expect(mark.requestBody).toMatchObject({ encodings: ["form"], required: ["ids"] });
    expect(Object.keys(mark.requestBody?.properties ?? {})).toEqual(["ids", "all"]);
    expect(mark.requestBody?.properties.all?.types).toEqual(["boolean", "null"]);
    const upload = operation(document, "POST", "/api/BatchMigrationItems/import");
    expect(upload.requestBody?.encodings).toEqual(["multipart"]);
    expect(upload.requestBody?.properties.csv?.format).toBe("binary");
  });

  it("reads Swagger 2.0: basePath, body and formData parameters, consumes, definitions, response schemas", () => {
    const document = read(
      JSON.parse(
        readFileSync(new URL("../fixtures/openapi/swagger2-automation.json", import.meta.url), "utf8"),
      ),
    );
    expect(document.version).toBe("2.0");
    expect(document.problems).toEqual([]);
    expect(document.operations).toHaveLength(8);
    const token = operation(document, "POST", "/api/v1/automation/token");
    expect(token.requestBody).toMatchObject({ encodings: ["json", "form"], required: ["login", "password"] });
    expect(token.parameters).toEqual([]);
    const archive = operation(document, "POST", "/api/v1/automation/projects/{id}/archive");
    expect(archive.requestBody).toBeUndefined();
    // Path-level parameters are the operation's too.
    expect(operation(document, "DELETE", "/api/v1/automation/projects/{id}").parameters).toMatchObject([
      { name: "id", in: "path", required: true },
    ]);
    const start = operation(document, "POST", "/api/v1/automation/migration/{id}/start");
    expect(start.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:id", "query:mode"]);
    const items = operation(document, "POST", "/api/v1/automation/migration/{id}/items/import");
    expect(items.requestBody).toMatchObject({ encodings: ["multipart"], required: ["file"] });
    expect(items.requestBody?.properties.file).toMatchObject({ types: ["string"], format: "binary" });
    const list = operation(document, "GET", "/api/v1/automation/projects");
    const page = document.resolve(list.responses["200"] ?? { types: [] });
    expect(document.resolve(page.properties?.items ?? { types: [] }).types).toEqual(["array"]);
    // Named by a description only: "0 = None, 1 = PreparingData, …".
    expect(document.enums.map(asObject)).toEqual([
      {
        0: "None",
        1: "PreparingData",
        2: "Running",
        3: "Queueing",
        4: "Completed",
        5: "Stopped",
        6: "Error",
        7: "Stopping",
      },
    ]);
    const statistics = document.resolve(
      operation(document, "GET", "/api/v1/automation/statistic/{id}").responses["200"] ?? { types: [] },
    );
    expect(Object.keys(statistics.properties ?? {})).toEqual(["status", "value", "success"]);
  });

  it("reads a body that is one of several shapes as taking any of their properties", () => {
    const document = read({
      openapi: "3.0.3",
      paths: {
        "/api/ScheduleMigration/schedule-migration": {
          post: {
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    oneOf: [
                      {
                        type: "object",
                        required: ["configurationId", "scheduleOn"],
                        properties: { configurationId: string, scheduleOn: string },
                      },
                      {
                        type: "object",
                        required: ["configurationId", "completedPercent"],
                        properties: { configurationId: string, completedPercent: { type: "integer" } },
                      },
                    ],
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
    });
    expect(document.operations[0]?.requestBody).toMatchObject({
      required: ["configurationId"],
      properties: { configurationId: {}, scheduleOn: {}, completedPercent: {} },
    });
  });

  it("skips a schema it does not understand, names it, and keeps the rest of the document", () => {
    const document = read({
      openapi: "3.1.0",
      paths: {
        "/api/AdminUser": {
          get: {
            responses: {
              "200": {
                content: {
                  "application/json": {
                    schema: { type: "array", items: { $ref: "#/components/schemas/Broken" } },
                  },
                },
              },
            },
          },
          post: {
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      login: { type: "string" },
                      role: { type: 42 },
                      manager: { $ref: "https://example.com/schemas/User.json" },
                    },
                  },
                },
              },
            },
            responses: {},
          },
          put: "not an operation",
        },
      },
      components: {
        schemas: {
          Broken: { type: "object", properties: "none", required: "login" },
          Fine: { type: "string" },
        },
      },
    });
    expect(document.operations.map((op) => op.method)).toEqual(["GET", "POST"]);
    const add = operation(document, "POST", "/api/AdminUser");
    expect(Object.keys(add.requestBody?.properties ?? {})).toEqual(["login"]);
    expect(document.problems).toEqual([
      "#/components/schemas/Broken/required is not a list of names; ignored",
      "#/components/schemas/Broken/properties is not an object; ignored",
      "PUT /api/AdminUser is not an operation object; skipped",
      "POST /api/AdminUser: requestBody/content/application/json/schema/properties/role has type 42, which is not a JSON type; skipped",
      'POST /api/AdminUser: requestBody/content/application/json/schema/properties/manager $ref "https://example.com/schemas/User.json" is not a local reference this document has; skipped',
    ]);
  });

  it("is not fooled by a document that is not one, or by a reference to itself", () => {
    expect(readOpenApi({ openapi: "3.0.0" })).toBeUndefined();
    expect(readOpenApi({ swagger: "1.2", paths: {} })).toBeUndefined();
    expect(readOpenApi("<html>")).toBeUndefined();
    const looped = read({
      openapi: "3.0.0",
      paths: { "/api/X": { get: { parameters: [{ $ref: "#/components/parameters/A" }], responses: {} } } },
      components: {
        parameters: { A: { $ref: "#/components/parameters/A" } },
        schemas: {
          B: { allOf: [{ $ref: "#/components/schemas/C" }] },
          C: { allOf: [{ $ref: "#/components/schemas/B" }] },
        },
      },
    });
    expect(looped.operations).toHaveLength(1);
    expect(looped.problems).toContain(
      "GET /api/X: parameters/0 $ref #/components/parameters/A refers to itself; skipped",
    );
  });
});

describe("integer enumerations a document names", () => {
  const enumsOf = (schema: Record<string, unknown>) =>
    read({ openapi: "3.0.0", paths: {}, components: { schemas: { E: schema } } }).enums.map(asObject);

  it.each([
    ["x-enumNames (NSwag)", { type: "integer", enum: [0, 2], "x-enumNames": ["None", "Running"] }],
    [
      "x-enum-varnames (openapi-generator)",
      { type: "integer", enum: [0, 2], "x-enum-varnames": ["None", "Running"] },
    ],
    [
      "x-ms-enum (AutoRest)",
      {
        type: "integer",
        enum: [0, 2],
        "x-ms-enum": {
          name: "RunState",
          values: [
            { value: 0, name: "None" },
            { value: 2, name: "Running" },
          ],
        },
      },
    ],
    [
      "a description '0 = None, 2 = Running'",
      { type: "integer", description: "The state: 0 = None, 2 = Running." },
    ],
    ["a description 'None = 0, Running = 2'", { type: "integer", description: "None = 0<br/>Running = 2" }],
    [
      "a description in an HTML list",
      { type: "integer", enum: [0, 2], description: "<ul><li>0 - None</li><li>2 - Running</li></ul>" },
    ],
  ])("from %s", (_source, schema) => {
    expect(enumsOf(schema)).toEqual([{ 0: "None", 2: "Running" }]);
  });

  it("not from string enums, single pairs, or descriptions that disagree with the values", () => {
    expect(
      enumsOf({ type: "string", enum: ["None", "Running"], "x-enumNames": ["None", "Running"] }),
    ).toEqual([]);
    expect(enumsOf({ type: "integer", description: "Page size: 25 = default" })).toEqual([]);
    expect(enumsOf({ type: "integer", enum: [0, 1], description: "0 = None, 2 = Running" })).toEqual([]);
    expect(enumsOf({ type: "string", description: "0 = None, 2 = Running" })).toEqual([]);
  });
});
