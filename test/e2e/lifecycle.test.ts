/**
 * End to end over stdio: a real SDK Client spawns the built server in demo mode (the embedded
 * simulator) and drives the migration lifecycle, confirmations included.
 */
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDemo, type McpSession, textOf, waitForRun, withDemo } from "../helpers/mcp.js";

const M365_SOURCE = {
  platform: "Microsoft365",
  name: "Src",
  connectionType: "Source",
  settings: {
    domainName: "src.example",
    adminName: "admin@src.example",
    adminPassword: "pw-123",
    testUserName: "a@src.example",
  },
};
const GOOGLE_DEST = {
  platform: "GoogleWorkspace",
  name: "Dst",
  connectionType: "Destination",
  settings: {
    domainName: "dst.example",
    adminUsername: "admin@dst.example",
    serviceAccountEmailAddress: "sa@dst.example",
    key: "k-1",
    testUsername: "a@dst.example",
  },
};

async function newBatch(session: McpSession, name: string): Promise<string> {
  const source = (await session.ok("create_connection", { ...M365_SOURCE, name: `${name} src` })) as {
    connection: { id: number };
  };
  const dest = (await session.ok("create_connection", { ...GOOGLE_DEST, name: `${name} dst` })) as {
    connection: { id: number };
  };
  const project = (await session.ok("create_project", {
    name,
    sourceConnectionId: source.connection.id,
    destinationConnectionId: dest.connection.id,
  })) as {
    project: { projectId: string };
  };
  const batch = (await session.ok("create_batch", {
    projectId: project.project.projectId,
    batchName: name,
  })) as { batch: { configurationId: string } };
  return batch.batch.configurationId;
}

