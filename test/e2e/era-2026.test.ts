/**
 * MCP 2026-07-28 end to end: SDK v2 Clients pinned to the new era over stdio and HTTP (stateful and
 * --stateless endpoints alike), confirmations by input_required answered by the human, the token
 * path for clients that cannot ask, and the raw wire: what a replayed requestState gets.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CallToolResult, ElicitRequest } from "@modelcontextprotocol/client";
import { MAX_FOLLOWED_URIS } from "../../src/resources/budget.js";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import {
  MODERN,
  type ModernSession,
  modernHttp,
  modernStdio,
  rawModern,
  rawStdioWire,
} from "../helpers/modern.js";

let server: SpawnedHttpServer | undefined;
const sessions: ModernSession[] = [];
afterEach(async () => {
  await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
  await server?.stop();
  server = undefined;
});

const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const structured = <T>(r: CallToolResult): T => {
  expect(r.isError, text(r)).toBeFalsy();
  return r.structuredContent as T;
};

async function demoBatch(session: ModernSession): Promise<string> {
  const { projects } = structured<{ projects: Array<{ projectId: string }> }>(
    await session.call("list_projects"),
  );
  const { batches } = structured<{ batches: Array<{ configurationId: string }> }>(
    await session.call("get_project", { projectId: projects[0]?.projectId }),
  );
  return batches[0]?.configurationId ?? "";
}

/** The whole run through a 2026 client whose human accepts: the form names what will happen. */
async function lifecycle(session: ModernSession, asked: ElicitRequest[]): Promise<void> {
  expect(session.client.getProtocolEra()).toBe("modern");
  expect(text(await session.call("whoami"))).toContain("SIMULATOR");
  const configurationId = await demoBatch(session);
  const started = await session.call("start_migration", { configurationId, mode: "StartMigration" });
  expect(structured(started)).toMatchObject({ status: "done" });
  expect(asked).toHaveLength(1);
  expect(asked[0]?.params.message).toContain("Do you want to go ahead?");
  const waited = await session.call("wait_for_migration", { configurationId, waitSeconds: 45 });
  expect(structured(waited)).toMatchObject({ finished: true, state: "Completed" });
  const report = await session.call("get_report", { configurationId, reportType: "MigrationSummary" });
  expect(report.isError, text(report)).toBeFalsy();
}

const accepting = (asked: ElicitRequest[]) => (request: ElicitRequest) => {
  asked.push(request);
  return { action: "accept" as const, content: { confirm: true } };
};

describe("2026-07-28 over stdio", () => {
  it("runs the lifecycle, the human confirming through the client's own form", async () => {
    const asked: ElicitRequest[] = [];
    const session = await modernStdio({ elicit: accepting(asked) });
    sessions.push(session);
    await lifecycle(session, asked);
  });

  it("changes nothing when the human declines, and gives a client that cannot ask the token path", async () => {
    const declining = await modernStdio({ elicit: () => ({ action: "decline" }) });
    sessions.push(declining);
    const configurationId = await demoBatch(declining);
    const declined = await declining.call("start_migration", { configurationId, mode: "StartMigration" });
    expect(structured(declined)).toMatchObject({ status: "declined" });
    const stats = structured<{ state: string }>(
      await declining.call("get_batch_statistics", { configurationId, itemLimit: 0 }),
    );
    expect(stats.state).toBe("None");

    const noForm = await modernStdio();
    sessions.push(noForm);
    const args = { configurationId, mode: "CheckUsersOnly" };
    const preview = structured<{ status: string; confirmationToken: string }>(
      await noForm.call("start_migration", args),
    );
    expect(preview.status).toBe("confirmation_required");
    const done = await noForm.call("start_migration", {
      ...args,
      confirmationToken: preview.confirmationToken,
    });
    expect(structured(done)).toMatchObject({ status: "done" });
  });
});

describe("2026-07-28 log messages", () => {
  it("sends a stdio client none, even for lines that are not MCP messages (the revision has no logging)", async () => {
    const wire = rawStdioWire();
    try {
      expect((await wire.call("server/discover", {})).result).toBeDefined();
      // Each is logged as a transport warning on stderr; none may reach the client.
      wire.sendLine('{"not":"json-rpc"}');
      wire.sendLine('[{"jsonrpc":"2.0","id":"batched","method":"ping"}]');
      wire.sendLine("not JSON at all");
      // Whatever those lines caused was written before the answer to a request sent after them.
      expect((await wire.call("tools/list", {})).result).toBeDefined();
      expect(wire.received.map((m) => m.method)).not.toContain("notifications/message");
    } finally {
      await wire.close();
    }
  });
});

