/**
 * A replica stopped by SIGTERM while it follows a task (two replicas of the built server over HTTP,
 * one CloudM simulator at real speed so the run outlives the replica, one real redis-server): the
 * task's end is in Redis before the replica exits (even when Redis is slow to take it), so the other replica reads it at once, with the
 * true reason, instead of a `working` record that turns into "the replica stopped" 30 s later.
 */
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudMSimulator, type CloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import { startConfirmedTask } from "../helpers/modern.js";
import { type LocalRedis, startRedis } from "../helpers/redis.js";

let sim: CloudMSimulator;
let redis: LocalRedis;
let replicas: SpawnedHttpServer[] = [];
beforeAll(async () => {
  [sim, redis] = await Promise.all([startCloudMSimulator({ tenant: "demo", clockSpeed: 1 }), startRedis()]);
  const env = {
    CLOUDM_URL: sim.url,
    CLOUDM_EMAIL: sim.credentials.email,
    CLOUDM_PASSWORD: sim.credentials.password,
    MIGRATE_MCP_REDIS_URL: redis.url,
    MIGRATE_MCP_CONFIRM_SECRET: "f".repeat(40),
  };
  replicas = await Promise.all([1, 2].map(() => spawnHttpServer([], env, { demo: false })));
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await Promise.all([sim?.close(), redis?.stop()]);
});

describe("a replica shut down while it follows a task", () => {
  it("stores the task's end before it exits: the other replica reads it failed at once, saying the run goes on upstream", async () => {
    const [a, b] = replicas;
    const { created, read } = await startConfirmedTask(a!.url, "start_migration", {
      configurationId: sim.demo?.configurationId ?? "",
      mode: "StartMigration",
    });
    expect(created.result).toMatchObject({ resultType: "task", status: "working" });

    // Redis holds writes for a moment, as a busy or distant one does: the end must still be stored
    // before the replica closes its connection to it.
    const admin = createClient({ url: redis.url });
    await admin.connect();
    try {
      await admin.sendCommand(["CLIENT", "PAUSE", "1500", "WRITE"]);
      expect(await a!.stop()).toBe(0);
    } finally {
      admin.destroy();
    }

    const task = (await read(b!.url)).result ?? {};
    expect(task).toMatchObject({
      status: "failed",
      error: { message: "The server shut down before the job ended" },
    });
    expect(task.statusMessage).toMatch(/shut down .*The run itself goes on upstream/);
    expect(task.statusMessage).not.toMatch(/stopped\./);
  }, 60_000);
});
