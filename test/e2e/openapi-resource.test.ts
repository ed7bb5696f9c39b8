/**
 * Project management, import from source, call_api, the instance OpenAPI and
 * describe_platform_settings, through real MCP clients against the simulator.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PLATFORMS } from "../../src/api/cloudm/platforms.js";
import {
  accept,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

let env: InProcess;
let answers: Array<() => ReturnType<typeof accept>>;
beforeEach(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"] });
  answers = [];
});
afterEach(() => env.close());

const elicitingClient = () => env.connect("human", () => (answers.shift() ?? decline)());
const demo = () => env.sim.demo!;

describe("projects toolset", () => {
  it("renames, archives (hidden from lists), restores", async () => {
    const client = await env.connect();
    const renamed = await callTool(client, "rename_project", {
      projectId: demo().projectId,
      name: "Renamed",
    });
    expect(renamed.structuredContent).toMatchObject({ name: "Renamed" });
    expect(env.sim.state.projects.get(demo().projectId)?.name).toBe("Renamed");

    await callTool(client, "archive_project", { projectId: demo().projectId });
    const active = await callTool(client, "list_projects");
    expect((active.structuredContent as { projects: unknown[] }).projects).toHaveLength(0);
    const all = await callTool(client, "list_projects", { includeArchived: true });
    expect(
      (all.structuredContent as { projects: Array<{ isArchived: boolean }> }).projects[0]?.isArchived,
    ).toBe(true);

    await callTool(client, "restore_project", { projectId: demo().projectId });
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(false);
  });

  it("pages list_projects with a cursor", async () => {
    const client = await env.connect();
    for (let i = 0; i < 3; i++) {
      await callTool(client, "create_project", {
        name: `P${i}`,
        sourceConnectionId: demo().sourceConnectionId,
        destinationConnectionId: demo().destinationConnectionId,
      });
    }
    const first = (await callTool(client, "list_projects", { pageSize: 3 })).structuredContent as {
      projects: Array<{ name: string }>;
      nextCursor?: string;
      totalResults: number;
    };
    expect(first.totalResults).toBe(4);
    expect(first.nextCursor).toBeDefined();
    const second = (await callTool(client, "list_projects", { pageSize: 3, cursor: first.nextCursor }))
      .structuredContent as { projects: Array<{ name: string }>; nextCursor?: string };
    expect(second.projects.map((p) => p.name)).toEqual(["P2"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("deletes only when the human confirms and types the project's name", async () => {
    const client = await elicitingClient();
    const projectId = demo().projectId;
    answers.push(decline);
    const declined = await callTool(client, "delete_project", { projectId });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    answers.push(() => accept({ confirm: true, name: "wrong name" }));
    expect((await callTool(client, "delete_project", { projectId })).structuredContent).toMatchObject({
      status: "declined",
    });
    expect(env.sim.state.projects.has(projectId)).toBe(true);
    expect(env.sim.state.batches.size).toBe(1);

    answers.push(() => accept({ confirm: true, name: "Contoso to Fabrikam (simulated)" }));
    const deleted = await callTool(client, "delete_project", { projectId });
    expect(deleted.structuredContent).toMatchObject({ status: "done", deletedBatches: 1 });
    expect(env.sim.state.projects.has(projectId)).toBe(false);
    expect(env.sim.state.batches.size).toBe(0);
  });

  it("refuses to delete a project whose batch is running, saying what to do", async () => {
    const client = await env.connect();
    await confirmWithToken(client, "start_migration", {
      configurationId: demo().configurationId,
      mode: "StartMigration",
    });
    const refused = await confirmWithToken(client, "delete_project", { projectId: demo().projectId });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("Stop the running batches first");
    expect(env.sim.state.projects.has(demo().projectId)).toBe(true);
  });
});

describe("update_connection", () => {
  it("merges settings after confirmation and keeps the stored secret", async () => {
    const client = await elicitingClient();
    const connectionId = demo().sourceConnectionId;
    answers.push(decline);
    const declined = await callTool(client, "update_connection", { connectionId, name: "Changed" });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(env.sim.state.connections.get(connectionId)?.name).toBe("Contoso Microsoft 365 (simulated)");
    answers.push(() => accept());
    const updated = await callTool(client, "update_connection", {
      connectionId,
      name: "Changed",
      settings: { testUserName: "ben.bauer@contoso.example" },
    });
    expect(updated.structuredContent).toMatchObject({
      status: "done",
      connection: {
        name: "Changed",
        settings: { adminPassword: "********", testUserName: "ben.bauer@contoso.example" },
      },
    });
    const stored = env.sim.state.connections.get(connectionId)?.settings;
    expect(stored).toMatchObject({ adminPassword: "simulated-secret", domainName: "contoso.example" });
  });
});

describe("items toolset", () => {
  it("imports the source directory's users, skipping those already there", async () => {
    const client = await env.connect();
    const result = await callTool(client, "import_migration_items_from_source", {
      configurationId: demo().configurationId,
    });
    const { importedCount, skippedCount } = result.structuredContent as {
      importedCount: number;
      skippedCount: number;
    };
    expect(importedCount + skippedCount).toBe(25);
    expect(env.sim.state.batches.get(demo().configurationId)?.items.size).toBe(30 + importedCount);
  });
});

describe("call_api", () => {
  let client: Client;
  beforeEach(async () => {
    client = await elicitingClient();
  });

  it("runs a GET at once and returns the parsed answer", async () => {
    const result = await callTool(client, "call_api", {
      method: "GET",
      path: `/api/ConnectionsProject/${demo().projectId}`,
    });
    expect(result.structuredContent).toMatchObject({
      httpStatus: 200,
      body: { name: "Contoso to Fabrikam (simulated)" },
    });
  });

  it("asks before any other method; declined changes nothing, accepted acts", async () => {
    const args = { method: "POST", path: `/api/ConnectionsProject/${demo().projectId}/archive` };
    answers.push(decline);
    expect((await callTool(client, "call_api", args)).structuredContent).toMatchObject({
      status: "declined",
    });
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(false);
    answers.push(() => accept());
    expect((await callTool(client, "call_api", args)).structuredContent).toMatchObject({ status: "done" });
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(true);
  });

  it.each([
    ["https://evil.example/api/x", "must start with /api/"],
    ["//evil.example/api/x", "must start with /api/"],
    ["/api/http://evil.example/x", "scheme or host"],
    ["/api/../openapi/v1.json", "segments"],
    ["/api/%2e%2e/openapi/v1.json", "segments"],
    ["/api/x/..%2F..%2Fadmin", "segments"],
    ["/api//evil.example", "//"],
    ["/api/x?admin=1", "query"],
    ["/apix/y", "must start with /api/"],
  ])("refuses %s before any request", async (path, why) => {
    const before = env.sim.requests.length;
    const result = await callTool(client, "call_api", { method: "GET", path });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("path:");
    expect(textOf(result)).toContain(why);
    expect(env.sim.requests.length).toBe(before);
  });

  it("is not offered in read-only mode", async () => {
    const readOnly = await startInProcess({ argv: ["--toolsets", "all", "--read-only"] });
    try {
      const { tools } = await (await readOnly.connect()).listTools();
      expect(tools.map((t) => t.name)).not.toContain("call_api");
      expect(tools.map((t) => t.name)).toContain("describe_platform_settings");
    } finally {
      await readOnly.close();
    }
  });
});

describe("instance schema", () => {
  it("serves /openapi/v1.json generated from the client's schemas, for every simulator route", async () => {
    const client = await env.connect();
    const resource = await client.readResource({ uri: "cloudm://openapi" });
    const doc = JSON.parse((resource.contents[0] as { text: string }).text) as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary: string;
            requestBody?: {
              content: {
                "application/json": { schema: { required?: string[]; properties?: Record<string, unknown> } };
              };
            };
          }
        >
      >;
      components: { schemas: Record<string, { required: string[] }> };
    };
    const routes = new Set(Object.keys(doc.paths));
    for (const path of [
      "/api/Account/login",
      "/api/BatchMigrationItems/add-migration-item",
      "/api/ConnectionsProject/{projectId}/rename",
      "/openapi/v1.json",
    ]) {
      expect(routes).toContain(path);
    }
    const addItem =
      doc.paths["/api/BatchMigrationItems/add-migration-item"]?.post?.requestBody?.content["application/json"]
        .schema;
    expect(addItem?.required).toEqual(
      expect.arrayContaining(["configurationId", "exportName", "importName", "mail", "migrate"]),
    );
    const createM365 =
      doc.paths["/api/Microsoft365Connections"]?.post?.requestBody?.content["application/json"].schema;
    expect(createM365?.properties?.settings).toEqual({
      $ref: "#/components/schemas/Microsoft365ConnectionSettings",
    });
    expect(doc.components.schemas.Microsoft365ConnectionSettings?.required).toEqual([
      ...(PLATFORMS.get("Microsoft365")?.requiredSettings ?? []),
    ]);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods))
        expect(op.summary, `${method} ${path}`).not.toMatch(/^(GET|POST|PUT|DELETE) /);
    }
  });

  it("describes a platform's settings from the instance OpenAPI", async () => {
    const client = await env.connect();
    const described = await callTool(client, "describe_platform_settings", { platform: "AmazonStorage" });
    expect(described.structuredContent).toMatchObject({
      required: ["domainName", "accessKey", "secretKey", "bucketName", "bucketRegion"],
      secrets: ["accessKey", "secretKey"],
      canBeDestination: true,
    });
    expect((described.structuredContent as { source: string }).source).toContain(
      "instance OpenAPI (AmazonStorageConnectionSettings)",
    );
  });
});
