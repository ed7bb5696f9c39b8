/**
 * Upstream answers that are not what an API sends: an HTML page, JSON cut off mid-answer, an enormous
 * body, no body at all. Each becomes a tool error that says what happened and whether retrying helps;
 * an enormous body is abandoned at the size cap, never buffered whole; the server keeps answering.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProblemDetails } from "../../src/api/cloudm/transport.js";
import { ApiError } from "../../src/api/errors.js";
import { DEFAULT_MAX_RESPONSE_BYTES, HttpClient } from "../../src/api/http.js";
import { createLogger } from "../../src/log.js";
import type { BodyFaultKind, ScriptedFault } from "../../src/simulator/faults.js";
import type { RequestRecord } from "../../src/simulator/http-server.js";
import { type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

const DEADLINE_MS = 20_000;
/** Every attempt of a read (the first and its two retries) gets the fault. */
const ALL_ATTEMPTS = 3;
const SETTINGS_PATH = "/api/BatchConfigSettings/";
const HUGE = 64 * 1024 * 1024;

let env: InProcess;
let client: Client;
let configurationId: string;

beforeAll(async () => {
  env = await startInProcess({
    argv: ["--toolsets", "all"],
    simulator: { clockSpeed: 600 },
    migrateclouds: { clockSpeed: 60 },
    http: { retry: { baseDelayMs: 5, maxDelayMs: 20 } },
  });
  client = await env.connect("bad-upstream");
  configurationId = env.sim.demo!.configurationId;
});
afterAll(() => env?.close());

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, {
    timeout: DEADLINE_MS,
  })) as CallToolResult;
}

/** get_batch_settings with `fault` on its GET, `count` times; the records of that route. */
async function readWith(fault: Omit<ScriptedFault, "method" | "pathPrefix">, count = ALL_ATTEMPTS) {
  const since = env.sim.requests.length;
  env.sim.faults.enqueue({ ...fault, method: "GET", pathPrefix: SETTINGS_PATH }, count);
  const result = await call("get_batch_settings", { configurationId });
  env.sim.faults.clear();
  const records = env.sim.requests.slice(since).filter((r) => r.path.startsWith(SETTINGS_PATH));
  return { result, text: textOf(result), records };
}

/** create_project whose write is applied, then answered with `kind`. */
async function writeWith(kind: BodyFaultKind) {
  const name = `Bad answer ${kind}`;
  const since = env.sim.requests.length;
  env.sim.faults.enqueue({
    kind,
    method: "POST",
    pathPrefix: "/api/ConnectionsProject/create-project",
    afterHandler: true,
  });
  const result = await call("create_project", {
    name,
    sourceConnectionId: env.sim.demo!.sourceConnectionId,
    destinationConnectionId: env.sim.demo!.destinationConnectionId,
  });
  env.sim.faults.clear();
  const writes = env.sim.requests
    .slice(since)
    .filter((r) => r.route === "POST /api/ConnectionsProject/create-project");
  const created = [...env.sim.state.projects.values()].filter((p) => p.name === name);
  return { result, text: textOf(result), writes, created };
}

async function bodyBytesOf(record: RequestRecord | undefined): Promise<number> {
  // The simulator notes how much it streamed once the client hangs up; that comes just after the error.
  for (let i = 0; i < 200 && record?.bodyBytes === undefined; i++)
    await new Promise((r) => setTimeout(r, 10));
  return record?.bodyBytes ?? Number.NaN;
}

describe("an HTML page", () => {
  it("instead of JSON with 200: says so by its title, not the markup, and that retrying will not help", async () => {
    const { result, text, records } = await readWith({ kind: "html" }, 1);
    expect(result.isError).toBe(true);
    expect(text).toContain('sent an HTML page ("502 Bad Gateway") instead of JSON');
    expect(text).toMatch(/proxy|sign-in page/);
    expect(text).toContain("Retrying will not help");
    expect(text).not.toContain("<");
    // Deterministic: not retried.
    expect(records).toHaveLength(1);
  });

  it("as a 502 error body: a retryable server error named by the page's title", async () => {
    const { result, text, records } = await readWith({ kind: "html", status: 502 });
    expect(result.isError).toBe(true);
    expect(text).toContain("answered 502");
    expect(text).toContain('an HTML page ("502 Bad Gateway") instead of JSON');
    expect(text).toMatch(/retrying in a little while may help/);
    expect(text).not.toContain("<");
    expect(records.map((r) => r.status)).toEqual([502, 502, 502]);
  });

  it("from MigrateClouds too", async () => {
    env.mc!.faults.enqueue({ kind: "html", method: "GET", pathPrefix: "/v1/transfers" });
    const result = await call("list_transfers", {});
    env.mc!.faults.clear();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('MigrateClouds sent an HTML page ("502 Bad Gateway") instead of JSON');
  });
});

