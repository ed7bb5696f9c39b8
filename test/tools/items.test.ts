/**
 * src/tools/items.ts: import_migration_items_from_source adds the source directory's users to a batch,
 * skipping those already in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

let env: InProcess;
let client: Client;
beforeAll(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"] });
  client = await env.connect();
});
afterAll(() => env.close());

const demo = () => env.sim.demo!;
type Imported = { importedCount: number; skippedCount: number };

describe("import_migration_items_from_source", () => {
  it("imports the source directory's users, skipping those already there", async () => {
    const result = await callTool(client, "import_migration_items_from_source", {
      configurationId: demo().configurationId,
    });
    const { importedCount, skippedCount } = result.structuredContent as Imported;
    expect(importedCount + skippedCount).toBe(25);
    expect(env.sim.state.batches.get(demo().configurationId)?.items.size).toBe(30 + importedCount);
    expect(textOf(result)).toContain(`Imported ${importedCount} user(s) from the source`);
  });

  it("adds nothing the second time: every user is already in the batch", async () => {
    const configurationId = demo().configurationId;
    await callTool(client, "import_migration_items_from_source", { configurationId });
    const items = env.sim.state.batches.get(configurationId)?.items.size;
    const again = await callTool(client, "import_migration_items_from_source", { configurationId });
    expect(again.structuredContent).toEqual({ importedCount: 0, skippedCount: 25 });
    expect(textOf(again)).toContain("25 were already in the batch");
    expect(env.sim.state.batches.get(configurationId)?.items.size).toBe(items);
  });

  it("names a bad configurationId", async () => {
    const result = await callTool(client, "import_migration_items_from_source", { configurationId: "nope" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("configurationId");
  });
});
