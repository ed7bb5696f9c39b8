/**
 * The batch tools (src/tools/batches.ts): a batch's general, source and destination settings, and its
 * users, added one by one or imported from CSV text or a file in an allowed folder.
 */
import { mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigrationBatch } from "../helpers/cloudm.js";
import { startEdgeProxy } from "../helpers/edge-proxy.js";
import { accept, callOk, callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

type Json = Record<string, unknown>;

const NO_SUCH_BATCH = "00000000-0000-4000-8000-000000000000";
const allowed = realpathSync(mkdtempSync(join(tmpdir(), "migrate-mcp-batches-")));

let env: InProcess;
let client: Client;
beforeAll(async () => {
  env = await startInProcess({ argv: ["--allow-dir", allowed] });
  // Confirmation outcomes are confirm.test.ts's: here the human always agrees.
  client = await env.connect("human", () => accept());
});
afterAll(() => env.close());

const ok = (name: string, args: Record<string, unknown>) => callOk(client, name, args);

const newBatch = async (name: string) => (await createMigrationBatch(env.cloudm, name)).configurationId;
const itemsOf = (configurationId: string) => [
  ...(env.sim.state.batches.get(configurationId)?.items.values() ?? []),
];

describe("add_migration_items", () => {
  it("adds each user with every data flag on by default, and says which could not be added", async () => {
    const configurationId = await newBatch("Add");
    const added = await ok("add_migration_items", {
      configurationId,
      items: [
        { exportName: "one@src.example", importName: "one@dst.example" },
        { exportName: "one@src.example" },
      ],
    });
    expect(added).toMatchObject({ added: 1, failed: 1 });
    const [first, second] = added.results as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ exportName: "one@src.example", ok: true, itemId: expect.any(String) });
    expect(second).toMatchObject({ ok: false, error: expect.stringContaining("already in batch") });
    expect(itemsOf(configurationId)).toEqual([
      expect.objectContaining({
        exportName: "one@src.example",
        importName: "one@dst.example",
        flags: { mail: true, calendar: true, contacts: true, drive: true },
      }),
    ]);
  });
});

