/**
 * What a customer's instance can differ in, and what the server must do about it: answers shaped
 * otherwise, secrets read back masked or as null, routes missing or elsewhere. Real SDK clients over
 * the in-memory transport, the server speaking real HTTP to a simulator set up to differ that way.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CloudMSimulatorOptions } from "../../src/simulator/cloudm/server.js";
import { callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

async function withServer(
  options: { simulator?: CloudMSimulatorOptions; argv?: string[]; env?: Record<string, string> },
  body: (env: InProcess) => Promise<void>,
): Promise<void> {
  const env = await startInProcess(options);
  try {
    await body(env);
  } finally {
    await env.close();
  }
}

const demo = (env: InProcess) => {
  const tenant = env.sim.demo;
  if (!tenant) throw new Error("the harness seeds the demo tenant");
  return tenant;
};

describe("create-batch answers", () => {
  for (const answer of ["object", "string"] as const) {
    it(`takes the configurationId from ${answer === "object" ? "{configurationId}" : "a bare GUID string"}`, async () => {
      await withServer({ simulator: { profile: "guide", createBatchAnswer: answer } }, async (env) => {
        const client = await env.connect();
        const { projectId, sourceConnectionId, destinationConnectionId } = demo(env);
        // The guide has no way to read a project back: the connections are given.
        const created = await callTool(client, "create_batch", {
          projectId,
          batchName: `Answer ${answer}`,
          sourceConnectionId,
          destinationConnectionId,
        });
        expect(created.isError, textOf(created)).toBeFalsy();
        const id = (created.structuredContent as { batch: { configurationId: string } }).batch
          .configurationId;
        expect(env.sim.state.batches.get(id)?.batchName).toBe(`Answer ${answer}`);
        expect(created.structuredContent).not.toHaveProperty("note");
      });
    });
  }

  it("asks for the connections by name when the project cannot be read and was not created here", async () => {
    await withServer({ simulator: { profile: "guide" } }, async (env) => {
      const client = await env.connect();
      const before = env.sim.state.batches.size;
      const result = await callTool(client, "create_batch", {
        projectId: demo(env).projectId,
        batchName: "X",
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^sourceConnectionId, destinationConnectionId: .*pass both/);
      expect(env.sim.state.batches.size).toBe(before);
    });
  });
});

describe("update_connection never writes a secret back", () => {
  it("read back masked, and the instance's PUT replaces: asks for the secret by name, then takes it", async () => {
    await withServer({ simulator: { profile: "guide" } }, async (env) => {
      const client = await env.connect();
      const connectionId = demo(env).sourceConnectionId;
      const stored = () => env.sim.state.connections.get(connectionId)?.settings;
      const rename = { connectionId, platform: "Microsoft365", name: "Renamed" };
      const preview = await callTool(client, "update_connection", rename);
      const token = (preview.structuredContent as { confirmationToken: string }).confirmationToken;
      const refused = await callTool(client, "update_connection", { ...rename, confirmationToken: token });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain("Ask the user for the connection's adminPassword");
      expect(textOf(refused)).toContain("settings.adminPassword");
      expect(stored()?.adminPassword).toBe("simulated-secret");

      const withSecret = { ...rename, settings: { adminPassword: "the-new-secret" } };
      const again = await callTool(client, "update_connection", withSecret);
      const next = (again.structuredContent as { confirmationToken: string }).confirmationToken;
      const done = await callTool(client, "update_connection", { ...withSecret, confirmationToken: next });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(stored()).toMatchObject({ adminPassword: "the-new-secret", domainName: "contoso.example" });
      expect(env.sim.state.connections.get(connectionId)?.name).toBe("Renamed");
      expect(JSON.stringify(done)).not.toContain("the-new-secret");
    });
  });

  it("read back as null, and the instance's PUT merges: a rename leaves the stored secret alone", async () => {
    await withServer({ simulator: { secretsReadBack: "null" } }, async (env) => {
      const client = await env.connect();
      const connectionId = demo(env).sourceConnectionId;
      const rename = { connectionId, name: "Renamed" };
      const preview = await callTool(client, "update_connection", rename);
      const token = (preview.structuredContent as { confirmationToken: string }).confirmationToken;
      const done = await callTool(client, "update_connection", { ...rename, confirmationToken: token });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(textOf(done)).toContain("kept its adminPassword");
      expect(env.sim.state.connections.get(connectionId)?.settings.adminPassword).toBe("simulated-secret");
    });
  });
});

it("masks credential-like fields it has never heard of, at any depth, in results, previews and resources", async () => {
  await withServer({}, async (env) => {
    const client = await env.connect();
    const connectionId = demo(env).sourceConnectionId;
    const secrets = {
      apiToken: "sekrit-api-token",
      refreshToken: "sekrit-refresh",
      privateKey: "sekrit-private-key",
      accessKeySecret: "sekrit-access-key-secret",
      connectionString: "Server=x;Password=sekrit-conn",
      advanced: { clientCertificate: "sekrit-cert", sasUrl: "https://x.example/?sig=sekrit-sas" },
    };
    Object.assign(env.sim.state.connections.get(connectionId)?.settings ?? {}, secrets);
    const shown = [
      await callTool(client, "get_connection", { connectionId }),
      await callTool(client, "get_connection", { connectionId, platform: "Microsoft365" }),
      await callTool(client, "update_connection", { connectionId, name: "Preview only" }),
      await client.readResource({ uri: `cloudm://connections/${connectionId}` }),
    ];
    const all = JSON.stringify(shown);
    expect(all).not.toContain("sekrit");
    expect(all).toContain('"apiToken":"********"');
    expect(all).toContain("domainName");
  });
});

it("one platform's list missing becomes a warning, and the others still list", async () => {
  await withServer(
    { simulator: { renameRoutes: { "GET /api/BoxConnections": "/api/BoxConnections/all" } } },
    async (env) => {
      const client = await env.connect();
      const listed = await callTool(client, "list_connections", {});
      expect(listed.isError, textOf(listed)).toBeFalsy();
      const { connections, warnings } = listed.structuredContent as {
        connections: Array<{ id: number }>;
        warnings: string[];
      };
      expect(connections.map((c) => c.id)).toContain(demo(env).sourceConnectionId);
      expect(warnings).toEqual([expect.stringMatching(/^Box connections could not be listed: .*no route/)]);
      expect(textOf(listed)).toContain("Warning: Box");
    },
  );
});

describe("errors that lead somewhere", () => {
  it("a missing route and a missing id say different things", async () => {
    await withServer({ simulator: { profile: "guide" }, argv: ["--toolsets", "all"] }, async (env) => {
      const client = await env.connect();
      const noBatch = await callTool(client, "get_batch_settings", {
        configurationId: "00000000-0000-4000-8000-000000000000",
      });
      expect(noBatch.isError).toBe(true);
      expect(textOf(noBatch)).toContain("No object with that id");
      expect(textOf(noBatch)).not.toContain("MIGRATE_MCP_ENDPOINTS");

      const noRoute = await callTool(client, "list_schedules", {});
      expect(noRoute.isError).toBe(true);
      expect(textOf(noRoute)).toContain("has no route GET /api/ScheduleMigration");
      expect(textOf(noRoute)).toContain("migrate-mcp doctor");
      expect(textOf(noRoute)).toContain("MIGRATE_MCP_ENDPOINTS");
      expect(textOf(noRoute)).not.toContain("No object with that id");
    });
  });

  it("resources/list keeps the static resources, and the project list says why it is short", async () => {
    await withServer({ simulator: { profile: "guide" } }, async (env) => {
      const client = await env.connect();
      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(
        expect.arrayContaining(["cloudm://projects", "cloudm://connections"]),
      );
      const read = await client.readResource({ uri: "cloudm://projects" });
      expect(JSON.stringify(read.contents)).toContain("offers no project list");
    });
  });
});

describe("the endpoint map, corrected for an instance", () => {
  const moved = { "GET /api/ConnectionBatches/{configurationId}": "/api/Batches/{configurationId}" };
  const batchName = "Wave 1 - Sales";
  const previewOf = async (env: InProcess) => {
    const client = await env.connect();
    const result = await callTool(client, "update_batch_settings", {
      configurationId: demo(env).configurationId,
      general: { simultaneousMigrations: 3 },
    });
    return result.structuredContent as { preview: { summary: string; details: Record<string, unknown> } };
  };

  it("without an override, a moved undocumented route degrades the preview and says what it could not read", async () => {
    await withServer({ simulator: { renameRoutes: moved } }, async (env) => {
      const { preview } = await previewOf(env);
      expect(preview.summary).not.toContain(batchName);
      expect(JSON.stringify(preview.details)).toContain("the batch's name");
    });
  });

  it("MIGRATE_MCP_ENDPOINTS maps the operation to the instance's path", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "migrate-mcp-endpoints-")), "endpoints.json");
    writeFileSync(file, JSON.stringify({ getBatch: { path: "/api/Batches/{configurationId}" } }));
    await withServer(
      { simulator: { renameRoutes: moved }, env: { MIGRATE_MCP_ENDPOINTS: file } },
      async (env) => {
        const { preview } = await previewOf(env);
        expect(preview.summary).toContain(`"${batchName}"`);
      },
    );
  });

  it("the instance's OpenAPI document picks the candidate path it actually serves", async () => {
    const getProject = "/api/ConnectionsProject/get-project/{projectId}";
    await withServer(
      { simulator: { renameRoutes: { "GET /api/ConnectionsProject/{projectId}": getProject } } },
      async (env) => {
        const client = await env.connect();
        const result = await callTool(client, "get_project", { projectId: demo(env).projectId });
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(result.structuredContent).toMatchObject({
          project: { name: "Contoso to Fabrikam (simulated)" },
        });
        expect(result.structuredContent).not.toHaveProperty("notes");
        expect(env.sim.countRequests(`GET ${getProject}`)).toBe(1);
      },
    );
  });
});

it("a settings save refused after an earlier section was saved says what was saved, not that nothing was", async () => {
  await withServer({}, async (env) => {
    const client = await env.connect("human", () => ({ action: "accept", content: { confirm: true } }));
    const { configurationId } = demo(env);
    for (let attempt = 0; attempt < 3; attempt++)
      env.sim.faults.enqueue({
        kind: "server_error",
        method: "POST",
        pathPrefix: "/api/BatchConfigSettings/save-source-settings",
      });
    const result = await callTool(client, "update_batch_settings", {
      configurationId,
      general: { simultaneousMigrations: 6 },
      source: { migrateArchive: true },
    });
    env.sim.faults.clear();
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      status: "done",
      note: expect.stringMatching(/^Saved general; source was not saved: /),
    });
    expect(env.sim.state.batches.get(configurationId)?.general.simultaneousMigrations).toBe(6);
  });
});
