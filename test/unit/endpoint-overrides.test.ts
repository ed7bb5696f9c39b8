/** The override file: an admin's corrections of what discovery gets wrong, read strictly, old entries still accepted. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readOpenApi } from "../../src/api/cloudm/openapi/read.js";
import { type EndpointOverrides, parseEndpointOverrides } from "../../src/api/cloudm/overrides.js";
import { EndpointMap } from "../../src/api/cloudm/routing/map.js";
import { buildVocabulary } from "../../src/api/cloudm/vocabulary.js";

function parsed(json: unknown): EndpointOverrides {
  const result = parseEndpointOverrides(json);
  if (!("overrides" in result)) throw new Error(result.problems.join("\n"));
  return result.overrides;
}

const problemsOf = (json: unknown): string[] => {
  const result = parseEndpointOverrides(json);
  return "problems" in result ? result.problems : [];
};

describe("the override file", () => {
  it("still reads today's entries: method, path and body per operation", () => {
    expect(
      parsed({
        getBatch: { path: "/api/ConnectionBatches/get-connection-batch/{configurationId}" },
        importUsersFromFile: { body: "json" },
        renameProject: { method: "POST" },
      }),
    ).toEqual({
      operations: {
        getBatch: { path: "/api/ConnectionBatches/get-connection-batch/{configurationId}" },
        importUsersFromFile: { body: "json" },
        renameProject: { method: "POST" },
      },
      fields: {},
      enums: {},
    });
  });

  it("reads where each argument goes, the body format, answer field names and enum values", () => {
    expect(
      parsed({
        renameProject: {
          method: "POST",
          path: "/api/Projects/rename",
          body: "form",
          params: { projectId: { in: "body", name: "id" }, name: { in: "form", name: "title" } },
        },
        fields: { "statistics.failedUsers": "failedUserCount" },
        enums: { runState: { "2": "Running", "9": "completed" } },
      }),
    ).toEqual({
      operations: {
        renameProject: {
          method: "POST",
          path: "/api/Projects/rename",
          body: "form",
          params: { projectId: { in: "body", name: "id" }, name: { in: "body", name: "title" } },
        },
      },
      fields: { "statistics.failedUsers": "failedUserCount" },
      enums: { runState: { "2": "Running", "9": "completed" } },
    });
  });

  it("reads the README's example", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const example = /\*\*The override file\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect(problemsOf(JSON.parse(example ?? ""))).toEqual([]);
  });

  it("names every malformed entry", () => {
    expect(
      problemsOf({
        getBatchh: {},
        renameProject: { params: { projectName: { in: "body" }, projectId: { in: "header" } } },
        getBatch: { path: "/api/Batches/{tenant}/{configurationId}" },
        archiveProject: { path: "/api/Projects/archive", params: { projectId: { in: "path" } } },
        fields: { failedUsers: "failedUserCount" },
        enums: { runStates: { "2": "Running" }, runState: { "2": "Sprinting" } },
      }),
    ).toEqual([
      expect.stringContaining("'getBatchh' is not an operation or a section (fields, enums)"),
      expect.stringMatching(/^renameProject: params\.projectId\.in /),
      'getBatch: the path names {tenant}, which none of its arguments (configurationId) fills; add "params": {"<argument>": {"in": "path", "name": "tenant"}}',
      "archiveProject: params.projectId goes in the path, but /api/Projects/archive has no {projectId}",
      'fields.failedUsers: a key is an answer and its field, e.g. {"statistics.failedUsers": "failedUserCount"}',
      expect.stringContaining("enums.runStates is not an enum this server reads"),
      expect.stringMatching(/^enums\.runState\.2: 'Sprinting' is not one of None, PreparingData/),
    ]);
    expect(problemsOf({ renameProject: { params: { projectName: { in: "body" } } } })).toEqual([
      "renameProject: params.projectName is not one of its arguments; they are projectId, name",
    ]);
    expect(problemsOf({ fields: [] })).toEqual([expect.stringMatching(/^fields: /)]);
    expect(problemsOf({ enums: { runState: { "2": 2 } } })).toEqual([expect.stringMatching(/^enums: /)]);
  });

  it("places each argument where an entry says, over the document, and honours its body format", () => {
    const map = new EndpointMap(
      parsed({
        renameProject: {
          method: "POST",
          path: "/api/Projects/rename",
          params: { projectId: { in: "body", name: "id" }, name: { in: "query", name: "title" } },
        },
        archiveProject: {
          body: "form",
          params: { projectId: { in: "body" } },
          path: "/api/ConnectionsProject/archive",
        },
        startMigration: { body: "none" },
      }).operations,
    );
    map.calibrate(readOpenApi({ openapi: "3.0.0", paths: {} }));
    expect(map.call("renameProject", { args: { projectId: "p-1", name: "N" } })).toEqual({
      method: "POST",
      path: "/api/Projects/rename",
      query: { title: "N" },
      body: { format: "json", value: { id: "p-1" } },
      unplaced: [],
    });
    expect(map.call("archiveProject", { args: { projectId: "p-1" } }).body).toEqual({
      format: "form",
      fields: [["projectId", "p-1"]],
    });
    // No body: the guide's body fields travel in the query.
    expect(
      map.call("startMigration", { json: { configurationId: "c-1", mode: "StartMigration" } }),
    ).toMatchObject({
      query: { configurationId: "c-1", mode: "StartMigration" },
      body: undefined,
    });
  });

  it("builds the vocabulary from the document's enums, then the file's names over them", () => {
    const document = readOpenApi({
      openapi: "3.0.0",
      paths: {},
      components: {
        schemas: {
          State: {
            type: "integer",
            enum: [0, 1, 2, 3],
            "x-enumNames": ["None", "PreparingData", "Running", "Completed"],
          },
        },
      },
    });
    const overrides = parsed({
      fields: { "statistics.failedUsers": "failedUserCount" },
      enums: { runState: { "3": "Stopped", "9": "Completed" } },
    });
    const vocabulary = buildVocabulary({
      declaredEnums: document?.enums ?? [],
      enumOverrides: overrides.enums,
      fieldOverrides: overrides.fields,
    });
    expect(vocabulary.enumName("runState", 2)).toBe("Running");
    expect(vocabulary.enumName("runState", 3)).toBe("Stopped");
    expect(vocabulary.enumName("runState", 9)).toBe("Completed");
    expect(vocabulary.enumName("runState", 7)).toBeUndefined();
    expect(vocabulary.fieldNames("statistics", "failedUsers")).toEqual(["failedUserCount"]);
  });
});
