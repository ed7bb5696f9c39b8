/**
 * Long jobs as tasks (2026-07-28 tasks extension) end to end: the built server over HTTP and stdio,
 * raw requests checked against the extension's own published V2 schemas, its requester library
 * driving a task to its end, and every client without the extension getting ordinary results.
 */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CreateTaskResultV2Schema,
  GetTaskResultV2Schema,
  TASKS_EXTENSION_ID_V2,
} from "@modelcontextprotocol/ext-tasks/core/v2";
import { createTaskSessionFromClient } from "@modelcontextprotocol/ext-tasks/client";
import type { JsonValue } from "@modelcontextprotocol/ext-tasks/core";
import { type SpawnedHttpServer, spawnHttpServer } from "../helpers/http-server.js";
import { startInProcess } from "../helpers/in-process.js";
import {
  MODERN,
  modernHttp,
  type ModernSession,
  type RawResponse,
  type RawWire,
  rawHttpWire,
  rawStdioWire,
} from "../helpers/modern.js";

const TASKS = { extensions: { [TASKS_EXTENSION_ID_V2]: {} } };
const TASKS_AND_FORMS = { ...TASKS, elicitation: { form: {} } };

const servers: SpawnedHttpServer[] = [];
const wires: RawWire[] = [];
const sessions: ModernSession[] = [];
afterEach(async () => {
  await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
  await Promise.allSettled(wires.splice(0).map((w) => w.close()));
  await Promise.allSettled(servers.splice(0).map((s) => s.stop()));
});

async function httpWire(env: Record<string, string> = {}): Promise<{ wire: RawWire; url: string }> {
  const server = await spawnHttpServer(["--toolsets", "all"], env);
  servers.push(server);
  const wire = rawHttpWire(server.url);
  return { wire, url: server.url };
}

function resultOf(response: RawResponse): Record<string, unknown> {
  expect(response.error, JSON.stringify(response.error)).toBeUndefined();
  return response.result ?? {};
}

async function tool(wire: RawWire, name: string, args: Record<string, unknown>, capabilities = {}) {
  return resultOf(await wire.call("tools/call", { name, arguments: args }, capabilities));
}

async function demoIds(wire: RawWire): Promise<{ projectId: string; configurationId: string }> {
  const listed = await tool(wire, "list_projects", {});
  const projectId = (listed.structuredContent as { projects: Array<{ projectId: string }> }).projects[0]!
    .projectId;
  const project = await tool(wire, "get_project", { projectId });
  const { batches } = project.structuredContent as { batches: Array<{ configurationId: string }> };
  return { projectId, configurationId: batches[0]!.configurationId };
}

