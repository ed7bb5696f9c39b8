/**
 * Regression tests for what the reliability suite found (fuzzing, the fault matrix, the secret scan),
 * each pinned down on its own so a return shows up under its name.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

let env: InProcess;
let client: Client;
beforeAll(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"], simulator: { clockSpeed: 600 } });
  client = await env.connect("regressions");
});
afterAll(() => env?.close());

const call = async (name: string, args: Record<string, unknown>, timeout = 10_000) =>
  (await client.callTool({ name, arguments: args }, undefined, { timeout })) as CallToolResult;

it("wait_for_migration on a batch that does not exist says so at once, not after waitSeconds", async () => {
  // Bounded well under the 45 s asked for: the old behaviour waited it out, then failed.
  const result = await call(
    "wait_for_migration",
    { configurationId: "no-such-batch", waitSeconds: 45 },
    5_000,
  );
  expect(result.isError).toBe(true);
  expect(textOf(result)).toContain("404");
});

it("an error about a huge argument does not repeat it whole", async () => {
  const huge = "é😀".repeat(300_000);
  const result = await call("get_batch_settings", { configurationId: huge });
  expect(result.isError).toBe(true);
  expect(textOf(result).length).toBeLessThan(5_000);
  expect(textOf(result)).toMatch(/characters/);
});

it("call_api's confirmation preview masks credentials in the body it repeats", async () => {
  const password = "pw-that-must-not-come-back";
  const result = await call("call_api", {
    method: "POST",
    path: "/api/Microsoft365Connections",
    body: { name: "x", settings: { adminPassword: password, nested: [{ clientSecret: password }] } },
  });
  expect(result.structuredContent).toMatchObject({ status: "confirmation_required" });
  expect(JSON.stringify(result)).not.toContain(password);
  expect(JSON.stringify(result.structuredContent)).toContain("********");
});

it("a CloudM token refused again right after renewal is reported as worth retrying", async () => {
  const since = env.sim.requests.length;
  // The next two authenticated requests are refused as expired: the held token, then the renewed one.
  env.sim.faults.enqueue({ kind: "expire_token", method: "GET" }, 2);
  const result = await call("list_projects", {});
  env.sim.faults.clear();
  expect(result.isError).toBe(true);
  expect(textOf(result)).toContain("a token issued moments earlier was refused too");
  expect(textOf(result)).toContain("Retrying may help");
  expect(env.sim.requests.slice(since).filter((r) => r.fault === "expire_token")).toHaveLength(2);
  // And it does: the next call goes through.
  expect((await call("list_projects", {})).isError).toBeFalsy();
});

it("a setting named after an Object.prototype member is an unknown setting, not an internal error", async () => {
  const configurationId = env.sim.demo!.configurationId;
  const before = structuredClone(env.sim.state.batches.get(configurationId)!.general);
  for (const name of ["constructor", "toString", "hasOwnProperty"]) {
    const result = await call("update_batch_settings", { configurationId, general: { [name]: 1 } });
    expect(textOf(result), name).not.toMatch(/Internal error|bug in migrate-mcp/);
    expect(textOf(result), name).toContain(name);
  }
  expect(env.sim.state.batches.get(configurationId)!.general).toEqual(before);
});

it("call_api refuses a path of a megabyte at once, naming path, instead of stalling the server on it", async () => {
  const result = await call("call_api", { method: "GET", path: "x".repeat(1 << 20) }, 5_000);
  expect(result.isError).toBe(true);
  expect(textOf(result)).toMatch(/^path: .*is 1048576 characters long; a path is at most 2000/);
});