describe("lifecycle with a client that can elicit", () => {
  let session: McpSession;
  const answers: Array<"accept" | "decline"> = [];
  const asked: string[] = [];
  const allowed = realpathSync(mkdtempSync(join(tmpdir(), "migrate-mcp-e2e-")));

  beforeAll(async () => {
    session = await connectDemo({
      args: ["--allow-dir", allowed],
      elicit: (request) => {
        asked.push(request.params.message);
        const answer = answers.shift() ?? "accept";
        return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" };
      },
    });
  });
  afterAll(() => session.close());

  it("runs connections, project, batch, items, settings, runs, restart, stop and report", async () => {
    const who = await session.call("whoami");
    expect(textOf(who)).toContain("SIMULATOR");
    expect(who.structuredContent).toMatchObject({ simulator: true, email: "admin@contoso.example" });

    const source = (await session.ok("create_connection", M365_SOURCE)) as {
      connection: { id: number; settings: Record<string, unknown> };
    };
    expect(source.connection.settings.adminPassword).toBe("********");
    const dest = (await session.ok("create_connection", GOOGLE_DEST)) as { connection: { id: number } };
    const tested = await session.ok("test_connection", { connectionId: source.connection.id });
    expect(tested).toMatchObject({ completed: true, success: true });
    const listed = (await session.ok("list_connections", { connectionType: "Destination" })) as {
      connections: Array<{ id: number }>;
    };
    expect(listed.connections.map((c) => c.id)).toContain(dest.connection.id);

    const project = (await session.ok("create_project", {
      name: "E2E",
      sourceConnectionId: source.connection.id,
      destinationConnectionId: dest.connection.id,
    })) as {
      project: { projectId: string };
    };
    const batch = (await session.ok("create_batch", {
      projectId: project.project.projectId,
      batchName: "Wave",
    })) as { batch: { configurationId: string } };
    const configurationId = batch.batch.configurationId;

    const added = await session.ok("add_migration_items", {
      configurationId,
      items: [
        { exportName: "one@src.example", importName: "one@dst.example" },
        { exportName: "one@src.example" },
      ],
    });
    expect(added).toMatchObject({ added: 1, failed: 1 });
    const csvPath = join(allowed, "users.csv");
    writeFileSync(
      csvPath,
      [
        "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
        ...Array.from({ length: 30 }, (_, i) => `user${i}@src.example,user${i}@dst.example,User,User,true`),
        "bad@src.example,,User,User,true",
      ].join("\n"),
    );
    const imported = await session.ok("import_migration_items", { configurationId, filePath: csvPath });
    expect(imported).toMatchObject({ importedCount: 30 });
    expect((imported.errors as Array<{ row: number }>).map((e) => e.row)).toEqual([32]);

    const settings = await session.ok("update_batch_settings", {
      configurationId,
      general: { folderSelection: "NoDeleted" },
    });
    expect(settings.status).toBe("done");
    expect((await session.ok("get_batch_settings", { configurationId })).generalSettings).toMatchObject({
      folderSelection: "NoDeleted",
    });

    asked.length = 0;
    expect((await session.ok("start_migration", { configurationId, mode: "CheckUsersOnly" })).status).toBe(
      "done",
    );
    expect(asked[0]).toContain("CheckUsersOnly");
    const checked = await waitForRun(session, configurationId);
    expect(checked).toMatchObject({ state: "Completed", phase: "Test" });
    expect((checked.summary as { totalUsers: number }).totalUsers).toBe(31);

    answers.push("decline");
    const declined = await session.call("start_migration", { configurationId, mode: "StartMigration" });
    expect(declined.isError).toBeFalsy();
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(textOf(declined)).toContain("nothing was changed");
    expect((await session.ok("get_batch_statistics", { configurationId })).mode).toBe("CheckUsersOnly");

    await session.ok("start_migration", { configurationId, mode: "StartMigration" });
    const migrated = await waitForRun(session, configurationId);
    expect(migrated).toMatchObject({ state: "Completed", phase: "Bulk" });
    type Item = { exportName: string; state: string; failures: unknown[] };
    const items = migrated.items as Item[];
    // Seed 42 fails some of these users and leaves item failures on others; the restarts must touch only those.
    const failed = items.filter((i) => i.state === "Failed").map((i) => i.exportName);
    const warned = items.filter((i) => i.state === "Warning").map((i) => i.exportName);
    expect(failed.length).toBeGreaterThan(0);
    expect(warned.length).toBeGreaterThan(0);
    await session.ok("start_migration", { configurationId, mode: "RestartFailedUsers" });
    const restarted = await waitForRun(session, configurationId);
    expect(restarted).toMatchObject({ state: "Completed", mode: "RestartFailedUsers" });
    const retriedUsers = (restarted.items as Item[]).filter((i) => failed.includes(i.exportName));
    expect(retriedUsers.some((i) => i.state !== "Failed")).toBe(true);
    await session.ok("start_migration", { configurationId, mode: "RestartFailedItems" });
    const retriedItems = await waitForRun(session, configurationId);
    expect(retriedItems).toMatchObject({ state: "Completed", mode: "RestartFailedItems" });
    const before = items
      .filter((i) => warned.includes(i.exportName))
      .reduce((n, i) => n + i.failures.length, 0);
    const after = (retriedItems.items as Item[])
      .filter((i) => warned.includes(i.exportName))
      .reduce((n, i) => n + i.failures.length, 0);
    expect(after).toBeLessThan(before);

    const report = await session.call("get_report", {
      configurationId,
      reportType: "UserProgress",
      savePath: join(allowed, "progress.csv"),
    });
    expect(report.isError).toBeFalsy();
    const embedded = report.content.find((c) => c.type === "resource");
    expect(
      embedded?.type === "resource" && "text" in embedded.resource ? embedded.resource.text : "",
    ).toContain("one@src.example");
    expect(report.structuredContent).toMatchObject({ rows: 31, savedTo: join(allowed, "progress.csv") });
    const again = await session.call("get_report", {
      configurationId,
      reportType: "UserProgress",
      savePath: join(allowed, "progress.csv"),
    });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain("already exists");
  });

  it("stops a running batch after confirmation", async () => {
    const configurationId = await newBatch(session, "Stop me");
    await session.ok("add_migration_items", {
      configurationId,
      items: Array.from({ length: 40 }, (_, i) => ({ exportName: `s${i}@src.example` })),
    });
    await session.ok("start_migration", { configurationId, mode: "StartMigration" });
    const stopped = await session.ok("stop_migration", { configurationId });
    expect(stopped.status).toBe("done");
    expect(["Stopping", "Stopped"]).toContain(stopped.state);
    const after = await waitForRun(session, configurationId);
    expect(after).toMatchObject({ state: "Stopped", stopReason: "UserStopMigration" });
  });

  it("refuses files outside the allowed directories", async () => {
    const result = await session.call("import_migration_items", {
      configurationId: "00000000-0000-4000-8000-000000000000",
      filePath: "/etc/passwd",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("outside the allowed directories");
  });

  it("answers a folder given as filePath with a clear error, not an internal one", async () => {
    const result = await session.call("import_migration_items", {
      configurationId: "00000000-0000-4000-8000-000000000000",
      filePath: allowed,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^filePath: '.*' is a folder; give the path of a file in it/);
  });
});

describe("confirmation token path (client without elicitation)", () => {
  let session: McpSession;
  let first: string;
  let second: string;

  beforeAll(async () => {
    session = await connectDemo({ env: { MIGRATE_MCP_CONFIRM_TTL_SECONDS: "2" } });
    first = await newBatch(session, "Tok A");
    second = await newBatch(session, "Tok B");
    for (const id of [first, second])
      await session.ok("add_migration_items", {
        configurationId: id,
        items: [{ exportName: `x@${id}.example` }],
      });
  });
  afterAll(() => session.close());

  it("acts only with the token, once, for exactly the previewed arguments", async () => {
    const preview = await session.ok("start_migration", { configurationId: first, mode: "CheckUsersOnly" });
    expect(preview.status).toBe("confirmation_required");
    expect((preview.preview as { summary: string }).summary).toContain("Tok A");
    expect((await session.ok("get_batch_statistics", { configurationId: first })).state).toBe("None");
    const token = String(preview.confirmationToken);

    const wrongBatch = await session.call("start_migration", {
      configurationId: second,
      mode: "CheckUsersOnly",
      confirmationToken: token,
    });
    expect(wrongBatch.isError).toBe(true);
    expect(textOf(wrongBatch)).toContain("different arguments");
    const wrongTool = await session.call("stop_migration", {
      configurationId: first,
      confirmationToken: token,
    });
    expect(textOf(wrongTool)).toContain("issued for start_migration");
    const tampered = await session.call("start_migration", {
      configurationId: first,
      mode: "CheckUsersOnly",
      confirmationToken: `${token.slice(0, -2)}xx`,
    });
    expect(textOf(tampered)).toContain("not valid");

    const done = await session.ok("start_migration", {
      configurationId: first,
      mode: "CheckUsersOnly",
      confirmationToken: token,
    });
    expect(done.status).toBe("done");
    const reused = await session.call("start_migration", {
      configurationId: first,
      mode: "CheckUsersOnly",
      confirmationToken: token,
    });
    expect(reused.isError).toBe(true);
    expect(textOf(reused)).toContain("already been used");
    expect((await session.ok("get_batch_statistics", { configurationId: second })).state).toBe("None");
  });

  it("refuses an expired token", async () => {
    const preview = await session.ok("stop_migration", { configurationId: second });
    await new Promise((r) => setTimeout(r, 2_200));
    const expired = await session.call("stop_migration", {
      configurationId: second,
      confirmationToken: String(preview.confirmationToken),
    });
    expect(expired.isError).toBe(true);
    expect(textOf(expired)).toContain("expired");
  });
});

describe("policies and surface", () => {
  it("fails closed under --confirm elicitation without the capability, and refuses under deny", async () => {
    for (const [policy, phrase] of [
      ["elicitation", "cannot ask one"],
      ["deny", "MIGRATE_MCP_CONFIRM=deny"],
    ] as const) {
      await withDemo({ args: ["--confirm", policy] }, async (session) => {
        const result = await session.call("stop_migration", {
          configurationId: "00000000-0000-4000-8000-000000000000",
        });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain(phrase);
      });
    }
  });

  it("lists no writing tool in read-only mode", async () => {
    await withDemo({ args: ["--read-only"] }, async (session) => {
      const { tools } = await session.client.listTools();
      expect(tools.length).toBeGreaterThan(5);
      expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([]);
    });
  });

  it("answers bad arguments to every tool with isError naming the field, and keeps serving", async () => {
    await withDemo({}, async (session) => {
      const { tools } = await session.client.listTools();
      for (const tool of tools) {
        const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
        const field = Object.entries(properties).find(([, schema]) => schema.type !== "object")?.[0];
        if (!field) continue;
        const result = await session.call(tool.name, { [field]: { not: "valid" } });
        expect(result.isError, tool.name).toBe(true);
        expect(textOf(result), tool.name).toContain(field);
      }
      expect((await session.call("whoami")).isError).toBeFalsy();
    });
  });

  it("keeps tools/list as reviewed", async () => {
    await withDemo({}, async (session) => {
      const { tools } = await session.client.listTools();
      const surface = tools.map((t) => ({
        name: t.name,
        description: t.description,
        annotations: t.annotations,
        inputSchema: t.inputSchema,
      }));
      await expect(JSON.stringify(surface, null, 2)).toMatchFileSnapshot("./tools-list.snapshot.json");
    });
  });
});
