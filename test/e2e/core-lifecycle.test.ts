/**
 * The core lifecycle end to end over stdio on BOTH simulator profiles: the full one, and the guide-only
 * one that serves nothing but the endpoints the API guide documents and answers only with the fields
 * the guide shows (minimal statistics, empty settings, a bare GUID from create-batch, secrets masked,
 * lists as envelopes, JSON-only CSV upload). A tool that comes to depend on a guess fails here.
 */
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDemo, type McpSession, textOf, waitForRun } from "../helpers/mcp.js";

const SOURCE = {
  platform: "Microsoft365",
  name: "Core src",
  connectionType: "Source",
  settings: {
    domainName: "src.example",
    adminName: "admin@src.example",
    adminPassword: "core-pw-1",
    testUserName: "a@src.example",
  },
};
const DESTINATION = {
  platform: "GoogleWorkspace",
  name: "Core dst",
  connectionType: "Destination",
  settings: {
    domainName: "dst.example",
    adminUsername: "admin@dst.example",
    serviceAccountEmailAddress: "sa@dst.example",
    key: "core-key-1",
  },
};

const users = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    exportName: `${prefix}${i}@src.example`,
    importName: `${prefix}${i}@dst.example`,
  }));

describe.each(["full", "guide", "aspnet"] as const)(
  "the core lifecycle on the %s simulator profile",
  (profile) => {
    let session: McpSession;
    const asked: string[] = [];
    const allowed = realpathSync(mkdtempSync(join(tmpdir(), `migrate-mcp-${profile}-`)));

    beforeAll(async () => {
      session = await connectDemo({
        args: ["--allow-dir", allowed, "--simulator-profile", profile],
        elicit: (request) => {
          asked.push(request.params.message);
          return { action: "accept", content: { confirm: true } };
        },
      });
    });
    afterAll(() => session.close());

    it("lists cloud files as the MigrateClouds overview's example does", async () => {
      const listed = await session.ok("list_cloud_files", { service: "google_drive", path: "/" });
      expect((listed.files as unknown[]).length).toBeGreaterThan(0);
    });

    it("runs whoami, connections, project, batch, users, CSV, settings, runs, statistics, wait, stop, report without an error", async () => {
      expect((await session.ok("whoami")).simulator).toBe(true);

      const source = (await session.ok("create_connection", SOURCE)) as { connection: { id: number } };
      const destination = (await session.ok("create_connection", DESTINATION)) as {
        connection: { id: number };
      };
      // The guide's test answer says only that it completed: a pass is then not claimed.
      for (const { connection } of [source, destination]) {
        const tested = await session.ok("test_connection", { connectionId: connection.id });
        if (profile === "guide") {
          expect(tested).toMatchObject({ completed: true });
          expect(tested.success).toBeUndefined();
        } else expect(tested).toMatchObject({ completed: true, success: true });
      }
      const shown = (await session.ok("get_connection", {
        connectionId: source.connection.id,
        platform: "Microsoft365",
      })) as { connection: { settings: Record<string, unknown> } };
      expect(shown.connection.settings.adminPassword).toBe("********");

      const project = (await session.ok("create_project", {
        name: `Core ${profile}`,
        sourceConnectionId: source.connection.id,
        destinationConnectionId: destination.connection.id,
      })) as { project: { projectId: string } };
      // The connections come from the project this server created: the guide has no way to read it back.
      const batch = (await session.ok("create_batch", {
        projectId: project.project.projectId,
        batchName: "Wave",
      })) as { batch: { configurationId: string } };
      const configurationId = batch.batch.configurationId;
      expect(configurationId).toMatch(/^[0-9a-f-]{36}$/);

      expect(
        await session.ok("add_migration_items", { configurationId, items: users("one", 1) }),
      ).toMatchObject({
        added: 1,
        failed: 0,
      });
      expect(
        await session.ok("add_migration_items", { configurationId, items: users("three", 3) }),
      ).toMatchObject({
        added: 3,
        failed: 0,
      });
      const csvPath = join(allowed, "users.csv");
      writeFileSync(
        csvPath,
        [
          "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
          ...users("csv", 6).map((u) => `${u.exportName},${u.importName},User,User,true`),
        ].join("\n"),
      );
      expect(
        await session.ok("import_migration_items", { configurationId, filePath: csvPath }),
      ).toMatchObject({
        importedCount: 6,
      });
      await session.ok("get_batch_settings", { configurationId });

      asked.length = 0;
      expect((await session.ok("start_migration", { configurationId, mode: "CheckUsersOnly" })).status).toBe(
        "done",
      );
      expect(asked[0]).toContain("CheckUsersOnly");
      const waited = await session.ok("wait_for_migration", { configurationId, waitSeconds: 30 });
      expect(waited).toMatchObject({ finished: true, state: "Completed" });
      expect((waited.summary as { totalUsers?: number }).totalUsers).toBe(10);

      expect((await session.ok("start_migration", { configurationId, mode: "StartMigration" })).status).toBe(
        "done",
      );
      const running = await session.ok("get_batch_statistics", { configurationId });
      expect(["PreparingData", "Queueing", "Running", "Completed"]).toContain(running.state);
      // A run that ended before the stop came has nothing to stop, and says so without asking.
      const stop = await session.call("stop_migration", { configurationId });
      if (stop.isError) expect(textOf(stop)).toContain("has no run to stop: it is Completed");
      else expect((stop.structuredContent as { status?: string }).status).toBe("done");
      const stopped = await waitForRun(session, configurationId);
      expect(["Stopped", "Completed"]).toContain(stopped.state);

      const report = await session.call("get_report", { configurationId, reportType: "UserProgress" });
      expect(report.isError, textOf(report)).toBeFalsy();
      expect(report.structuredContent).toMatchObject({ rows: 10 });
    });

    it("says when a batch was never started, instead of that its run finished", async () => {
      const projects = (await session.ok("list_projects")) as {
        projects: Array<{ projectId: string }>;
        note?: string;
      };
      // The guide documents no project list: the tool says so and offers what this server created.
      if (profile === "guide") expect(projects.note).toContain("offers no project list");
      else expect(projects.note).toBeUndefined();
      const projectId = projects.projects.at(-1)?.projectId ?? "";
      const batch = (await session.ok("create_batch", {
        projectId,
        batchName: "Never started",
      })) as { batch: { configurationId: string } };
      const waited = await session.call("wait_for_migration", {
        configurationId: batch.batch.configurationId,
        waitSeconds: 5,
      });
      expect(waited.isError).toBeFalsy();
      expect(waited.structuredContent).toMatchObject({ finished: false, state: "None" });
      expect(textOf(waited)).toContain("has not been started");
    });
  },
);
