/**
 * The tasks extension on the tool side: a long job's call answered with a task handle, and the
 * extension's methods (tasks/get, tasks/update, tasks/cancel) on one server. Only a 2026-07-28 caller
 * that declares the extension on its request gets tasks or may use the methods, and only on its own
 * tasks (the principal, as confirmations are bound).
 */
import {
  type CallToolResult,
  type McpServer,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import { TASKS_EXTENSION, type TaskRegistry } from "../live/tasks.js";
import { CHECK_AGAIN_SECONDS } from "../views/check-again.js";
import type { Connection } from "../live/connection.js";
import { type Caller, callerOf } from "./caller.js";
import type { JobStarted, LongJob, ToolContext } from "./define.js";
import { toolErrorResult } from "./errors.js";
import { marked, simulatorMark, toResult } from "./result.js";

/** Whether this call may be answered with a task: the extension is declared on the request itself. */
export function takesTasks(caller: Caller): boolean {
  return caller.era === "2026-07-28" && caller.capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** A signal that never aborts: a task's follower ends on its own signal (cancel, shutdown), not the call's. */
const NEVER = new AbortController().signal;

/**
 * Answers a call whose job has started with a task handle; the job is followed to its end in the
 * background, and its result (a 2026-07-28 CallToolResult) becomes the task's. The follower is built
 * from the process's shared parts and plain data only: nothing of the call that began it (whose server
 * may be one per request) is kept while it runs.
 */
export async function answerWithTask(
  task: LongJob<z.ZodRawShape, z.ZodRawShape>,
  args: Record<string, unknown>,
  ctx: ToolContext,
  started: JobStarted,
  how: {
    tool: string;
    outputSchema: z.ZodObject;
    /** The confirmed action was done when the task began; its result says so too. */
    destructive: boolean;
    tasks: TaskRegistry;
    clockSpeed: number;
    statusMessage: string;
  },
): Promise<CallToolResult> {
  const { tool, outputSchema, destructive } = how;
  // The follower keeps the process's shared parts and plain data; what belongs to the call (its signal,
  // progress, human and session) is left behind.
  const {
    signal: _signal,
    shutdown: _shutdown,
    progress: _progress,
    resourcesChanged: _resourcesChanged,
    askHuman: _askHuman,
    ...kept
  } = ctx;
  const { logger, simulator, caller } = kept;
  const view = await how.tasks.begin({
    principal: caller.principal,
    // The simulator's jobs move clockSpeed times faster than real ones, and so are asked after sooner.
    pollIntervalMs: Math.max(250, Math.round((CHECK_AGAIN_SECONDS[task.job] * 1000) / how.clockSpeed)),
    statusMessage: how.statusMessage,
    leftRunning: task.leftRunning,
    label: simulatorMark(simulator),
    follow: async (signal, report) => {
      const following: ToolContext = {
        ...kept,
        signal,
        shutdown: NEVER,
        progress: async (_progress, _total, message) => report(message),
        // A follower creates no projects, batches or connections, and asks no one.
        resourcesChanged: () => undefined,
        askHuman: () =>
          Promise.reject(new Error("a task asks no one: its confirmation came before it began")),
      };
      let result: CallToolResult;
      try {
        const output = await task.finish(args, following, started);
        result = toResult(
          destructive ? { ...output, structured: { ...output.structured, status: "done" } } : output,
          outputSchema,
        );
      } catch (error) {
        if (signal.aborted) throw error;
        result = toolErrorResult(error, tool, logger);
      }
      // Stored as the 2026-07-28 wire has it: a task's result is read back verbatim.
      return { ...marked(result, simulator), resultType: "complete" };
    },
  });
  // The extension's CreateTaskResult is not among the SDK's tools/call result types.
  return { resultType: "task", ...view } as unknown as CallToolResult;
}

const taskParams = z.looseObject({ taskId: z.string().min(1).max(200) });
const updateParams = taskParams.extend({ inputResponses: z.record(z.string(), z.unknown()).optional() });

export function installTaskMethods(server: McpServer, tasks: TaskRegistry, connection: Connection): void {
  const principalOf = (extra: ServerContext): string => {
    const caller = callerOf(extra, connection);
    if (!takesTasks(caller))
      throw new MissingRequiredClientCapabilityError({
        requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
      });
    return caller.principal;
  };
  const known = <T>(action: string, found: T | undefined | false): T => {
    if (found === undefined || found === false)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Failed to ${action} task: Task not found`);
    return found;
  };
  server.server.setRequestHandler("tasks/get", { params: taskParams }, async (params, extra) => {
    const principal = principalOf(extra);
    return { ...known("retrieve", await tasks.get(params.taskId, principal)) };
  });
  server.server.setRequestHandler("tasks/update", { params: updateParams }, async (params, extra) => {
    known("update", await tasks.acknowledge(params.taskId, principalOf(extra)));
    return {};
  });
  server.server.setRequestHandler("tasks/cancel", { params: taskParams }, async (params, extra) => {
    known("cancel", await tasks.cancel(params.taskId, principalOf(extra)));
    return {};
  });
}