describe("JSON cut off mid-answer", () => {
  it("on every attempt of a read: says it was cut off, after how many of how many bytes, and to retry", async () => {
    const { result, text, records } = await readWith({ kind: "truncated_json", status: 200 });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/answer to GET \/api\/BatchConfigSettings\/\S+ was cut off after \d+ of \d+ bytes/);
    expect(text).toContain("retrying in a little while may help");
    expect(records.map((r) => r.fault)).toEqual(["truncated_json", "truncated_json", "truncated_json"]);
  });

  it("once on a read: retried, and the call succeeds", async () => {
    const { result, records } = await readWith({ kind: "truncated_json" }, 1);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(records.map((r) => r.fault ?? r.status)).toEqual(["truncated_json", 200]);
  });

  it("on a write that got its 2xx: reported done, not resent, with what could not be read", async () => {
    const { result, text, writes, created } = await writeWith("truncated_json");
    expect(result.isError, text).toBeFalsy();
    expect(text).toContain("do not create it again");
    expect(result.structuredContent).toMatchObject({ note: expect.stringContaining("cut off") });
    expect(writes).toHaveLength(1);
    expect(created).toHaveLength(1);
  });
});

describe("an enormous body", () => {
  it(`is abandoned at the default cap (${DEFAULT_MAX_RESPONSE_BYTES} bytes): a clear error, not an out-of-memory`, async () => {
    const { result, text, records } = await readWith({ kind: "huge_body", bytes: HUGE }, 1);
    expect(result.isError).toBe(true);
    expect(text).toContain(`sent an answer over ${DEFAULT_MAX_RESPONSE_BYTES} bytes (16 MiB)`);
    expect(text).toContain("too large");
    expect(text).toContain("Retrying will not help");
    // Not retried (the same answer would come back), and the stream was cut well short of its 64 MiB.
    expect(records).toHaveLength(1);
    expect(await bodyBytesOf(records[0])).toBeLessThan(HUGE / 2);
  });

  describe("with a configured cap", () => {
    const http = () =>
      new HttpClient({
        provider: "CloudM Migrate",
        baseUrl: env.sim.url,
        logger: createLogger("silent"),
        parseErrorBody: parseProblemDetails,
        maxResponseBytes: 4096,
        retry: { maxRetries: 0 },
      });

    it("a body announced larger than the cap is refused before it is read", async () => {
      const client = http();
      try {
        // The OpenAPI document is far over 4 KiB and sent with its Content-Length.
        const error = await client.send({ method: "GET", path: "/openapi/v1.json" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).code).toBe("response_too_large");
        expect((error as ApiError).message).toContain("over 4096 bytes");
        expect((error as ApiError).retryable).toBe(false);
        // Under the cap, the same client reads answers as before.
        await expect(
          client.send({ method: "POST", path: "/api/Account/login", json: {} }),
        ).rejects.toMatchObject({
          status: 400,
        });
      } finally {
        await client.close();
      }
    });

    it("is the operator's to set for the server's clients, with MIGRATE_MCP_MAX_RESPONSE_MB", async () => {
      const capped = await startInProcess({ env: { MIGRATE_MCP_MAX_RESPONSE_MB: "0.001" } });
      try {
        const client = await capped.connect();
        capped.sim.faults.enqueue({
          kind: "huge_body",
          method: "GET",
          pathPrefix: SETTINGS_PATH,
          bytes: HUGE,
        });
        const result = (await client.callTool({
          name: "get_batch_settings",
          arguments: { configurationId: capped.sim.demo!.configurationId },
        })) as CallToolResult;
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain("sent an answer over 1049 bytes");
        expect(textOf(result)).toContain("raise MIGRATE_MCP_MAX_RESPONSE_MB");
      } finally {
        await capped.close();
      }
    });

    it("a streamed body is abandoned as soon as it passes the cap", async () => {
      const client = http();
      try {
        const since = env.sim.requests.length;
        env.sim.faults.enqueue({ kind: "huge_body", method: "GET", pathPrefix: "/openapi", bytes: HUGE });
        const error = await client.send({ method: "GET", path: "/openapi/v1.json" }).catch((e: unknown) => e);
        expect((error as ApiError).code).toBe("response_too_large");
        expect(await bodyBytesOf(env.sim.requests[since])).toBeLessThan(HUGE / 2);
      } finally {
        env.sim.faults.clear();
        await client.close();
      }
    });
  });
});

describe("no body at all", () => {
  it("on every attempt of a read: says the answer was empty, and that retrying may help", async () => {
    const { result, text } = await readWith({ kind: "empty_body" }, 1);
    expect(result.isError).toBe(true);
    expect(text).toContain("sent an empty answer (no body where JSON was expected) for GET");
    expect(text).toContain("retrying in a little while may help");
  });

  it("on a write that got its 2xx: reported done, saying the answer was empty", async () => {
    const { result, text, writes, created } = await writeWith("empty_body");
    expect(result.isError, text).toBeFalsy();
    expect(text).toContain("do not create it again");
    expect(result.structuredContent).toMatchObject({ note: expect.stringContaining("was empty") });
    expect(writes).toHaveLength(1);
    expect(created).toHaveLength(1);
  });
});

it("the server still answers after all of it", async () => {
  const who = await call("whoami", {});
  expect(who.isError, textOf(who)).toBeFalsy();
  const settings = await call("get_batch_settings", { configurationId });
  expect(settings.isError, textOf(settings)).toBeFalsy();
});
