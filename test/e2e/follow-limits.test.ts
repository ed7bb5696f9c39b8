/**
 * What one caller may follow, through SDK v2 clients on 2026-07-28 over real HTTP to the built server,
 * which reads a simulator whose requests are counted: a listen naming more URIs than the limit, or
 * taking its caller past it across listens, is refused before any upstream read; a listen naming a
 * batch that does not exist is refused after one read, and starts no poller.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MAX_FOLLOWED_URIS } from "../../src/resources/budget.js";
import { type CloudMSimulator, startCloudMSimulator } from "../../src/simulator/cloudm/server.js";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import { type ModernSession, modernHttp } from "../helpers/modern.js";

const STATS_ROUTE = "GET /api/ConnectionBatchesProgress/get-statistics";
const POLL_INTERVAL_MS = 100;

let sim: CloudMSimulator | undefined;
let server: SpawnedHttpServer | undefined;
const sessions: ModernSession[] = [];
afterEach(async () => {
  await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
  await server?.stop();
  await sim?.close();
  server = undefined;
  sim = undefined;
});

/** The built server over HTTP, reading a simulator of the demo tenant whose clock stands still. */
async function start(): Promise<{ sim: CloudMSimulator; url: string }> {
  sim = await startCloudMSimulator({ tenant: "demo", clockSpeed: 0 });
  server = await spawnHttpServer(
    [],
    {
      CLOUDM_URL: sim.url,
      CLOUDM_EMAIL: sim.credentials.email,
      CLOUDM_PASSWORD: sim.credentials.password,
      MIGRATE_MCP_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    },
    { demo: false },
  );
  return { sim, url: server.url };
}

async function session(url: string): Promise<ModernSession> {
  const opened = await modernHttp(url);
  sessions.push(opened);
  return opened;
}

/** Statistics URIs of batches no instance has. */
const missingBatches = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `cloudm://batches/00000000-0000-4000-8000-${String(i).padStart(12, "0")}/statistics`,
  );
/** MigrateClouds transfer URIs: followed by webhook events, they cost no upstream read. */
const transfers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `migrateclouds://transfers/t-${from + i}`);

describe("following resources on subscriptions/listen over HTTP", () => {
  it(`refuses a listen naming more than ${MAX_FOLLOWED_URIS} URIs, before any upstream read`, async () => {
    const { sim, url } = await start();
    const client = (await session(url)).client;
    const before = sim.countRequests(STATS_ROUTE);
    await expect(client.listen({ resourceSubscriptions: missingBatches(3_000) })).rejects.toThrow(
      `at most ${MAX_FOLLOWED_URIS} URIs`,
    );
    expect(sim.countRequests(STATS_ROUTE)).toBe(before);
    // Within the limit the same caller listens as before, and the batch's one read starts its poller.
    const demo = `cloudm://batches/${sim.demo?.configurationId}/statistics`;
    const listening = await client.listen({ resourceSubscriptions: [demo] });
    expect(sim.countRequests(STATS_ROUTE) - before).toBe(1);
    await listening.close();
  });

  it("refuses a listen naming a batch that does not exist after one read, and polls it no more", async () => {
    const { sim, url } = await start();
    const client = (await session(url)).client;
    const before = sim.countRequests(STATS_ROUTE);
    await expect(client.listen({ resourceSubscriptions: missingBatches(1) })).rejects.toThrow(
      /Cannot follow .*No batch with configurationId/,
    );
    expect(sim.countRequests(STATS_ROUTE) - before).toBe(1);
    // Five poll intervals: a poller would have read it again by now.
    await new Promise((resolve) => setTimeout(resolve, 5 * POLL_INTERVAL_MS));
    expect(sim.countRequests(STATS_ROUTE) - before).toBe(1);
  });

  it("counts what one caller follows across its listens: every loopback client without a token is one caller", async () => {
    const { sim, url } = await start();
    const [a, b] = [(await session(url)).client, (await session(url)).client];
    const held = Math.ceil(MAX_FOLLOWED_URIS / 2) + 5;
    const first = await a.listen({ resourceSubscriptions: transfers(0, held) });
    const demo = `cloudm://batches/${sim.demo?.configurationId}/statistics`;
    const more = [demo, ...transfers(held, held - 1)];
    const before = sim.countRequests(STATS_ROUTE);
    await expect(b.listen({ resourceSubscriptions: more })).rejects.toThrow(
      `asks for ${held} more while ${held} are followed`,
    );
    expect(sim.countRequests(STATS_ROUTE)).toBe(before);
    // Once the first listen ends, its URIs no longer count.
    await first.close();
    const second = await b.listen({ resourceSubscriptions: more });
    await second.close();
  });
});
