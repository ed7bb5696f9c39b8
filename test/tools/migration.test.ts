/**
 * The run tools (src/tools/migration.ts): start and stop runs after confirmation, follow them with
 * wait_for_migration, and read a batch's statistics a page at a time. Simulated time is pushed by hand.
 */
import { dataSize } from "../../src/views/sizes.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigrationBatch, userItem } from "../helpers/cloudm.js";
import {
  accept,
  callOk,
  callTool,
  decline,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

const HOUR = 3_600_000;
/** Seed 42 fails some of these users and leaves item failures on others (outcomes follow the names). */
const WAVE_USERS = ["one", ...Array.from({ length: 30 }, (_, i) => `user${i}`)];

type Item = { exportName: string; state: string; failures: Array<{ reason: string; details?: string }> };

let env: InProcess;
let client: Client;
/** What the human answers to the next confirmations; none left accepts. */
const answers: Array<"accept" | "decline"> = [];
const asked: string[] = [];

beforeAll(async () => {
  env = await startInProcess();
  client = await env.connect("human", (request) => {
    asked.push(request.params.message);
    return (answers.shift() ?? "accept") === "accept" ? accept() : decline();
  });
});
afterAll(() => env.close());

const ok = (name: string, args: Record<string, unknown>) => callOk(client, name, args);

/** A batch of `name@src.example` -> `name@dst.example` users, made through the API. */
async function batchOf(batchName: string, users: readonly string[]): Promise<string> {
  const { configurationId } = await createMigrationBatch(env.cloudm, batchName);
  for (const user of users)
    await env.cloudm.addMigrationItem(
      userItem(configurationId, `${user}@src.example`, `${user}@dst.example`),
    );
  return configurationId;
}

/** Jumps simulated time past the run's end; wait_for_migration must see it finish. Then every user. */
async function runToEnd(configurationId: string): Promise<Record<string, unknown>> {
  env.sim.clock.advance(24 * HOUR);
  const waited = await ok("wait_for_migration", { configurationId, waitSeconds: 10 });
  expect(waited.finished).toBe(true);
  return ok("get_batch_statistics", { configurationId, itemLimit: 200 });
}

// In order, on one batch, as a migration goes: the dry run, a refusal, the run, the restarts.
describe("start_migration", () => {
  let configurationId: string;
  beforeAll(async () => {
    configurationId = await batchOf("Wave", WAVE_USERS);
  });

  it("runs CheckUsersOnly once the human confirms, and checks every user", async () => {
    asked.length = 0;
    const started = await ok("start_migration", { configurationId, mode: "CheckUsersOnly" });
    expect(started).toMatchObject({ status: "done", mode: "CheckUsersOnly" });
    expect(asked[0]).toContain("CheckUsersOnly");
    // A check uses no licence, so the preview does not speak of them.
    expect(asked[0]).not.toContain("- licence:");
    const checked = await runToEnd(configurationId);
    expect(checked).toMatchObject({ state: "Completed", phase: "Test" });
    expect((checked.summary as { totalUsers: number }).totalUsers).toBe(31);
  });

  it("changes nothing when the human declines", async () => {
    answers.push("decline");
    const declined = await callTool(client, "start_migration", { configurationId, mode: "StartMigration" });
    expect(declined.isError).toBeFalsy();
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(textOf(declined)).toContain("nothing was changed");
    expect((await ok("get_batch_statistics", { configurationId })).mode).toBe("CheckUsersOnly");
  });

  it("migrates, then restarts only the failed users and then only the failed items", async () => {
    asked.length = 0;
    await ok("start_migration", { configurationId, mode: "StartMigration" });
    // A start shows the human the batch's pre-flight first (preflight.test.ts holds its checks).
    expect(asked[0]).toMatch(/ — pre-flight (READY|BLOCKED)/);
    expect(asked[0]).toMatch(/\n- preflight: (READY|BLOCKED).*, checked \d{4}-/);
    const migrated = await runToEnd(configurationId);
    expect(migrated).toMatchObject({ state: "Completed", phase: "Bulk" });
    const items = migrated.items as Item[];
    const failed = items.filter((i) => i.state === "Failed").map((i) => i.exportName);
    const warned = items.filter((i) => i.state === "Warning").map((i) => i.exportName);
    expect(failed.length).toBeGreaterThan(0);
    expect(warned.length).toBeGreaterThan(0);

    await ok("start_migration", { configurationId, mode: "RestartFailedUsers" });
    // A restart re-runs users of a run that began: it shows the licence pool, not a pre-flight.
    expect(asked[1]).toMatch(/- licence: Valid: \d+ of \d+ user licences available\n/);
    expect(asked[1]).not.toContain("pre-flight");
    const restarted = await runToEnd(configurationId);
    expect(restarted).toMatchObject({ state: "Completed", mode: "RestartFailedUsers" });
    const retriedUsers = (restarted.items as Item[]).filter((i) => failed.includes(i.exportName));
    expect(retriedUsers.some((i) => i.state !== "Failed")).toBe(true);

    await ok("start_migration", { configurationId, mode: "RestartFailedItems" });
    const retriedItems = await runToEnd(configurationId);
    expect(retriedItems).toMatchObject({ state: "Completed", mode: "RestartFailedItems" });
    const failuresOf = (list: Item[]) =>
      list.filter((i) => warned.includes(i.exportName)).reduce((n, i) => n + i.failures.length, 0);
    expect(failuresOf(retriedItems.items as Item[])).toBeLessThan(failuresOf(items));
  });
});

describe("stop_migration", () => {
  it("says a batch that never ran has nothing to stop, without asking anyone", async () => {
    const configurationId = await batchOf("Never ran", ["n0"]);
    const stops = env.sim.countRequests("POST /api/ConnectionBatchesProgress/stop-migration");
    asked.length = 0;
    const result = await callTool(client, "stop_migration", { configurationId });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Batch "Never ran batch" has no run to stop: it is None (never started). Nothing was changed.',
    );
    expect(asked).toEqual([]);
    expect(env.sim.countRequests("POST /api/ConnectionBatchesProgress/stop-migration")).toBe(stops);
  });

  it("stops a running batch after confirmation", async () => {
    const configurationId = await batchOf(
      "Stop me",
      Array.from({ length: 40 }, (_, i) => `s${i}`),
    );
    await ok("start_migration", { configurationId, mode: "StartMigration" });
    // A running batch's figures say when to look again, and that wait_for_migration can wait instead.
    const running = textOf(await callTool(client, "get_batch_statistics", { configurationId, itemLimit: 0 }));
    expect(running).toContain("Check again after 30 s with get_batch_statistics, or call wait_for_migration");
    asked.length = 0;
    const stopped = await ok("stop_migration", { configurationId });
    expect(stopped.status).toBe("done");
    expect(asked[0]).toContain('Stop batch "Stop me batch"');
    expect(["Stopping", "Stopped"]).toContain(stopped.state);
    const after = await runToEnd(configurationId);
    expect(after).toMatchObject({ state: "Stopped", stopReason: "UserStopMigration" });
  });
});

