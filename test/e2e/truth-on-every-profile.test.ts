/**
 * No tool reports what it did not verify, on every simulator profile (`full`, `guide`, `aspnet`, and
 * `full` without its OpenAPI document, as production instances often are): each
 * answer is held against the simulator's own state, so a tool that says "finished", "saved" or "added"
 * untruly fails here. A real SDK client, the real server, real HTTP to the simulator.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimBatch } from "../../src/simulator/cloudm/model.js";
import { accept, callOk, callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";
import { INSTANCES } from "../helpers/truth.js";

const FINISHED = new Set(["Completed", "Stopped", "Error"]);

describe.each(INSTANCES)("on the $name profile", ({ name, simulator }) => {
  const profile = simulator.profile;
  /** In an item's address, so each instance's users differ. */
  const tag = name.replace(/\W+/g, "-");
  let env: InProcess;
  let client: Client;
  let batch: () => SimBatch;
  beforeAll(async () => {
    env = await startInProcess({ simulator: { ...simulator, clockSpeed: 400 } });
    client = await env.connect("human", () => accept());
    const id = env.sim.demo?.configurationId ?? "";
    batch = () => {
      const found = env.sim.state.batches.get(id);
      if (!found) throw new Error("the demo batch is gone");
      return found;
    };
  });
  afterAll(() => env.close());

  const ok = (name: string, args: Record<string, unknown>) => callOk(client, name, args);

  it("waits for a run to its end and reports the simulator's own state and counts", async () => {
    const configurationId = batch().configurationId;
    expect((await ok("start_migration", { configurationId, mode: "CheckUsersOnly" })).status).toBe("done");
    let waited = await ok("wait_for_migration", { configurationId, waitSeconds: 20 });
    while (waited.finished !== true && !FINISHED.has(batch().run.state))
      waited = await ok("wait_for_migration", { configurationId, waitSeconds: 20 });
    const run = batch().run;
    // Finished is claimed only when the simulator's run is over, and the state is the simulator's.
    expect(waited.finished).toBe(true);
    expect(FINISHED.has(run.state)).toBe(true);
    expect(waited.state).toBe(run.state);
    const items = [...batch().items.values()];
    const summary = waited.summary as Record<string, number | undefined>;
    // Each figure is either the simulator's or not claimed at all.
    const truths = {
      totalUsers: items.length,
      failedUsers: items.filter((i) => i.state === "Failed").length,
      completedUsers: items.filter((i) => i.state === "Success" || i.state === "Warning").length,
    };
    for (const [figure, truth] of Object.entries(truths))
      if (summary[figure] !== undefined) expect(summary[figure], figure).toBe(truth);
    if (profile !== "guide") expect(summary).toMatchObject(truths);
  });

  it("reports a settings change applied only where the simulator holds it", async () => {
    const configurationId = batch().configurationId;
    const result = await callTool(client, "update_batch_settings", {
      configurationId,
      general: { simultaneousMigrations: 3, emailDateFrom: "2024-02-01T00:00:00.000Z" },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const saved = result.structuredContent as {
      applied?: string[];
      notApplied?: Array<{ setting: string }>;
      unverified?: string[];
    };
    const general = batch().general;
    const held = {
      simultaneousMigrations: general.simultaneousMigrations === 3,
      emailDateFrom: general.emailDateFrom === "2024-02-01T00:00:00.000Z",
    };
    // The instance's own name for a setting may differ from ours: its path is what is reported.
    const OWN_NAMES = { simultaneousMigrations: /simultaneous/i, emailDateFrom: /email.*from/i };
    const claims = (names: readonly string[], ours: keyof typeof held) =>
      names.some((n) => OWN_NAMES[ours].test(n));
    for (const ours of Object.keys(held) as Array<keyof typeof held>) {
      if (claims(saved.applied ?? [], ours)) expect(held[ours], `${ours} reported applied`).toBe(true);
      if (
        claims(
          (saved.notApplied ?? []).map((m) => m.setting),
          ours,
        )
      )
        expect(held[ours], `${ours} reported not applied`).toBe(false);
    }
    const reported = [
      ...(saved.applied ?? []),
      ...(saved.notApplied ?? []).map((m) => m.setting),
      ...(saved.unverified ?? []),
    ];
    expect(reported).toHaveLength(2);
    // Only an instance that shows no settings leaves a value unverified.
    if (profile !== "guide") expect(saved.unverified).toBeUndefined();
  });

  it("reports users added exactly as the simulator holds them, whatever the write answered", async () => {
    const configurationId = batch().configurationId;
    const before = batch().items.size;
    const added = await ok("add_migration_items", {
      configurationId,
      items: [{ exportName: `new-${tag}@contoso.example`, importName: `new-${tag}@fabrikam.example` }],
    });
    expect(added).toMatchObject({ added: 1, failed: 0 });
    expect(batch().items.size).toBe(before + 1);
  });

  it("imports a CSV and reports the count the simulator holds", async () => {
    const configurationId = batch().configurationId;
    const before = batch().items.size;
    const imported = await ok("import_migration_items", {
      configurationId,
      csv: [
        "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
        ...[1, 2, 3].map((i) => `csv${i}-${tag}@contoso.example,csv${i}@fabrikam.example,User,User,true`),
      ].join("\n"),
    });
    expect(batch().items.size).toBe(before + 3);
    if (imported.importedCount !== undefined) expect(imported.importedCount).toBe(3);
  });
});