describe("2026-07-28 log messages over HTTP", () => {
  it("sends a client none, on its calls or its listen stream, while a 2025 session hears the same lines", async () => {
    server = await spawnHttpServer();
    const modern = await modernHttp(server.url);
    const legacy = await modernHttp(server.url, { era: "2025-11-25" });
    sessions.push(modern, legacy);
    const heard = { modern: 0, legacy: 0 };
    modern.client.setNotificationHandler("notifications/message", () => void heard.modern++);
    legacy.client.setNotificationHandler("notifications/message", () => void heard.legacy++);
    await legacy.client.setLoggingLevel("debug");
    const uri = `cloudm://batches/${await demoBatch(modern)}/statistics`;
    const listening = await modern.client.listen({ resourceSubscriptions: [uri] });
    // Each call reads the instance, which the server logs at debug.
    structured(await modern.call("whoami"));
    structured(await legacy.call("whoami"));
    await listening.close();
    expect(heard.legacy).toBeGreaterThan(0);
    expect(heard.modern).toBe(0);
  });
});

describe("2026-07-28 over HTTP", () => {
  for (const stateless of [false, true]) {
    it(`runs the lifecycle${stateless ? " on a --stateless endpoint" : ""}`, async () => {
      server = await spawnHttpServer(stateless ? ["--stateless"] : []);
      const asked: ElicitRequest[] = [];
      const session = await modernHttp(server.url, { elicit: accepting(asked) });
      sessions.push(session);
      await lifecycle(session, asked);
    });
  }

  it("confirms without elicitation on --stateless: the token is bound to the credential, not a request", async () => {
    const token = "s".repeat(40);
    server = await spawnHttpServer(["--stateless", "--host", "127.0.0.1"], { MIGRATE_MCP_TOKEN: token });
    const session = await modernHttp(server.url, { token });
    sessions.push(session);
    const configurationId = await demoBatch(session);
    const args = { configurationId, mode: "CheckUsersOnly" };
    const { confirmationToken } = structured<{ confirmationToken: string }>(
      await session.call("start_migration", args),
    );
    expect(structured(await session.call("start_migration", { ...args, confirmationToken }))).toMatchObject({
      status: "done",
    });
    // And a 2025 client on the same stateless endpoint (each request a fresh server) confirms too.
    const legacy = await server.connect({ token });
    const call = async (a: Record<string, unknown>) =>
      (await legacy.callTool({ name: "start_migration", arguments: a })) as CallToolResult;
    const again = { configurationId, mode: "CheckUsersOnly" };
    const first = (await call(again)).structuredContent as { confirmationToken: string };
    expect(
      (await call({ ...again, confirmationToken: first.confirmationToken })).structuredContent,
    ).toMatchObject({ status: "done" });
  });

  it("never completes a destructive call by replaying what was seen on the wire", async () => {
    server = await spawnHttpServer();
    const url = server.url;
    const session = await modernHttp(url);
    sessions.push(session);
    const configurationId = await demoBatch(session);
    const args = { configurationId, mode: "CheckUsersOnly" };
    const call = (
      extra: Record<string, unknown>,
      name = "start_migration",
      a: Record<string, unknown> = args,
    ) => rawModern(url, "tools/call", { name, arguments: a, ...extra });

    const first = await call({});
    expect(first.body.result).toMatchObject({ resultType: "input_required" });
    const requestState = first.body.result?.requestState as string;
    const form = (first.body.result?.inputRequests as Record<string, { params: { message: string } }>)
      .confirm;
    expect(form?.params.message).toContain("Do you want to go ahead?");
    const yes = { confirm: { action: "accept", content: { confirm: true } } };

    const elsewhere = await call({ requestState, inputResponses: yes }, "stop_migration", {
      configurationId,
    });
    expect(JSON.stringify(elsewhere.body)).toContain("issued for start_migration");
    const otherArgs = await call({ requestState, inputResponses: yes }, "start_migration", {
      configurationId,
      mode: "StartMigration",
    });
    expect(JSON.stringify(otherArgs.body)).toContain("different arguments");
    const asToken = await rawModern(
      url,
      "tools/call",
      { name: "start_migration", arguments: { ...args, confirmationToken: requestState } },
      { capabilities: {} },
    );
    expect(JSON.stringify(asToken.body)).toContain("not a confirmationToken");
    const tampered = await call({ requestState: `${requestState.slice(0, -2)}xx`, inputResponses: yes });
    expect(JSON.stringify(tampered.body)).toContain("not valid");

    const done = await call({ requestState, inputResponses: yes });
    expect(done.body.result?.structuredContent).toMatchObject({ status: "done" });
    const replayed = await call({ requestState, inputResponses: yes });
    expect(JSON.stringify(replayed.body)).toContain("already been used");
    expect(JSON.stringify(replayed.body)).not.toContain('"status":"done"');
  });

  it("checks the Mcp-Method and Mcp-Name headers, and hints that the tool list may be cached", async () => {
    server = await spawnHttpServer();
    const listed = await rawModern(server.url, "tools/list", {});
    expect(listed.body.result?.ttlMs).toBe(3_600_000);
    const again = await rawModern(server.url, "tools/list", {});
    const names = (r: typeof listed) => (r.body.result?.tools as Array<{ name: string }>).map((t) => t.name);
    expect(names(again)).toEqual(names(listed));
    const noMethod = await rawModern(server.url, "tools/list", {}, { omitHeaders: ["mcp-method"] });
    expect(noMethod.status).toBe(400);
    const wrongName = await rawModern(
      server.url,
      "tools/call",
      { name: "whoami", arguments: {} },
      { headers: { "mcp-name": "get_report" } },
    );
    expect(wrongName.status).toBe(400);
    expect(MODERN).toBe("2026-07-28");
  });
});