describe("import_migration_items", () => {
  it("imports a CSV file from an allowed folder and names the rows it could not import", async () => {
    const configurationId = await newBatch("Import file");
    const csvPath = join(allowed, "users.csv");
    writeFileSync(
      csvPath,
      [
        "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
        ...Array.from({ length: 30 }, (_, i) => `user${i}@src.example,user${i}@dst.example,User,User,true`),
        "bad@src.example,,User,User,true",
      ].join("\n"),
    );
    const imported = await ok("import_migration_items", { configurationId, filePath: csvPath });
    expect(imported).toMatchObject({ importedCount: 30 });
    expect((imported.errors as Array<{ row: number }>).map((e) => e.row)).toEqual([32]);
    expect(itemsOf(configurationId)).toHaveLength(30);
  });

  it("imports CSV text, skipping users already in the batch", async () => {
    const configurationId = await newBatch("Import text");
    const csv = [
      "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
      "a@src.example,a@dst.example,User,User,true",
      "b@src.example,b@dst.example,User,User,true",
    ].join("\n");
    expect(await ok("import_migration_items", { configurationId, csv })).toMatchObject({ importedCount: 2 });
    const again = await ok("import_migration_items", { configurationId, csv });
    expect(again).toMatchObject({ importedCount: 0 });
    expect((again.errors as Array<{ row: number }>).map((e) => e.row)).toEqual([2, 3]);
    expect(itemsOf(configurationId).map((i) => i.exportName)).toEqual(["a@src.example", "b@src.example"]);
  });

  it("refuses files outside the allowed directories", async () => {
    const result = await callTool(client, "import_migration_items", {
      configurationId: NO_SUCH_BATCH,
      filePath: "/etc/passwd",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("outside the allowed directories");
  });

  it("answers the same for a missing and a forbidden path, and never says where a link points", async () => {
    const answer = async (filePath: string) =>
      textOf(await callTool(client, "import_migration_items", { configurationId: NO_SUCH_BATCH, filePath }));
    const outside = (path: string) => `filePath: '${path}' is outside the allowed directories`;
    expect(await answer("/etc/passwd")).toContain(outside("/etc/passwd"));
    expect(await answer("/etc/no-such-file")).toContain(outside("/etc/no-such-file"));
    const link = join(allowed, "innocent.csv");
    symlinkSync("/etc/passwd", link);
    const viaLink = await answer(link);
    expect(viaLink).toContain(outside(link));
    expect(viaLink).not.toContain("/etc/passwd");
  });

  it("answers a folder given as filePath with a clear error, not an internal one", async () => {
    const result = await callTool(client, "import_migration_items", {
      configurationId: NO_SUCH_BATCH,
      filePath: allowed,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^filePath: '.*' is a folder; give the path of a file in it/);
  });

  it("wants exactly one of csv and filePath", async () => {
    const result = await callTool(client, "import_migration_items", { configurationId: NO_SUCH_BATCH });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Give exactly one of csv (the text) or filePath");
  });
});

describe("get_batch_settings and update_batch_settings", () => {
  it("reads a new batch's settings as the instance holds them", async () => {
    const configurationId = await newBatch("Defaults");
    const result = await callTool(client, "get_batch_settings", { configurationId });
    expect(result.structuredContent).toEqual({
      generalSettings: env.sim.state.batches.get(configurationId)?.general,
      sourceSettings: {},
      destinationSettings: {},
    });
    expect(textOf(result)).toContain('general.folderSelection="All"');
    expect(textOf(result)).toContain("general.simultaneousMigrations=10");
  });

  it("saves only the fields given, after confirmation, and reads them back", async () => {
    const configurationId = await newBatch("Settings");
    const settings = await ok("update_batch_settings", {
      configurationId,
      general: { folderSelection: "NoDeleted" },
      destination: { preserveTimestamps: true },
    });
    expect(settings.status).toBe("done");
    expect(settings).toMatchObject({
      generalSettings: { folderSelection: "NoDeleted", simultaneousMigrations: 10 },
      destinationSettings: { preserveTimestamps: true },
    });
    expect((await ok("get_batch_settings", { configurationId })).generalSettings).toMatchObject({
      folderSelection: "NoDeleted",
    });
    expect(env.sim.state.batches.get(configurationId)?.general.folderSelection).toBe("NoDeleted");
  });

  it("takes our friendly names and the instance's own, and reports what the read-back shows applied", async () => {
    const configurationId = await newBatch("Settings names");
    const settings = await ok("update_batch_settings", {
      configurationId,
      general: { SIMULTANEOUSMIGRATIONS: 4, emailDateFrom: "2024-01-01T00:00:00.000Z" },
    });
    expect(settings).toMatchObject({
      applied: ["general.simultaneousMigrations", "general.emailDateFrom"],
    });
    expect(settings.notApplied).toBeUndefined();
    expect(env.sim.state.batches.get(configurationId)?.general).toMatchObject({
      simultaneousMigrations: 4,
      emailDateFrom: "2024-01-01T00:00:00.000Z",
    });
  });

  it("refuses a setting the instance does not have, naming the ones it has, and sends nothing", async () => {
    const configurationId = await newBatch("Settings unknown");
    const before = structuredClone(env.sim.state.batches.get(configurationId)?.general);
    const saves = env.sim.countRequests("POST /api/BatchConfigSettings/save-general-settings");
    const result = await callTool(client, "update_batch_settings", {
      configurationId,
      general: { emailFromDate: "2024-01-01", simultaneousMigrations: 3 },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("general settings have no 'emailFromDate'");
    expect(textOf(result)).toContain("simultaneousMigrations");
    expect(env.sim.countRequests("POST /api/BatchConfigSettings/save-general-settings")).toBe(saves);
    expect(env.sim.state.batches.get(configurationId)?.general).toEqual(before);
  });

  it("names the value an instance half-ignored: it took the save and dropped one setting", async () => {
    // An ASP.NET-style instance (CloudM's GeneralMigrationModel names) whose binder drops one field.
    const half = await startInProcess({
      simulator: { profile: "aspnet" },
      edge: (url) =>
        startEdgeProxy(url, [
          {
            method: "POST",
            pathPrefix: "/api/BatchConfigSettings/save-general-settings",
            rewriteBody: (body) => {
              const { configurationId, settings } = body as { configurationId: string; settings: Json };
              const advanced = {
                ...(settings.advancedSettings as Json),
                limitSimultaneousMigrationsForConfig: undefined,
              };
              return { configurationId, settings: { ...settings, advancedSettings: advanced } };
            },
          },
        ]),
    });
    try {
      const human = await half.connect("human", () => accept());
      const configurationId = half.sim.demo?.configurationId ?? "";
      const result = await callTool(human, "update_batch_settings", {
        configurationId,
        general: { simultaneousMigrations: 4, emailDateFrom: "2024-03-01T00:00:00.000Z" },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        status: "done",
        applied: ["general.emailFrom"],
        notApplied: [
          {
            setting: "general.advancedSettings.limitSimultaneousMigrationsForConfig",
            asked: 4,
            instanceHas: 10,
          },
        ],
      });
      expect(textOf(result)).toContain("did not apply 1");
      const general = half.sim.state.batches.get(configurationId)?.general;
      expect(general).toMatchObject({
        simultaneousMigrations: 10,
        emailDateFrom: "2024-03-01T00:00:00.000Z",
      });
    } finally {
      await half.close();
    }
  });

  it("refuses an update that names no setting, without asking anyone to confirm nothing", async () => {
    for (const sections of [{}, { general: {} }, { general: {}, source: {}, destination: {} }]) {
      const result = await callTool(client, "update_batch_settings", {
        configurationId: NO_SUCH_BATCH,
        ...sections,
      });
      expect(result.isError, JSON.stringify(sections)).toBe(true);
      expect(textOf(result)).toContain(
        "Give at least one setting to change, in general, source or destination",
      );
    }
  });
});
