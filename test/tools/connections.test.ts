/**
 * The connection tools (src/tools/connections.ts): create, list, read, update and test connections to
 * the source and destination platforms; a secret never comes back, and an update keeps the stored one.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accept,
  callOk,
  callTool,
  decline,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

const M365_SOURCE = {
  platform: "Microsoft365",
  name: "Src",
  connectionType: "Source",
  settings: {
    domainName: "src.example",
    adminName: "admin@src.example",
    adminPassword: "pw-123",
    testUserName: "a@src.example",
  },
};

let env: InProcess;
let client: Client;
/** What the human answers to the next confirmations; none left declines. */
const answers: Array<() => ElicitResult> = [];

beforeAll(async () => {
  // Connection tests take three simulated seconds: a fast clock keeps them short.
  env = await startInProcess({ simulator: { clockSpeed: 600 } });
  client = await env.connect("human", () => (answers.shift() ?? decline)());
});
afterAll(() => env.close());

const demo = () => env.sim.demo!;

const ok = (name: string, args: Record<string, unknown>) => callOk(client, name, args);

describe("create_connection", () => {
  it("creates the connection and answers with its settings, the secret masked", async () => {
    const source = (await ok("create_connection", M365_SOURCE)) as {
      connection: { id: number; settings: Record<string, unknown> };
    };
    expect(source.connection).toMatchObject({
      name: "Src",
      platform: "Microsoft365",
      connectionType: "Source",
    });
    expect(source.connection.settings.adminPassword).toBe("********");
    expect(source.connection.settings.domainName).toBe("src.example");
    expect(env.sim.state.connections.get(source.connection.id)?.settings.adminPassword).toBe("pw-123");
  });

  it("refuses settings the platform requires but were not given, and creates nothing", async () => {
    const before = env.sim.state.connections.size;
    const result = await callTool(client, "create_connection", {
      ...M365_SOURCE,
      settings: { domainName: "src.example" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("settings is missing settings.adminName");
    expect(env.sim.state.connections.size).toBe(before);
  });
});

describe("list_connections", () => {
  it("lists the connections of one type only when asked", async () => {
    const listed = (await ok("list_connections", { connectionType: "Destination" })) as {
      connections: Array<{ id: number; connectionType: string }>;
    };
    expect(listed.connections.map((c) => c.id)).toContain(demo().destinationConnectionId);
    expect(listed.connections.map((c) => c.id)).not.toContain(demo().sourceConnectionId);
    expect(listed.connections.every((c) => c.connectionType === "Destination")).toBe(true);
    const all = (await ok("list_connections", {})) as { connections: Array<{ id: number }> };
    expect(all.connections.map((c) => c.id)).toEqual(
      expect.arrayContaining([demo().sourceConnectionId, demo().destinationConnectionId]),
    );
  });

  it("reads the 16 platform lists at once without Node warning of an abort-listener leak", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      await Promise.all([ok("list_connections", {}), ok("list_connections", {})]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
  });
});

describe("get_connection", () => {
  it("reads a connection by id, with or without its platform, secrets masked", async () => {
    const connectionId = demo().destinationConnectionId;
    const direct = await ok("get_connection", { connectionId, platform: "GoogleWorkspace" });
    expect(direct).toMatchObject({
      connection: {
        id: connectionId,
        name: "Fabrikam Google Workspace (simulated)",
        platform: "GoogleWorkspace",
        connectionType: "Destination",
        settings: { domainName: "fabrikam.example", key: "********" },
      },
    });
    // Without the platform the tool looks through every platform's list.
    expect(await ok("get_connection", { connectionId })).toEqual(direct);
  });

  it("answers an unknown id with isError saying where the ids are", async () => {
    const result = await callTool(client, "get_connection", { connectionId: 999_999 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("connectionId: no connection 999999");
    expect(textOf(result)).toContain("list_connections");
  });
});

describe("update_connection", () => {
  it("merges settings after confirmation and keeps the stored secret", async () => {
    const connectionId = demo().sourceConnectionId;
    answers.push(decline);
    const declined = await callTool(client, "update_connection", { connectionId, name: "Changed" });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(env.sim.state.connections.get(connectionId)?.name).toBe("Contoso Microsoft 365 (simulated)");
    answers.push(() => accept());
    const updated = await callTool(client, "update_connection", {
      connectionId,
      name: "Changed",
      settings: { testUserName: "ben.bauer@contoso.example" },
    });
    expect(updated.structuredContent).toMatchObject({
      status: "done",
      connection: {
        name: "Changed",
        settings: { adminPassword: "********", testUserName: "ben.bauer@contoso.example" },
      },
    });
    const stored = env.sim.state.connections.get(connectionId)?.settings;
    expect(stored).toMatchObject({ adminPassword: "simulated-secret", domainName: "contoso.example" });
  });
});

describe("test_connection", () => {
  it("waits for the checks and reports a pass", async () => {
    const source = (await ok("create_connection", { ...M365_SOURCE, name: "Tested" })) as {
      connection: { id: number };
    };
    const tested = await ok("test_connection", { connectionId: source.connection.id });
    expect(tested).toMatchObject({ completed: true, success: true });
    expect((tested.checks as Array<{ status: string }>).map((c) => c.status)).toEqual([
      "Success",
      "Success",
      "Success",
    ]);
  });

  it("reports a failed check, and says to fix the settings", async () => {
    const source = (await ok("create_connection", {
      ...M365_SOURCE,
      name: "Wrong password",
      settings: { ...M365_SOURCE.settings, adminPassword: "wrong-pw" },
    })) as { connection: { id: number } };
    const result = await callTool(client, "test_connection", { connectionId: source.connection.id });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ completed: true, success: false });
    expect((result.structuredContent as { checks: unknown[] }).checks).toContainEqual(
      expect.objectContaining({ name: "Authenticate", status: "Failed" }),
    );
    expect(textOf(result)).toContain("FAILED its test; fix the settings named below with update_connection");
  });

  it("answers a testId the instance does not know with isError", async () => {
    const result = await callTool(client, "test_connection", {
      connectionId: demo().sourceConnectionId,
      testId: "no-such-test",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('testId: no connection test "no-such-test"');
  });
});