describe("on the aspnet profile with its OpenAPI document out of reach", () => {
  let env: InProcess;
  let client: Client;
  let dir: string;
  beforeAll(async () => {
    // The override file sends the document read elsewhere: no x-enumNames, so no integer can be named.
    dir = await mkdtemp(join(tmpdir(), "truth-"));
    const endpoints = join(dir, "endpoints.json");
    await writeFile(endpoints, JSON.stringify({ openApi: { path: "/no-such-document.json" } }));
    env = await startInProcess({
      simulator: { profile: "aspnet", clockSpeed: 0 },
      env: { MIGRATE_MCP_ENDPOINTS: endpoints },
    });
    client = await env.connect("human", () => accept());
  });
  afterAll(async () => {
    await env.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("never says a run has finished when its integer state cannot be named, running or over", async () => {
    const configurationId = env.sim.demo?.configurationId ?? "";
    const run = () => env.sim.state.batches.get(configurationId)?.run;
    expect(
      (await callOk(client, "start_migration", { configurationId, mode: "CheckUsersOnly" })).status,
    ).toBe("done");
    const unnamed = async () => {
      const waited = await callTool(client, "wait_for_migration", { configurationId, waitSeconds: 1 });
      expect(waited.isError, textOf(waited)).toBeFalsy();
      expect((waited.structuredContent as { finished?: boolean }).finished).not.toBe(true);
      expect(textOf(waited)).toMatch(/run state is unknown/i);
      const statistics = await callTool(client, "get_batch_statistics", { configurationId });
      expect(statistics.isError, textOf(statistics)).toBeFalsy();
      expect(textOf(statistics)).toMatch(/state not understood/i);
    };
    // The clock stands still: the run has started and is not over.
    await unnamed();
    expect(FINISHED.has(run()?.state ?? "None")).toBe(false);
    expect(run()?.state).not.toBe("None");
    // A day later the run is over in the simulator; the server still cannot tell, and says so.
    env.sim.clock.advance(24 * 3_600_000);
    await unnamed();
    expect(FINISHED.has(run()?.state ?? "None")).toBe(true);
    // The document was asked for where the override file says, and nowhere else.
    const documents = env.sim.requests.filter((r) => /openapi|no-such-document/i.test(r.path));
    expect(documents.map((r) => [r.path, r.status])).toContainEqual(["/no-such-document.json", 404]);
    expect(documents.every((r) => r.path === "/no-such-document.json")).toBe(true);
  });
});
