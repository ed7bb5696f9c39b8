/**
 * Transport behaviour against injected faults: what is retried (idempotent calls after 5xx, drops and
 * 429s, honouring Retry-After), and what is never resent (a POST that may already have been applied).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, RateLimitError, ServerError, TimeoutError } from "../../src/api/errors.js";
import { type CloudMHarness, createMigrationBatch, startCloudM, userItem } from "../helpers/cloudm.js";

const GET_CONNECTION = "GET /api/Microsoft365Connections/{id}";
const ADD_ITEM = "POST /api/BatchMigrationItems/add-migration-item";
const START = "POST /api/ConnectionBatchesProgress/start-migration";

let h: CloudMHarness;
let connectionId: number;
beforeAll(async () => {
  h = await startCloudM({ simulator: { tenant: "demo" } });
  connectionId = h.sim.demo!.sourceConnectionId;
  await h.client.profile();
});
afterEach(() => {
  h.sim.faults.clear();
});
afterAll(async () => {
  await h?.close();
});

/** Requests to one route made after `since` (an index into sim.requests). */
function recordsOf(route: string, since: number) {
  return h.sim.requests.slice(since).filter((r) => r.route.toLowerCase() === route.toLowerCase());
}

function itemsIn(configurationId: string): string[] {
  return [...(h.sim.state.batches.get(configurationId)?.items.values() ?? [])].map((i) => i.exportName);
}

