/**
 * Three replicas of one deployment (the built server over HTTP, one CloudM simulator, one real
 * redis-server): a confirmation issued on A and used on B is refused on C, in both protocol eras;
 * the audit trail of confirmed actions is in Redis; a task begun on one is read to its end on the
 * others; an unreachable Redis stops the start.
 */
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudMSimulator, type CloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import { runToExit } from "../helpers/mcp.js";
import { rawModern } from "../helpers/modern.js";
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

describe("single use across replicas", () => {
  it("2026-07-28: a requestState answered on B is refused on C", async () => {
    const [a, b, c] = replicas.map((r) => r.url);
    const call = (url: string, extra: Record<string, unknown> = {}) =>
      rawModern(url!, "tools/call", {
        name: "start_migration",
        arguments: { configurationId: configurationId(), mode: "CheckUsersOnly" },
        ...extra,
      });
    const first = await call(a!);
    const requestState = first.body.result?.requestState as string;
    expect(requestState).toBeTruthy();
    const yes = { confirm: { action: "accept", content: { confirm: true } } };
    const done = await call(b!, { requestState, inputResponses: yes });
    expect(done.body.result?.structuredContent).toMatchObject({ status: "done" });
    const replayed = await call(c!, { requestState, inputResponses: yes });
    expect(text(replayed.body)).toContain("already been used");
  });

  it("a token from a client that cannot ask: issued on A, used on B, refused on C", async () => {
    await settled();
    const [a, b, c] = replicas.map((r) => r.url);
    const args = { configurationId: configurationId(), mode: "CheckUsersOnly" };
    const call = (url: string, extra: Record<string, unknown> = {}) =>
      rawModern(
        url,
        "tools/call",
        { name: "start_migration", arguments: { ...args, ...extra } },
        { capabilities: {} },
      );
    const preview = await call(a!);
    const token = (preview.body.result?.structuredContent as { confirmationToken: string }).confirmationToken;
    const used = await call(b!, { confirmationToken: token });
    expect(used.body.result?.structuredContent).toMatchObject({ status: "done" });
    const replayed = await call(c!, { confirmationToken: token });
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

describe("tasks across replicas", () => {
  it("a run begun as a task on A is read to its end on B and C", async () => {
    await settled();
    const tasks = { extensions: { "io.modelcontextprotocol/tasks": {} }, elicitation: { form: {} } };
    const [a, b, c] = replicas.map((r) => r.url);
    const call = (extra: Record<string, unknown> = {}) =>
      rawModern(
        a!,
        "tools/call",
        {
          name: "start_migration",
          arguments: { configurationId: configurationId(), mode: "CheckUsersOnly" },
          ...extra,
        },
        { capabilities: tasks },
      );
    const asked = await call();
    const yes = { confirm: { action: "accept", content: { confirm: true } } };
    const created = await call({ requestState: asked.body.result?.requestState, inputResponses: yes });
    expect(created.body.result).toMatchObject({ resultType: "task", status: "working" });
    const taskId = created.body.result?.taskId as string;
    const read = (url: string) =>
      rawModern(url, "tasks/get", { taskId }, { capabilities: tasks, headers: { "mcp-name": taskId } });
    await expect
      .poll(async () => (await read(b!)).body.result?.status, { timeout: 20_000, interval: 200 })
      .toBe("completed");
    const onC = (await read(c!)).body.result;
    expect(onC).toMatchObject({
      status: "completed",
      result: { structuredContent: { state: "Completed", mode: "CheckUsersOnly", status: "done" } },
    });
  });
});

describe("Redis lost mid-run", () => {
  it("keeps confirming on each replica alone, says so in the result, and shares again once Redis is back", async () => {
    await settled();
    const [a] = replicas.map((r) => r.url);
    const args = { configurationId: configurationId(), mode: "CheckUsersOnly" };
    const call = (extra: Record<string, unknown> = {}) =>
      rawModern(
        a!,
        "tools/call",
        { name: "start_migration", arguments: { ...args, ...extra } },
        { capabilities: {} },
      );
    await redis.kill();
    const started = Date.now();
    const preview = await call();
    const token = (preview.body.result?.structuredContent as { confirmationToken: string }).confirmationToken;
    const done = await call({ confirmationToken: token });
    expect(done.body.result?.structuredContent).toMatchObject({ status: "done" });
    expect(text(done.body)).toContain("single use was checked on this replica only");
    expect(text((await call({ confirmationToken: token })).body)).toContain("already been used");
    expect(Date.now() - started).toBeLessThan(10_000);
    await redis.restart();
    // Once the replica has reconnected, a confirmation is done without the note.
    const confirmedShared = async () => {
      await settled();
      const { confirmationToken } = (await call()).body.result?.structuredContent as {
        confirmationToken: string;
      };
      const answer = await call({ confirmationToken });
      return (
        (answer.body.result?.structuredContent as { status?: string } | undefined)?.status === "done" &&
        !text(answer.body).includes("checked on this replica only")
      );
    };
    await expect.poll(confirmedShared, { timeout: 20_000, interval: 500 }).toBe(true);
  }, 60_000);
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
