/**
 * src/tools/api.ts: call_api (GET at once, other methods after confirmation, confined to /api/ of the
 * instance) and describe_platform_settings (from the instance OpenAPI, else the built-in table).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accept, callTool, decline, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

let env: InProcess;
/** Queued answers to elicitation; the client declines when none is queued. */
let answers: Array<() => ReturnType<typeof accept>>;
let client: Client;
beforeAll(async () => {
  env = await startInProcess({ argv: ["--toolsets", "all"] });
  answers = [];
  client = await env.connect("human", () => (answers.shift() ?? decline)());
});
afterAll(() => env.close());

const demo = () => env.sim.demo!;

describe("call_api", () => {
  it("runs a GET at once and returns the parsed answer", async () => {
    const result = await callTool(client, "call_api", {
      method: "GET",
      path: `/api/ConnectionsProject/${demo().projectId}`,
    });
    expect(result.structuredContent).toMatchObject({
      httpStatus: 200,
      body: { name: "Contoso to Fabrikam (simulated)" },
    });
  });

  it("sends the query parameters", async () => {
    const result = await callTool(client, "call_api", {
      method: "GET",
      path: "/api/ConnectionsProject",
      query: { pageSize: "1", pageNumber: "1" },
    });
    expect(result.structuredContent).toMatchObject({
      httpStatus: 200,
      contentType: expect.stringContaining("application/json"),
      truncated: false,
      body: { pageSize: 1, pageNumber: 1, items: [{ projectId: expect.any(String) }] },
    });
  });

  it("asks before any other method; declined changes nothing, accepted acts", async () => {
    const args = { method: "POST", path: `/api/ConnectionsProject/${demo().projectId}/archive` };
    answers.push(decline);
    expect((await callTool(client, "call_api", args)).structuredContent).toMatchObject({
      status: "declined",
    });
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(false);
    answers.push(() => accept());
    expect((await callTool(client, "call_api", args)).structuredContent).toMatchObject({ status: "done" });
    expect(env.sim.state.projects.get(demo().projectId)?.isArchived).toBe(true);
  });

  it("sends the JSON body of a confirmed write and returns the answer", async () => {
    const before = env.sim.state.projects.size;
    answers.push(() => accept());
    const result = await callTool(client, "call_api", {
      method: "POST",
      path: "/api/ConnectionsProject/create-project",
      body: {
        name: "Made through call_api",
        sourceConnectionId: demo().sourceConnectionId,
        destinationConnectionId: demo().destinationConnectionId,
      },
    });
    expect(result.structuredContent).toMatchObject({
      status: "done",
      httpStatus: 200,
      body: { name: "Made through call_api" },
    });
    expect(env.sim.state.projects.size).toBe(before + 1);
    expect([...env.sim.state.projects.values()].map((p) => p.name)).toContain("Made through call_api");
  });

  it("turns an error answer into an error naming the upstream's message", async () => {
    const result = await callTool(client, "call_api", {
      method: "GET",
      path: "/api/ConnectionsProject/no-such-project",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("404");
    expect(textOf(result)).toContain("No project with projectId 'no-such-project'");
  });

  it.each([
    ["https://evil.example/api/x", "must start with /api/"],
    ["//evil.example/api/x", "must start with /api/"],
    ["/api/http://evil.example/x", "scheme or host"],
    ["/api/../openapi/v1.json", "segments"],
    ["/api/%2e%2e/openapi/v1.json", "segments"],
    ["/api/x/..%2F..%2Fadmin", "segments"],
    ["/api//evil.example", "//"],
    ["/api/x?admin=1", "query"],
    ["/apix/y", "must start with /api/"],
    ["/api/..;/x", "segments"],
    ["/api/x;jsessionid=1", "; or spaces"],
  ])("refuses %s before any request", async (path, why) => {
    const before = env.sim.requests.length;
    const result = await callTool(client, "call_api", { method: "GET", path });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("path:");
    expect(textOf(result)).toContain(why);
    expect(env.sim.requests.length).toBe(before);
  });

  it("answers with every credential masked: a login through it shows no token", async () => {
    answers.push(() => accept());
    const result = await callTool(client, "call_api", {
      method: "POST",
      path: "/api/Account/login",
      body: { userEmail: env.sim.credentials.email, password: env.sim.credentials.password },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const body = (result.structuredContent as { body: { accessToken?: string; userName?: string } }).body;
    expect(body.userName).toBe("Demo Admin");
    expect(body.accessToken).not.toMatch(/^ey/);
    const issued = env.sim.issuedTokens.at(-1) ?? "";
    expect(issued).toMatch(/^ey/);
    expect(JSON.stringify(result)).not.toContain(issued);
  });

  it("is not offered in read-only mode", async () => {
    const readOnly = await startInProcess({ argv: ["--toolsets", "all", "--read-only"] });
    try {
      const { tools } = await (await readOnly.connect()).listTools();
      expect(tools.map((t) => t.name)).not.toContain("call_api");
      expect(tools.map((t) => t.name)).toContain("describe_platform_settings");
    } finally {
      await readOnly.close();
    }
  });
});

describe("describe_platform_settings", () => {
  it("describes a platform's settings from the instance OpenAPI", async () => {
    const described = await callTool(client, "describe_platform_settings", { platform: "AmazonStorage" });
    expect(described.structuredContent).toMatchObject({
      required: ["domainName", "accessKey", "secretKey", "bucketName", "bucketRegion"],
      secrets: ["accessKey", "secretKey"],
      canBeDestination: true,
    });
    expect((described.structuredContent as { source: string }).source).toContain(
      "instance OpenAPI (AmazonStorageConnectionSettings)",
    );
  });

  it("falls back to the built-in table on an instance without an OpenAPI, and says a platform is source only", async () => {
    // The guide profile serves no /openapi/v1.json.
    const guide = await startInProcess({ argv: ["--toolsets", "all"], simulator: { profile: "guide" } });
    try {
      const described = await callTool(await guide.connect(), "describe_platform_settings", {
        platform: "GoogleTakeout",
      });
      expect(described.structuredContent).toEqual({
        platform: "GoogleTakeout",
        canBeDestination: false,
        required: ["domainName", "serviceAccountEmail", "key", "bucketName"],
        optional: ["takeoutPrefix"],
        secrets: ["key"],
        source: "built-in table (the instance has no OpenAPI entry for it)",
      });
      expect(textOf(described)).toContain("Google Takeout (Source only)");
    } finally {
      await guide.close();
    }
  });
});