describe("get_batch_statistics", () => {
  it("pages the users of a batch that never ran", async () => {
    const configurationId = env.sim.demo?.configurationId ?? "";
    const first = await callTool(client, "get_batch_statistics", { configurationId });
    const page = first.structuredContent as {
      items: Item[];
      matchingItems: number;
      nextCursor?: string;
    };
    expect(first.structuredContent).toMatchObject({ state: "None", summary: { totalUsers: 30 } });
    expect(page.items).toHaveLength(20);
    expect(page.matchingItems).toBe(30);
    expect(textOf(first)).toMatch(/^None\b.* of 30 users/);
    const second = (await ok("get_batch_statistics", { configurationId, cursor: page.nextCursor })) as {
      items: Item[];
      nextCursor?: string;
    };
    expect(second.items).toHaveLength(10);
    expect(second.nextCursor).toBeUndefined();
    const stored = [...(env.sim.state.batches.get(configurationId)?.items.values() ?? [])];
    expect([...page.items, ...second.items].map((i) => i.exportName).sort()).toEqual(
      stored.map((i) => i.exportName).sort(),
    );
  });

  it("shows only the users in the state asked for", async () => {
    const configurationId = await batchOf("Filtered", WAVE_USERS);
    await ok("start_migration", { configurationId, mode: "StartMigration" });
    const all = (await runToEnd(configurationId)).items as Item[];
    const failed = (await ok("get_batch_statistics", {
      configurationId,
      itemState: "Failed",
      itemLimit: 200,
    })) as {
      items: Item[];
      matchingItems: number;
    };
    expect(failed.matchingItems).toBe(all.filter((i) => i.state === "Failed").length);
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((i) => i.state === "Failed" && i.failures.length > 0)).toBe(true);
    // Each failure says what failed, as the instance told it (the simulator names it for every one).
    expect(failed.items.flatMap((i) => i.failures).every((f) => f.details)).toBe(true);
  });

  it("says how much data moved the way every other answer does", async () => {
    const configurationId = await batchOf("Sized", WAVE_USERS);
    await ok("start_migration", { configurationId, mode: "StartMigration" });
    await runToEnd(configurationId);
    const answer = await callTool(client, "get_batch_statistics", { configurationId, itemLimit: 0 });
    const bytes = (answer.structuredContent as { summary: { sizeImportedBytes: number } }).summary
      .sizeImportedBytes;
    expect(bytes).toBeGreaterThan(0);
    expect(textOf(answer)).toContain(`items, ${dataSize(bytes)}.`);
  });
});

describe("wait_for_migration", () => {
  it("says the run is still going when the wait ends first", async () => {
    const configurationId = await batchOf("Slow", ["slow"]);
    await ok("start_migration", { configurationId, mode: "CheckUsersOnly" });
    const waited = await callTool(client, "wait_for_migration", { configurationId, waitSeconds: 1 });
    expect(waited.structuredContent).toMatchObject({ finished: false });
    expect(["PreparingData", "Queueing", "Running"]).toContain(
      (waited.structuredContent as { state: string }).state,
    );
    expect(textOf(waited)).toContain("when the wait ended; call wait_for_migration again");
  });

  it("answers a batch that does not exist with isError, without waiting", async () => {
    const started = Date.now();
    const result = await callTool(client, "wait_for_migration", {
      configurationId: "00000000-0000-4000-8000-000000000000",
      waitSeconds: 30,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("No batch with configurationId");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
