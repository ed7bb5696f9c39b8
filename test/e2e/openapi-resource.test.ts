/** The cloudm://openapi resource: the simulator's /openapi/v1.json, generated from the client's schemas. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORMS } from "../../src/api/cloudm/platforms.js";
import { type InProcess, startInProcess } from "../helpers/in-process.js";

let env: InProcess;
beforeAll(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"] });
});
afterAll(() => env.close());

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
});
