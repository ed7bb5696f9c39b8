/**
 * get_report (src/tools/reports.ts): generates a batch's report upstream, waits for it, returns the CSV
 * as an embedded resource, and saves it only to a new file in an allowed folder.
 */
import { mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigrationBatch, userItem } from "../helpers/cloudm.js";
import { callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

const allowed = realpathSync(mkdtempSync(join(tmpdir(), "migrate-mcp-reports-")));

let env: InProcess;
let client: Client;
let configurationId: string;
beforeAll(async () => {
  // Reports take two simulated seconds to generate: a fast clock keeps the wait short.
  env = await startInProcess({ argv: ["--allow-dir", allowed], simulator: { clockSpeed: 600 } });
  client = await env.connect();
  // A % in the name, as people type them: the file is named after the batch as typed.
  ({ configurationId } = await createMigrationBatch(env.cloudm, "Reported 100%"));
  const users = ["one", ...Array.from({ length: 30 }, (_, i) => `user${i}`)];
  for (const user of users)
    await env.cloudm.addMigrationItem(
      userItem(configurationId, `${user}@src.example`, `${user}@dst.example`),
    );
});
afterAll(() => env.close());

const inlineOf = (result: CallToolResult) => {
  const embedded = result.content.find((c) => c.type === "resource");
  return embedded?.type === "resource" ? embedded.resource : undefined;
};

describe("get_report", () => {
  it("returns the report inline, saves it to a new file, and never overwrites one", async () => {
    const savePath = join(allowed, "progress.csv");
    const report = await callTool(client, "get_report", {
      configurationId,
      reportType: "UserProgress",
      savePath,
    });
    expect(report.isError, textOf(report)).toBeFalsy();
    const resource = inlineOf(report);
    const inline = resource && "text" in resource ? resource.text : "";
    expect(inline).toContain("one@src.example");
    expect(inline.split("\n")[0]).toContain("ExportName,ImportName,State");
    expect(resource?.mimeType).toBe("text/csv");
    expect(report.structuredContent).toMatchObject({
      fileName: "UserProgress-Reported 100% batch.csv",
      reportType: "UserProgress",
      rows: 31,
      truncated: false,
      savedTo: savePath,
    });
    expect(readFileSync(savePath, "utf8")).toBe(inline);
    expect(textOf(report)).toContain(`31 row(s), saved to ${savePath}`);

    const again = await callTool(client, "get_report", {
      configurationId,
      reportType: "UserProgress",
      savePath,
    });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain("already exists");
  });

  it("saves a cell a spreadsheet would run as a formula with a leading ', and says so", async () => {
    const hostile = await createMigrationBatch(env.cloudm, "Hostile");
    const name = "=cmd|' /C calc'!A0@src.example";
    await env.cloudm.addMigrationItem(userItem(hostile.configurationId, name, "victim@dst.example"));
    const savePath = join(allowed, "hostile.csv");
    const report = await callTool(client, "get_report", {
      configurationId: hostile.configurationId,
      reportType: "UserProgress",
      savePath,
    });
    expect(report.isError, textOf(report)).toBeFalsy();
    expect(report.structuredContent).toMatchObject({ formulasNeutralised: 1, savedTo: savePath });
    expect(textOf(report)).toContain("1 cell(s) that a spreadsheet would run as formulas");
    const saved = readFileSync(savePath, "utf8");
    expect(saved).toContain(`'=cmd|' /C calc'!A0@src.example`);
    expect(saved.split("\n").some((line) => line.startsWith("=") || line.includes(",=cmd"))).toBe(false);
  });

  it("answers without saving when no savePath is given", async () => {
    const report = await callTool(client, "get_report", { configurationId, reportType: "MigrationSummary" });
    expect(report.isError, textOf(report)).toBeFalsy();
    expect(report.structuredContent).not.toHaveProperty("savedTo");
    expect(report.structuredContent).toMatchObject({ reportType: "MigrationSummary" });
    expect(textOf(report)).toContain("MigrationSummary report");
    expect(inlineOf(report)).toMatchObject({ text: expect.stringContaining("Users,31") });
  });
});