describe("2026-07-28 live statistics on subscriptions/listen", () => {
  /** Listens to a batch's statistics, starts its run, and counts the change notices until it ends. */
  async function listenThroughRun(session: ModernSession): Promise<number> {
    const configurationId = await demoBatch(session);
    const uri = `cloudm://batches/${configurationId}/statistics`;
    const updates: string[] = [];
    session.client.setNotificationHandler("notifications/resources/updated", (n) => {
      updates.push(n.params.uri);
    });
    const subscription = await session.client.listen({ resourceSubscriptions: [uri] });
    const args = { configurationId, mode: "StartMigration" };
    const { confirmationToken } = structured<{ confirmationToken: string }>(
      await session.call("start_migration", args),
    );
    structured(await session.call("start_migration", { ...args, confirmationToken }));
    const waited = await session.call("wait_for_migration", { configurationId, waitSeconds: 45 });
    expect(structured(waited)).toMatchObject({ finished: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await subscription.close();
    expect(new Set(updates)).toEqual(new Set([uri]));
    const read = await session.client.readResource({ uri });
    expect((read.contents[0] as { text: string }).text).toContain('"state": "Completed"');
    return updates.length;
  }

  it("notifies a stdio listener of each change of a running batch", async () => {
    const session = await modernStdio();
    sessions.push(session);
    expect(await listenThroughRun(session)).toBeGreaterThan(1);
  });

  it("refuses a stdio listen past the limit, or naming a batch that does not exist", async () => {
    const session = await modernStdio();
    sessions.push(session);
    const missing = (i: number) =>
      `cloudm://batches/00000000-0000-4000-8000-${String(i).padStart(12, "0")}/statistics`;
    const tooMany = Array.from({ length: MAX_FOLLOWED_URIS + 1 }, (_, i) => missing(i));
    await expect(session.client.listen({ resourceSubscriptions: tooMany })).rejects.toThrow(
      `at most ${MAX_FOLLOWED_URIS} URIs`,
    );
    await expect(session.client.listen({ resourceSubscriptions: [missing(0)] })).rejects.toThrow(
      /Cannot follow .*No batch with configurationId/,
    );
    const uri = `cloudm://batches/${await demoBatch(session)}/statistics`;
    const listening = await session.client.listen({ resourceSubscriptions: [uri] });
    await listening.close();
  });

  it("notifies an HTTP listener of each change of a running batch", async () => {
    server = await spawnHttpServer();
    const session = await modernHttp(server.url);
    sessions.push(session);
    expect(await listenThroughRun(session)).toBeGreaterThan(1);
  });
});

describe("an SDK v2 Client on the 2025-11-25 era", () => {
  it("runs the lifecycle with elicitation over an HTTP session", async () => {
    server = await spawnHttpServer();
    const asked: ElicitRequest[] = [];
    const session = await modernHttp(server.url, { elicit: accepting(asked), era: "2025-11-25" });
    sessions.push(session);
    expect(session.client.getProtocolEra()).toBe("legacy");
    const configurationId = await demoBatch(session);
    const started = await session.call("start_migration", { configurationId, mode: "StartMigration" });
    expect(structured(started)).toMatchObject({ status: "done" });
    expect(asked).toHaveLength(1);
    const waited = await session.call("wait_for_migration", { configurationId, waitSeconds: 45 });
    expect(structured(waited)).toMatchObject({ finished: true, state: "Completed" });
  });

  it("runs the lifecycle with elicitation over stdio", async () => {
    const asked: ElicitRequest[] = [];
    const session = await modernStdio({ elicit: accepting(asked), era: "2025-11-25" });
    sessions.push(session);
    expect(session.client.getProtocolEra()).toBe("legacy");
    const configurationId = await demoBatch(session);
    const started = await session.call("start_migration", { configurationId, mode: "StartMigration" });
    expect(structured(started)).toMatchObject({ status: "done" });
    expect(asked).toHaveLength(1);
  });
});
