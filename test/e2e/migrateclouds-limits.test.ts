/**
 * MigrateClouds behaviour that is no one tool's: the client-side rate limiter against a fast-clock Pro
 * simulator, a 429 that comes anyway, a bad API key, and each documented error code becoming a tool
 * error that names it. Real MCP clients; each test its own simulator, with its own plan and clock.
 */
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_PRO_KEY } from "../../src/simulator/migrateclouds/server.js";
import {
  callTool,
  confirmWithToken,
  type InProcess,
  type InProcessOptions,
  LEGAL_COPY,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

let env: InProcess | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});
const start = async (migrateclouds: InProcessOptions["migrateclouds"], argv: string[] = []) => {
  env = await startInProcess({ migrateclouds, argv });
  return env;
};
const mcOf = (e: InProcess) => {
  if (!e.mc) throw new Error("no MigrateClouds simulator");
  return e.mc;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rate limits", () => {
  it("keeps 150 calls on a Pro plan under the limit, so no 429 is ever sent", async () => {
    // 120x: a simulated minute lasts half a real second, so 150 calls need about 1.3 s.
    const e = await start({ clockSpeed: 120, apiKey: DEMO_PRO_KEY, plan: "pro" });
    const mc = mcOf(e);
    const client = await e.connect();
    const results = [];
    for (let wave = 0; wave < 15; wave++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () =>
            callTool(client, "list_cloud_files", { service: "box", path: "/HR" }),
          ),
        )),
      );
    }
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(mc.countRequests("GET /v1/files/list")).toBe(150);
    expect(mc.rateLimitRejections()).toBe(0);

    // The control: the same burst without our limiter does get refused.
    await Promise.all(
      Array.from({ length: 150 }, () =>
        request(`${mc.url}/files/list?service=box&path=/HR`, {
          headers: { authorization: `Bearer ${DEMO_PRO_KEY}` },
        }).then((r) => r.body.dump()),
      ),
    );
    expect(mc.rateLimitRejections()).toBeGreaterThan(0);
  });

  it("waits out a 429 that comes anyway, for its Retry-After", async () => {
    const e = await start({});
    const mc = mcOf(e);
    mc.faults.enqueue({ kind: "rate_limit", pathPrefix: "/v1/files", retryAfterSeconds: 1 });
    const client = await e.connect();
    const result = await callTool(client, "list_cloud_files", { service: "box", path: "/" });
    expect(result.isError).toBeFalsy();
    const attempts = mc.requests.filter((r) => r.path === "/v1/files/list");
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });
});

describe("errors", () => {
  it("reports a bad API key at the first call, and keeps serving", async () => {
    const e = await start({ apiKey: "mc_wrong_key_0000000000" });
    const client = await e.connect();
    const result = await callTool(client, "list_cloud_files", { service: "box", path: "/" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("MIGRATECLOUDS_API_KEY");
    expect(textOf(result)).not.toContain("mc_wrong_key");
    expect((await callTool(client, "whoami")).isError).toBeFalsy();
  });

  it("maps each documented error code to a tool error that names it", async () => {
    const e = await start({ clockSpeed: 600, apiKey: DEMO_PRO_KEY, plan: "pro" }, ["--toolsets", "all"]);
    const mc = mcOf(e);
    const client = await e.connect();
    const expectCode = async (code: string, name: string, args: Record<string, unknown>) => {
      const result = await confirmWithToken(client, name, args);
      expect(result.isError, `${name} → ${code}`).toBe(true);
      expect(textOf(result)).toContain(code);
    };
    await expectCode("resource_not_found", "list_cloud_files", { service: "box", path: "/No such folder" });
    await expectCode("permission_denied", "create_webhook", { events: ["transfer.completed"] });
    await expectCode("permission_denied", "start_transfer", {
      sourceService: "box",
      sourcePath: "/HR",
      destinationService: "onedrive",
      destinationPath: "/HR copy",
      conflictResolution: "skip",
      recurring: "daily",
    });
    const started = await confirmWithToken(client, "start_transfer", LEGAL_COPY);
    const id = (started.structuredContent as { transfer: { id: string } }).transfer.id;
    for (let i = 0; i < 100; i++) {
      const t = await callTool(client, "get_transfer", { transferId: id });
      if ((t.structuredContent as { transfer: { status: string } }).transfer.status === "completed") break;
      await sleep(50);
    }
    await expectCode("invalid_parameter", "cancel_transfer", { transferId: id });
    mc.faults.enqueue({ kind: "rate_limit", pathPrefix: "/v1/files", retryAfterSeconds: 120 });
    await expectCode("rate_limit_exceeded", "list_cloud_files", { service: "box", path: "/" });
    mc.faults.enqueue({ kind: "server_error", pathPrefix: "/v1/files" }, 3);
    await expectCode("service_error", "list_cloud_files", { service: "box", path: "/" });
  });
});
