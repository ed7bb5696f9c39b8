/**
 * The client on an instance that describes itself otherwise: its document says where each argument
 * goes and what its integers mean, the override file's body format is honoured, and a route found
 * missing is not asked again. A small ASP.NET-like server here, and the simulator.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudMClient } from "../../src/api/cloudm/client.js";
import { parseEndpointOverrides } from "../../src/api/cloudm/overrides.js";
import { NotFoundError, RouteMissingError } from "../../src/api/errors.js";
import { createMigrationBatch, FAST_RETRY, silentLogger, startCloudM } from "../helpers/cloudm.js";

const document = {
  openapi: "3.1.1",
  info: { title: "CloudM Migrate", version: "v1" },
  paths: {
    "/api/ConnectionsProject/rename-project": {
      post: {
        tags: ["ConnectionsProject"],
        requestBody: {
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["projectId", "newName"],
                properties: { projectId: { type: "string" }, newName: { type: ["null", "string"] } },
              },
            },
          },
        },
        responses: { "204": { description: "No Content" } },
      },
    },
    "/api/ConnectionBatches/get-connection-batch/{batchId}": {
      get: {
        parameters: [{ name: "batchId", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "OK" } },
      },
    },
  },
  components: {
    schemas: {
      RunState: {
        type: "integer",
        enum: [0, 1, 2, 3],
        "x-enumNames": ["None", "PreparingData", "Running", "Completed"],
      },
    },
  },
};

interface Seen {
  method: string;
  url: string;
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let url: string;

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      seen.push({ method: request.method ?? "", url: request.url ?? "", body });
      const send = (status: number, json?: unknown) => {
        response.writeHead(status, json === undefined ? {} : { "content-type": "application/json" });
        response.end(json === undefined ? undefined : JSON.stringify(json));
      };
      if (request.url === "/api/Account/login")
        return send(200, {
          userId: "u",
          userName: "Admin",
          email: "a@b.example",
          role: "Admin",
          accessToken: "t",
          expiresIn: 900,
          passwordResetRequired: false,
        });
      if (request.url === "/openapi/v1.json") return send(200, document);
      if (request.url === "/api/ConnectionsProject/rename-project") return send(204);
      // Listed, but no such batch: ASP.NET's NotFound() without a body. Anything else: no route.
      send(404);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clients: CloudMClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));
function client(): CloudMClient {
  const made = new CloudMClient({
    baseUrl: url,
    logger: silentLogger,
    credentials: { kind: "password", email: "a@b.example", password: "p" },
    retry: FAST_RETRY,
  });
  clients.push(made);
  return made;
}

const count = (method: string, path: string) =>
  seen.filter((s) => s.method === method && s.url.split("?")[0] === path).length;

describe("an instance read from its OpenAPI document", () => {
  it("renames with the id in the body, under the instance's names", async () => {
    const cloudm = client();
    const renamed = await cloudm.renameProject("p-1", "Wave 2");
    expect(renamed.value).toBeUndefined();
    const sent = seen.filter((s) => s.url === "/api/ConnectionsProject/rename-project");
    expect(sent.map((s) => [s.method, JSON.parse(s.body) as unknown])).toEqual([
      ["POST", { projectId: "p-1", newName: "Wave 2" }],
    ]);
  });

  it("names the integers the document names, once it has read it", async () => {
    const cloudm = client();
    expect(cloudm.vocabulary.enumName("runState", 2)).toBeUndefined();
    await cloudm.calibrateFromDocument();
    expect(cloudm.vocabulary.enumName("runState", 2)).toBe("Running");
  });

  it("does not send a route found missing again, and fails at once with the same error", async () => {
    const cloudm = client();
    const first = await cloudm.schedules.list(undefined).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RouteMissingError);
    const second = await cloudm.schedules.list("c-1").catch((e: unknown) => e);
    expect(second).toBe(first);
    expect(count("GET", "/api/ScheduleMigration")).toBe(1);
  });

  it("takes an empty 404 on a route the document lists as a missing object, and asks again next time", async () => {
    const cloudm = client();
    for (let i = 0; i < 2; i++) await expect(cloudm.getBatch("c-404")).rejects.toBeInstanceOf(NotFoundError);
    expect(count("GET", "/api/ConnectionBatches/get-connection-batch/c-404")).toBe(2);
  });
});

describe("the simulator", () => {
  const IMPORT = "POST /api/BatchMigrationItems/import-users-from-file";
  const csv = "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate\na@x,a@x,User,User,true";
  const overrides = (json: unknown) => {
    const parsed = parseEndpointOverrides(json);
    if (!("overrides" in parsed)) throw new Error(parsed.problems.join("; "));
    return parsed.overrides;
  };

  it("uploads in the body format the override file gives, and only in that one", async () => {
    const guide = await startCloudM({
      simulator: { profile: "guide" },
      client: { endpoints: overrides({ importUsersFromFile: { body: "json" } }) },
    });
    const full = await startCloudM({
      client: { endpoints: overrides({ importUsersFromFile: { body: "json" } }) },
    });
    try {
      const batch = await createMigrationBatch(guide.client, "Declared");
      const written = await guide.client.importUsersFromFile(batch.configurationId, csv, "a.csv");
      expect(written.value.importedCount).toBe(1);
      expect(guide.sim.countRequests(IMPORT)).toBe(1);
      // The full profile takes multipart only: refused, and not tried in another format.
      const other = await createMigrationBatch(full.client, "Refused");
      await expect(full.client.importUsersFromFile(other.configurationId, csv, "a.csv")).rejects.toThrow();
      expect(full.sim.countRequests(IMPORT)).toBe(1);
    } finally {
      await Promise.all([guide.close(), full.close()]);
    }
  });

  it("remembers a route missing on an instance without a document", async () => {
    const guide = await startCloudM({ simulator: { profile: "guide" } });
    try {
      const id = "3f2c1b7e-0000-4000-8000-000000000001";
      const first = await guide.client.getBatch(id).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(RouteMissingError);
      await expect(guide.client.getBatch(id)).rejects.toBe(first);
      expect(guide.sim.countRequests(`GET /api/ConnectionBatches/${id}`)).toBe(1);
    } finally {
      await guide.close();
    }
  });
});
