/**
 * Three replicas of one deployment (the built server over HTTP, one CloudM simulator, one real
 * redis-server without persistence): a confirmation issued on A and used on B is refused on C, in both
 * protocol eras, and stays refused on every replica after Redis is emptied or restarted, or was away
 * when it was used; the audit trail of confirmed actions is in Redis; a task begun on one is read to
 * its end on the others; an unreachable Redis stops the start.
 */
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudMSimulator, type CloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import { runToExit } from "../helpers/mcp.js";
import { rawModern, startConfirmedTask } from "../helpers/modern.js";
import { freePort, type LocalRedis, startRedis } from "../helpers/redis.js";

let sim: CloudMSimulator;
let redis: LocalRedis;
let replicas: SpawnedHttpServer[] = [];
beforeAll(async () => {
  [sim, redis] = await Promise.all([
    startCloudMSimulator({ tenant: "demo", clockSpeed: 2_000 }),
    startRedis(),
  ]);
  const env = {
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
    MIGRATE_MCP_REDIS_URL: redis.url,
    MIGRATE_MCP_CONFIRM_SECRET: "f".repeat(40),
  };
  replicas = await Promise.all([1, 2, 3].map(() => spawnHttpServer([], env, { demo: false })));
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await Promise.all([sim?.close(), redis?.stop()]);
});

const configurationId = () => sim.demo?.configurationId ?? "";
/** Waits, through a replica, for the run a previous test started to end (the clock runs 2,000x). */
async function settled(): Promise<void> {
  const waited = await rawModern(replicas[0]!.url, "tools/call", {
    name: "wait_for_migration",
    arguments: { configurationId: configurationId(), waitSeconds: 20 },
  });
  expect(waited.body.result?.structuredContent).toMatchObject({ finished: true });
}
const text = (body: unknown) => JSON.stringify(body);
const RESET = "record of used confirmations was reset";

/** A start_migration call through `url` from a client that cannot ask its human: the token path. */
const startCall = (url: string, extra: Record<string, unknown> = {}) =>
  rawModern(
    url,
    "tools/call",
    {
      name: "start_migration",
      arguments: { configurationId: configurationId(), mode: "CheckUsersOnly", ...extra },
    },
    { capabilities: {} },
  );
/** The same call from a client that asks its human in band (2026-07-28), with `extra` params. */
const inBandCall = (url: string, extra: Record<string, unknown> = {}) =>
  rawModern(url, "tools/call", {
    name: "start_migration",
    arguments: { configurationId: configurationId(), mode: "CheckUsersOnly" },
    ...extra,
  });
const yes = { confirm: { action: "accept", content: { confirm: true } } };
const tokenOf = (answer: Awaited<ReturnType<typeof rawModern>>) =>
  (answer.body.result?.structuredContent as { confirmationToken: string }).confirmationToken;

/** Whether `url`'s replica shares through Redis again: a fresh confirmation is done without the note. */
async function sharesAgain(url: string): Promise<boolean> {
  await settled();
  const answer = await startCall(url, { confirmationToken: tokenOf(await startCall(url)) });
  return (
    (answer.body.result?.structuredContent as { status?: string } | undefined)?.status === "done" &&
    !text(answer.body).includes("checked on this replica only")
  );
}

describe("single use across replicas", () => {
  it("2026-07-28: a requestState answered on B is refused on C", async () => {
    const [a, b, c] = replicas.map((r) => r.url);
    const first = await inBandCall(a!);
    const requestState = first.body.result?.requestState as string;
    expect(requestState).toBeTruthy();
    const done = await inBandCall(b!, { requestState, inputResponses: yes });
    expect(done.body.result?.structuredContent).toMatchObject({ status: "done" });
    const replayed = await inBandCall(c!, { requestState, inputResponses: yes });
    expect(text(replayed.body)).toContain("already been used");
  });

  it("a token from a client that cannot ask: issued on A, used on B, refused on C", async () => {
    await settled();
    const [a, b, c] = replicas.map((r) => r.url);
    const token = tokenOf(await startCall(a!));
    const used = await startCall(b!, { confirmationToken: token });
    expect(used.body.result?.structuredContent).toMatchObject({ status: "done" });
    const replayed = await startCall(c!, { confirmationToken: token });
    expect(text(replayed.body)).toContain("already been used");
  });

  it("keeps who did what in the Redis audit stream, whichever replica acted", async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const entries = (await client.xRange("migrate-mcp:audit", "-", "+")) ?? [];
      const actions = entries.map((e) => e.message);
      expect(
        actions.filter((m) => m.tool === "start_migration" && m.outcome === "done").length,
      ).toBeGreaterThanOrEqual(2);
      expect(text(actions)).not.toContain(sim.credentials.password);
    } finally {
      client.destroy();
    }
  });
});

