/** The client against the guide-only simulator: what it must absorb without a tool ever seeing it. */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type CloudMHarness,
  created,
  createMigrationBatch,
  startCloudM,
  userItem,
} from "../helpers/cloudm.js";

let h: CloudMHarness;
beforeAll(async () => {
  h = await startCloudM({ simulator: { profile: "guide" } });
});
afterAll(() => h.close());

const IMPORT = "POST /api/BatchMigrationItems/import-users-from-file";
const csv = (names: string[]) =>
  [
    "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
    ...names.map((n) => `${n},${n},User,User,true`),
  ].join("\n");

it("uploads a CSV in the other format once when the first is refused, and starts with the one that worked", async () => {
  const { configurationId } = await createMigrationBatch(h.client, "Formats");
  const first = await h.client.importUsersFromFile(configurationId, csv(["a@microsoft365.example"]), "a.csv");
  expect(first.value.importedCount).toBe(1);
  // Multipart first (the endpoint map's default), refused as "not JSON", then JSON: applied once.
  expect(h.sim.countRequests(IMPORT)).toBe(2);
  const second = await h.client.importUsersFromFile(
    configurationId,
    csv(["b@microsoft365.example"]),
    "b.csv",
  );
  expect(second.value.importedCount).toBe(1);
  expect(h.sim.countRequests(IMPORT)).toBe(3);
  expect(h.sim.state.batches.get(configurationId)?.items.size).toBe(2);
});

it("reads the guide's shapes: connection ids as platformConnectionId, lists as envelopes, empty write answers", async () => {
  const setup = await createMigrationBatch(h.client, "Shapes");
  const listed = await h.client.listConnections("Microsoft365");
  expect(listed.map((c) => c.id)).toContain(setup.sourceConnectionId);
  expect(listed.find((c) => c.id === setup.sourceConnectionId)).toMatchObject({ platform: "Microsoft365" });
  const added = await h.client.addMigrationItem(
    userItem(setup.configurationId, "c@microsoft365.example", "c@googleworkspace.example"),
  );
  expect(added).toMatchObject({ value: undefined, note: undefined, raw: null });
  const started = await h.client.startMigration(setup.configurationId, "CheckUsersOnly");
  expect(started.note).toBeUndefined();
  const stats = await h.client.getStatistics(setup.configurationId);
  expect(stats.state).toBeDefined();
  expect(stats.summary.totalUsers).toBe(1);
  expect(
    created(
      await h.client.createProject({
        name: "Remembered",
        sourceConnectionId: setup.sourceConnectionId,
        destinationConnectionId: setup.destinationConnectionId,
      }),
    ).projectId,
  ).toBeTruthy();
});