/** Polls tasks/get until the task leaves working, checking every answer against the V2 schema. */
async function settle(wire: RawWire, taskId: string): Promise<Record<string, unknown>> {
  for (let polls = 0; polls < 250; polls++) {
    const task = resultOf(await wire.call("tasks/get", { taskId }, TASKS));
    GetTaskResultV2Schema.parse(task);
    expect(task.resultType).toBe("complete");
    if (task.status !== "working") return task;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} still working`);
}

function createdTask(result: Record<string, unknown>): string {
  CreateTaskResultV2Schema.parse(result);
  expect(result).toMatchObject({ resultType: "task", status: "working" });
  return result.taskId as string;
}

const textOf = (result: Record<string, unknown>) =>
  (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? "").join("\n");

describe("tasks over HTTP", () => {
  it("offers the extension, confirms in band first, then runs start_migration as a task to the run's end", async () => {
    const { wire } = await httpWire();
    const discovered = resultOf(await wire.call("server/discover", {}, TASKS));
    expect(discovered.capabilities).toMatchObject({ extensions: { [TASKS_EXTENSION_ID_V2]: {} } });

    const { configurationId } = await demoIds(wire);
    const args = { configurationId, mode: "StartMigration" };
    // The confirmation is answered before any task exists: nothing starts unconfirmed.
    const asked = await tool(wire, "start_migration", args, TASKS_AND_FORMS);
    expect(asked.resultType).toBe("input_required");
    const answered = resultOf(
      await wire.call(
        "tools/call",
        {
          name: "start_migration",
          arguments: args,
          requestState: asked.requestState,
          inputResponses: { confirm: { action: "accept", content: { confirm: true } } },
        },
        TASKS_AND_FORMS,
      ),
    );
    const taskId = createdTask(answered);
    expect(answered.statusMessage).toMatch(/^\[SIMULATOR\] Started StartMigration/);
    expect(answered.pollIntervalMs).toBeGreaterThan(0);

    const ended = await settle(wire, taskId);
    expect(ended.status).toBe("completed");
    const result = ended.result as Record<string, unknown>;
    expect(result.structuredContent).toMatchObject({
      state: "Completed",
      mode: "StartMigration",
      status: "done",
    });
    expect(textOf(result)).toContain("[SIMULATOR] The StartMigration run has ended (Completed)");

    // The same state on every read, and the run really ended upstream.
    expect(resultOf(await wire.call("tasks/get", { taskId }, TASKS))).toMatchObject({ status: "completed" });
    const stats = await tool(wire, "get_batch_statistics", { configurationId, itemLimit: 0 });
    expect(stats.structuredContent).toMatchObject({ state: "Completed" });
  });

  it("runs get_report and start_environment_scan as tasks; callers without the extension get results", async () => {
    const { wire } = await httpWire();
    const { projectId, configurationId } = await demoIds(wire);
    const report = { configurationId, reportType: "MigrationSummary" };

    const plain = await tool(wire, "get_report", report, {});
    expect(plain.taskId).toBeUndefined();
    expect(plain.structuredContent).toMatchObject({ reportType: "MigrationSummary" });

    const reportTask = await settle(wire, createdTask(await tool(wire, "get_report", report, TASKS)));
    expect(reportTask.status).toBe("completed");
    const reportResult = reportTask.result as { structuredContent: unknown; content: unknown[] };
    expect(reportResult.structuredContent).toEqual(plain.structuredContent);
    expect(reportResult.content).toContainEqual(
      expect.objectContaining({
        type: "resource",
        resource: expect.objectContaining({ mimeType: "text/csv" }),
      }),
    );

    // A job the upstream refuses to start is an ordinary tool error: no task is created for it.
    const refused = await tool(
      wire,
      "get_report",
      { ...report, configurationId: "00000000-0000-4000-8000-000000000000" },
      TASKS,
    );
    expect(refused).toMatchObject({ isError: true, resultType: "complete" });
    expect(refused.taskId).toBeUndefined();

    const scan = await tool(wire, "start_environment_scan", { projectId }, TASKS);
    const scanned = await settle(wire, createdTask(scan));
    expect(scanned.status).toBe("completed");
    expect((scanned.result as { structuredContent: unknown }).structuredContent).toMatchObject({
      scan: { state: "Complete", progressPercent: 100 },
    });
    expect(textOf(scanned.result as Record<string, unknown>)).toContain(
      "get_environment_scan shows its report",
    );
  });

  it("runs start_transfer and run_readiness_checks as tasks, each to its job's end", async () => {
    const { wire } = await httpWire();
    const { projectId } = await demoIds(wire);
    const copy = {
      sourceService: "dropbox",
      sourcePath: "/Family",
      destinationService: "box",
      destinationPath: "/Family by task",
      conflictResolution: "skip",
    };
    const preview = await tool(wire, "start_transfer", copy, TASKS);
    const token = (preview.structuredContent as { confirmationToken: string }).confirmationToken;
    const started = await tool(wire, "start_transfer", { ...copy, confirmationToken: token }, TASKS);
    expect(started.statusMessage).toMatch(/^\[SIMULATOR\] Started trf_/);
    const copied = await settle(wire, createdTask(started));
    expect(copied.status).toBe("completed");
    expect((copied.result as { structuredContent: unknown }).structuredContent).toMatchObject({
      status: "done",
      transfer: { status: "completed", destination: "box:/Family by task" },
    });

    const checks = await settle(
      wire,
      createdTask(await tool(wire, "run_readiness_checks", { projectId }, TASKS)),
    );
    expect(checks.status).toBe("completed");
    const run = (checks.result as { structuredContent: { completed: boolean; tests: unknown[] } })
      .structuredContent;
    expect(run.completed).toBe(true);
    expect(run.tests.length).toBeGreaterThan(0);
  });

  it("answers tasks/* only to a caller that declares the extension, and only about tasks it has", async () => {
    const { wire } = await httpWire();
    const { configurationId } = await demoIds(wire);
    const taskId = createdTask(
      await tool(wire, "get_report", { configurationId, reportType: "MigrationSummary" }, TASKS),
    );
    for (const method of ["tasks/get", "tasks/update", "tasks/cancel"]) {
      const refused = await wire.call(method, { taskId, inputResponses: {} }, { elicitation: { form: {} } });
      expect(refused.error?.code, method).toBe(-32021);
      expect(refused.error?.data).toEqual({
        requiredCapabilities: { extensions: { [TASKS_EXTENSION_ID_V2]: {} } },
      });
    }
    const unknown = await wire.call("tasks/get", { taskId: "00000000-0000-4000-8000-000000000000" }, TASKS);
    expect(unknown.error).toMatchObject({ code: -32602, message: expect.stringContaining("Task not found") });
    const missing = await wire.call("tasks/get", {}, TASKS);
    expect(missing.error?.code).toBe(-32602);
    // Nothing is ever asked during a task, so an update is acknowledged and changes nothing.
    expect(
      resultOf(await wire.call("tasks/update", { taskId, inputResponses: { x: {} } }, TASKS)),
    ).toMatchObject({
      resultType: "complete",
    });
  });

  it("cancels by no longer following: the run itself goes on, and the task says how to stop it", async () => {
    // A slow clock: the run is still going when the cancel arrives.
    const { wire } = await httpWire({ MIGRATE_MCP_SIMULATOR_SPEED: "1" });
    const { configurationId } = await demoIds(wire);
    const args = { configurationId, mode: "StartMigration" };
    const preview = await tool(wire, "start_migration", args, TASKS);
    const token = (preview.structuredContent as { confirmationToken: string }).confirmationToken;
    const taskId = createdTask(
      await tool(wire, "start_migration", { ...args, confirmationToken: token }, TASKS),
    );

    expect(resultOf(await wire.call("tasks/cancel", { taskId }, TASKS))).toMatchObject({
      resultType: "complete",
    });
    const cancelled = await settle(wire, taskId);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.statusMessage).toMatch(/^\[SIMULATOR\] Cancelled: .*stop_migration/);
    const stats = await tool(wire, "get_batch_statistics", { configurationId, itemLimit: 0 });
    expect((stats.structuredContent as { state: string }).state).not.toMatch(/^(None|Completed)$/);
    // Cancelling again changes nothing.
    expect(resultOf(await wire.call("tasks/cancel", { taskId }, TASKS))).toMatchObject({
      resultType: "complete",
    });
    expect(resultOf(await wire.call("tasks/get", { taskId }, TASKS)).status).toBe("cancelled");
  });

  it("is driven to its end by the extension's own requester library", async () => {
    const { url } = await httpWire();
    const session = await modernHttp(url);
    sessions.push(session);
    const raw = rawHttpWire(url);
    const { configurationId } = await demoIds(raw);
    let ids = 0;
    const tasks = createTaskSessionFromClient(session.client, {
      endpointId: "tasks-e2e",
      rawDispatch: async (request) => {
        // The requester frames the request; the host owns the JSON-RPC id.
        const response = await raw.dispatch({ jsonrpc: "2.0", id: ++ids, ...(request as object) });
        return response.error
          ? { kind: "error", error: response.error as never }
          : { kind: "result", result: response.result as JsonValue };
      },
      v2RequestFraming: {
        protocolVersion: MODERN,
        clientInfo: { name: "ext-tasks-requester", version: "1.0.0" },
        clientCapabilities: TASKS as Record<string, JsonValue>,
      },
    });
    try {
      const execution = await tasks.callTool("get_report", { configurationId, reportType: "UserProgress" });
      expect(execution.kind).toBe("task");
      const { outcome } = await execution.settle();
      expect(outcome.status).toBe("completed");
      expect(outcome.status === "completed" && outcome.result).toMatchObject({
        structuredContent: { reportType: "UserProgress" },
      });
    } finally {
      await tasks.close();
    }
  });
});

/** The first event of a 2026 listen stream (its acknowledgement), read off the raw SSE body. */
async function firstListenEvent(url: string, capabilities: Record<string, unknown>): Promise<unknown> {
  const stop = new AbortController();
  const res = await fetch(url, {
    method: "POST",
    signal: stop.signal,
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN,
      "mcp-method": "subscriptions/listen",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "subscriptions/listen",
      params: {
        notifications: { taskIds: ["any"], toolsListChanged: true },
        _meta: {
          "io.modelcontextprotocol/protocolVersion": MODERN,
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
          "io.modelcontextprotocol/clientCapabilities": capabilities,
        },
      },
    }),
  });
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
  stop.abort();
  const data = text.split("\n").find((l) => l.startsWith("data:")) ?? text;
  return JSON.parse(data.replace(/^data:/, ""));
}

describe("task notifications on subscriptions/listen", () => {
  const refused = {
    code: -32021,
    data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION_ID_V2]: {} } } },
  };

  it("refuses them to a caller without the extension, and promises none to one with it (HTTP)", async () => {
    const { wire, url } = await httpWire();
    const asked = await wire.call("subscriptions/listen", { notifications: { taskIds: ["any"] } }, {});
    expect(asked.error).toMatchObject(refused);
    // Declared: the stream opens, and its acknowledgement lists no task ids (none are sent; poll tasks/get).
    const ack = (await firstListenEvent(url, TASKS)) as { method: string; params: { notifications: object } };
    expect(ack.method).toBe("notifications/subscriptions/acknowledged");
    expect(ack.params.notifications).toEqual({ toolsListChanged: true });
  });

  it("refuses them to a caller without the extension over stdio", async () => {
    const wire = rawStdioWire();
    wires.push(wire);
    const asked = await wire.call("subscriptions/listen", { notifications: { taskIds: ["any"] } }, {});
    expect(asked.error).toMatchObject(refused);
  });
});

describe("tasks over stdio", () => {
  it("runs a report as a task for a 2026 client that declares the extension", async () => {
    const wire = rawStdioWire();
    wires.push(wire);
    const { configurationId } = await demoIds(wire);
    const created = await tool(
      wire,
      "get_report",
      { configurationId, reportType: "MigrationSummary" },
      TASKS,
    );
    const ended = await settle(wire, createdTask(created));
    expect(ended.status).toBe("completed");
    expect((ended.result as { structuredContent: unknown }).structuredContent).toMatchObject({
      reportType: "MigrationSummary",
      truncated: false,
    });
  });
});

describe("a replica with no room for more tasks", () => {
  it("answers a declaring caller as one without the extension once it follows its limit of jobs", async () => {
    const env = await startInProcess();
    try {
      const client = await env.connectModern("tasks", undefined, TASKS);
      const report = { configurationId: env.sim.demo!.configurationId, reportType: "MigrationSummary" };
      // With room, the call becomes a task, which the SDK client itself cannot take.
      await expect(client.callTool({ name: "get_report", arguments: report })).rejects.toThrow(
        "Unsupported result type 'task'",
      );
      // Fill the replica to its limit with jobs that never end.
      const never = {
        principal: "other",
        pollIntervalMs: 1000,
        statusMessage: "",
        leftRunning: "",
        label: "",
      };
      const stop = new AbortController();
      while (env.shared.tasks.hasRoom())
        await env.shared.tasks.begin({
          ...never,
          follow: (signal) =>
            new Promise((_resolve, reject) => {
              const end = () => reject(new Error("stopped"));
              signal.addEventListener("abort", end);
              stop.signal.addEventListener("abort", end);
            }),
        });
      const plain = (await client.callTool({ name: "get_report", arguments: report })) as {
        structuredContent?: unknown;
      };
      expect(plain.structuredContent).toMatchObject({ reportType: "MigrationSummary" });
      stop.abort();
    } finally {
      await env.close();
    }
  });
});

describe("tasks and 2025-11-25 clients", () => {
  it("never gives a 2025 session a task, and refuses it tasks/get", async () => {
    const server = await spawnHttpServer(["--toolsets", "all"]);
    servers.push(server);
    const client = await server.connect();
    const { projects } = (await client.callTool({ name: "list_projects", arguments: {} }))
      .structuredContent as {
      projects: Array<{ projectId: string }>;
    };
    const scan = await client.callTool({
      name: "start_environment_scan",
      arguments: { projectId: projects[0]!.projectId },
    });
    expect(scan.isError).toBeFalsy();
    expect(scan.structuredContent).toMatchObject({ scan: { state: expect.any(String) } });
    expect(scan).not.toHaveProperty("taskId");
    await expect(
      client.request({ method: "tasks/get", params: { taskId: "x" } }, z.looseObject({})),
    ).rejects.toMatchObject({ code: -32021 });
  });
});