describe("retried: idempotent calls", () => {
  it("a GET succeeds through two injected 503s; the simulator saw three requests", async () => {
    const since = h.sim.requests.length;
    h.sim.faults.enqueue(
      { kind: "server_error", method: "GET", pathPrefix: "/api/Microsoft365Connections" },
      2,
    );
    const connection = await h.client.getConnection("Microsoft365", connectionId);
    expect(connection.id).toBe(connectionId);
    expect(recordsOf(GET_CONNECTION, since).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("a GET that keeps failing gives up after maxRetries with a retryable ServerError", async () => {
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({ kind: "server_error", method: "GET" }, 3);
    const error = await h.client.getConnection("Microsoft365", connectionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect((error as ServerError).retryable).toBe(true);
    expect((error as ServerError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(recordsOf(GET_CONNECTION, since)).toHaveLength(3);
  });

  it("a GET whose connection dropped is resent", async () => {
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({ kind: "drop", method: "GET" });
    await expect(h.client.getConnection("Microsoft365", connectionId)).resolves.toMatchObject({
      id: connectionId,
    });
    expect(recordsOf(GET_CONNECTION, since).map((r) => r.status)).toEqual(["dropped", 200]);
  });

  it("an idempotent POST (save settings) is resent after a 503", async () => {
    const { configurationId } = h.sim.demo!;
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({ kind: "server_error", method: "POST", pathPrefix: "/api/BatchConfigSettings" });
    const saved = await h.client.saveGeneralSettings(configurationId, { autoCancelPeriodHours: 12 });
    expect(saved.value?.generalSettings.autoCancelPeriodHours).toBe(12);
    expect(recordsOf("POST /api/BatchConfigSettings/save-general-settings", since)).toHaveLength(2);
  });

  it("a slow upstream times out per attempt, and the GET is retried before giving up", async () => {
    const client = h.newClient({ timeoutMs: 100, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await client.profile();
    const since = h.sim.requests.length;
    h.sim.faults.setRates({ latencyMs: 3000 });
    const started = performance.now();
    const error = await client.getConnection("Microsoft365", connectionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain("within 100 ms");
    // Two attempts cut at 100 ms each: far sooner than even one wait for the 3 s answer.
    expect(performance.now() - started).toBeLessThan(2500);
    expect(h.sim.requests.slice(since).filter((r) => r.method === "GET")).toHaveLength(2);
  });
});

describe("429 and Retry-After", () => {
  it("waits as long as Retry-After asks, then succeeds", async () => {
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({ kind: "rate_limit", method: "GET", retryAfterSeconds: 1 });
    await h.client.getConnection("Microsoft365", connectionId);
    const [limited, retried] = recordsOf(GET_CONNECTION, since);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    // The client's own backoff here is a few ms, so only Retry-After explains a one-second gap.
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("returns a RateLimitError instead of waiting longer than maxRetryAfterSeconds", async () => {
    const client = h.newClient({ retry: { maxRetryAfterSeconds: 1 } });
    await client.profile();
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({ kind: "rate_limit", method: "GET", retryAfterSeconds: 120 });
    const error = await client.getConnection("Microsoft365", connectionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBe(120);
    expect((error as RateLimitError).retryable).toBe(true);
    expect(recordsOf(GET_CONNECTION, since)).toHaveLength(1);
  });

  it("resends even a non-idempotent POST after a 429, since the server refused it unprocessed", async () => {
    const { configurationId } = await createMigrationBatch(h.client, "Rate limited add");
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({
      kind: "rate_limit",
      method: "POST",
      pathPrefix: "/api/BatchMigrationItems",
      retryAfterSeconds: 0,
    });
    await h.client.addMigrationItem(userItem(configurationId, "rl@src.example", "rl@dst.example"));
    expect(recordsOf(ADD_ITEM, since).map((r) => r.status)).toEqual([429, 200]);
    expect(itemsIn(configurationId)).toEqual(["rl@src.example"]);
  });
});

describe("never resent: a POST that may have been applied", () => {
  it("add-migration-item after a 503: one request, a retryable ServerError, nothing added", async () => {
    const { configurationId } = await createMigrationBatch(h.client, "No retry add");
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({ kind: "server_error", method: "POST", pathPrefix: "/api/BatchMigrationItems" }, 3);
    const error = await h.client
      .addMigrationItem(userItem(configurationId, "once@src.example", "once@dst.example"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).retryable).toBe(true);
    expect((error as ServerError).status).toBe(503);
    expect(recordsOf(ADD_ITEM, since)).toHaveLength(1);
    expect(itemsIn(configurationId)).toEqual([]);
  });

  it("a DELETE whose answer was lost after it ran, resent and refused 404: done, probably by the first attempt", async () => {
    const { projectId } = await createMigrationBatch(h.client, "Deleted twice");
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({
      kind: "server_error",
      method: "DELETE",
      pathPrefix: "/api/ConnectionsProject",
      afterHandler: true,
    });
    const written = await h.client.deleteProject(projectId);
    expect(written.note).toContain("the first attempt probably applied it");
    expect(
      recordsOf("DELETE /api/ConnectionsProject/{projectId}", since).map((r) => [r.status, r.applied]),
    ).toEqual([
      [503, true],
      [404, false],
    ]);
    expect(h.sim.state.projects.has(projectId)).toBe(false);
  });

  it("start-migration whose answer was lost to a 503 after it ran is not resent", async () => {
    const { configurationId } = await createMigrationBatch(h.client, "No retry start");
    await h.client.addMigrationItem(userItem(configurationId, "s@src.example", "s@dst.example"));
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({
      kind: "server_error",
      method: "POST",
      pathPrefix: "/api/ConnectionBatchesProgress",
      afterHandler: true,
    });
    await expect(h.client.startMigration(configurationId, "StartMigration")).rejects.toBeInstanceOf(
      ServerError,
    );
    const records = recordsOf(START, since);
    expect(records.map((r) => [r.status, r.applied])).toEqual([[503, true]]);
    // The run did start: a resend would have met a 409, or worse, started a second run.
    expect(h.sim.state.batches.get(configurationId)?.run.state).toBe("PreparingData");
  });

  it("add-migration-item whose connection dropped after it was applied: ConnectionError, applied once", async () => {
    const { configurationId } = await createMigrationBatch(h.client, "Dropped add");
    const since = h.sim.requests.length;
    h.sim.faults.enqueue({
      kind: "drop",
      method: "POST",
      pathPrefix: "/api/BatchMigrationItems",
      afterHandler: true,
    });
    const error = await h.client
      .addMigrationItem(userItem(configurationId, "dropped@src.example", "dropped@dst.example"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).sent).toBe(true);
    expect((error as ConnectionError).message).toContain("may have been received");
    expect(recordsOf(ADD_ITEM, since).map((r) => [r.status, r.applied])).toEqual([["dropped", true]]);
    expect(itemsIn(configurationId)).toEqual(["dropped@src.example"]);
    expect((await h.client.getBatch(configurationId)).itemCount).toBe(1);
  });
});