describe("single use when Redis forgets", () => {
  it("a token and a requestState used before a FLUSHALL are refused on every replica", async () => {
    await settled();
    const [a, b, c] = replicas.map((r) => r.url);
    const requestState = (await inBandCall(a!)).body.result?.requestState as string;
    const answered = await inBandCall(b!, { requestState, inputResponses: yes });
    expect(answered.body.result?.structuredContent).toMatchObject({ status: "done" });
    await settled();
    const token = tokenOf(await startCall(a!));
    expect((await startCall(b!, { confirmationToken: token })).body.result?.structuredContent).toMatchObject({
      status: "done",
    });
    await settled();

    await redis.flushAll();
    // The replica that used them remembers so itself; the others learn that Redis was reset.
    expect(text((await startCall(b!, { confirmationToken: token })).body)).toContain("already been used");
    for (const url of [a!, c!]) {
      const again = await startCall(url, { confirmationToken: token });
      expect(again.body.result?.isError).toBe(true);
      expect(text(again.body)).toContain(RESET);
      expect(text(again.body)).toContain("without confirmationToken to get a fresh preview");
    }
    for (const url of [a!, c!]) {
      const again = await inBandCall(url, { requestState, inputResponses: yes });
      expect(text(again.body)).toContain(RESET);
      expect(text(again.body)).toContain("to be asked afresh");
    }
    // Asked afresh, a confirmation works at once.
    expect(await sharesAgain(c!)).toBe(true);
  });

  it("a token used before Redis restarted without persistence is refused on every replica", async () => {
    await settled();
    const [a, b] = replicas.map((r) => r.url);
    const token = tokenOf(await startCall(a!));
    expect((await startCall(a!, { confirmationToken: token })).body.result?.structuredContent).toMatchObject({
      status: "done",
    });
    await redis.restart();
    await expect.poll(() => sharesAgain(b!), { timeout: 20_000, interval: 500 }).toBe(true);
    expect(text((await startCall(b!, { confirmationToken: token })).body)).toContain(RESET);
    expect(text((await startCall(a!, { confirmationToken: token })).body)).toContain("already been used");
  }, 60_000);
});

describe("tasks across replicas", () => {
  it("a run begun as a task on A is read to its end on B and C", async () => {
    await settled();
    const [a, b, c] = replicas.map((r) => r.url);
    const { created, read } = await startConfirmedTask(a!, "start_migration", {
      configurationId: configurationId(),
      mode: "CheckUsersOnly",
    });
    expect(created.result).toMatchObject({ resultType: "task", status: "working" });
    await expect
      .poll(async () => (await read(b!)).result?.status, { timeout: 20_000, interval: 200 })
      .toBe("completed");
    const onC = (await read(c!)).result;
    expect(onC).toMatchObject({
      status: "completed",
      result: { structuredContent: { state: "Completed", mode: "CheckUsersOnly", status: "done" } },
    });
  });
});

describe("Redis lost mid-run", () => {
  it("keeps confirming on each replica alone, says so in the result, shares again once Redis is back, and no replica accepts what was used meanwhile", async () => {
    await settled();
    const [a, b] = replicas.map((r) => r.url);
    await redis.kill();
    const started = Date.now();
    const token = tokenOf(await startCall(a!));
    const done = await startCall(a!, { confirmationToken: token });
    expect(done.body.result?.structuredContent).toMatchObject({ status: "done" });
    expect(text(done.body)).toContain("single use was checked on this replica only");
    expect(text((await startCall(a!, { confirmationToken: token })).body)).toContain("already been used");
    expect(Date.now() - started).toBeLessThan(10_000);
    await redis.restart();
    // Once a replica has reconnected, a confirmation is done without the note.
    await expect.poll(() => sharesAgain(a!), { timeout: 20_000, interval: 500 }).toBe(true);
    await expect.poll(() => sharesAgain(b!), { timeout: 20_000, interval: 500 }).toBe(true);
    expect(text((await startCall(a!, { confirmationToken: token })).body)).toContain("already been used");
    expect(text((await startCall(b!, { confirmationToken: token })).body)).toContain(RESET);
  }, 90_000);
});

it("will not start when Redis cannot be reached, and says which setting to fix", async () => {
  const { code, stderr } = await runToExit(["--transport", "http", "--port", "0"], {
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
    MIGRATE_MCP_REDIS_URL: `redis://:hunter2@127.0.0.1:${await freePort()}`,
  });
  expect(code).toBe(2);
  expect(stderr).toContain("MIGRATE_MCP_REDIS_URL: cannot reach Redis");
  expect(stderr).not.toContain("hunter2");
});
