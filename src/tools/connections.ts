/** Connections to source and destination platforms, and connection tests. */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { CloudMClient } from "../api/cloudm/client.js";
import {
  missingSettings,
  PLATFORM_KEYS,
  type PlatformKey,
  platformInfo,
  SECRET_SETTINGS,
} from "../api/cloudm/platforms.js";
import { CONNECTION_TYPES, type Connection } from "../api/cloudm/schemas/index.js";
import { connectionLink } from "../resources/uris.js";
import { defineTool, ToolInputError } from "./define.js";
import { cursorInput, page } from "./paging.js";

const platform = z.enum(PLATFORM_KEYS);
const connectionId = z.number().int().positive().describe("From list_connections");
const settingsInput = z.record(z.string(), z.unknown()).describe("Fields per describe_platform_settings");

const connectionSummary = z.object({
  id: z.number(),
  name: z.string(),
  platform: z.string(),
  connectionType: z.string(),
});
const connectionDetail = connectionSummary.extend({
  settings: z.record(z.string(), z.unknown()),
  createdOn: z.string().optional(),
});

const MASK = "********";
const TEST_WAIT_DEFAULT_SECONDS = 20;
const TEST_POLL_MS = 500;

/** Secrets never leave the server, whatever upstream sends back. */
function detail(c: Connection) {
  const settings = Object.fromEntries(
    Object.entries(c.settings).map(([k, v]) => [k, SECRET_SETTINGS.has(k) && v ? MASK : v]),
  );
  return {
    id: c.id,
    name: c.name,
    platform: c.platform,
    connectionType: c.connectionType,
    settings,
    ...(c.createdOn ? { createdOn: c.createdOn } : {}),
  };
}

function checkSettings(key: PlatformKey, connectionType: string, settings: Record<string, unknown>): void {
  const info = platformInfo(key);
  const problems: string[] = [];
  const missing = missingSettings(key, settings);
  if (missing.length > 0)
    problems.push(`settings is missing ${missing.map((m) => `settings.${m}`).join(", ")}`);
  const known = new Set([...info.requiredSettings, ...info.optionalSettings]);
  const unknown = Object.keys(settings).filter((k) => !known.has(k));
  if (unknown.length > 0)
    problems.push(
      `${unknown.map((u) => `settings.${u}`).join(", ")} not known for ${key} (known: ${[...known].join(", ")})`,
    );
  if (connectionType === "Destination" && !info.canBeDestination)
    problems.push(`connectionType: ${info.label} can only be a Source`);
  if (problems.length > 0)
    throw new ToolInputError(
      `${problems.join("; ")}. Required for ${key}: ${info.requiredSettings.join(", ")}.`,
    );
}

/** A connection by id, whatever its platform (the id alone identifies it). */
async function findConnection(
  cloudm: CloudMClient,
  id: number,
  signal: AbortSignal,
): Promise<{ connection: Connection; platform: PlatformKey }> {
  const all = await Promise.all(PLATFORM_KEYS.map((p) => cloudm.listConnections(p, signal)));
  const connection = all.flat().find((c) => c.id === id);
  const platform = PLATFORM_KEYS.find((p) => p === connection?.platform);
  if (!connection || !platform) {
    throw new ToolInputError(`connectionId: no connection ${id}; call list_connections for valid ids`);
  }
  return { connection, platform };
}

export const connectionTools = [
  defineTool({
    name: "list_connections",
    title: "List connections",
    description: "List connections (id, name, platform, type); filter by Source or Destination.",
    toolset: "connections",
    input: {
      connectionType: z.enum(CONNECTION_TYPES).optional(),
      cursor: cursorInput,
    },
    output: { connections: z.array(connectionSummary), nextCursor: z.string().optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const lists = await Promise.all(PLATFORM_KEYS.map((p) => ctx.cloudm.listConnections(p, ctx.signal)));
      const all = lists
        .flat()
        .filter((c) => !args.connectionType || c.connectionType === args.connectionType)
        .sort((a, b) => a.id - b.id)
        .map((c) => ({ id: c.id, name: c.name, platform: c.platform, connectionType: c.connectionType }));
      const { items, nextCursor } = page(all, args.cursor, 50);
      const lines = items.map((c) => `#${c.id} ${c.name} (${c.platform}, ${c.connectionType})`);
      return {
        structured: { connections: items, ...(nextCursor ? { nextCursor } : {}) },
        text:
          items.length === 0
            ? "No connections. Create one with create_connection."
            : `${lines.join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "get_connection",
    title: "Get connection",
    description: "A connection with its settings (secrets masked).",
    toolset: "connections",
    input: { connectionId },
    output: { connection: connectionDetail },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const c = detail((await findConnection(ctx.cloudm, args.connectionId, ctx.signal)).connection);
      return {
        structured: { connection: c },
        text: `#${c.id} ${c.name} (${c.platform}, ${c.connectionType}); settings: ${Object.keys(c.settings).join(", ")}`,
      };
    },
  }),
  defineTool({
    name: "create_connection",
    title: "Create connection",
    description: "Create a Source or Destination connection. Next: test_connection.",
    toolset: "connections",
    input: {
      platform,
      name: z.string().min(1),
      connectionType: z.enum(CONNECTION_TYPES),
      settings: settingsInput,
    },
    output: { connection: connectionDetail },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      checkSettings(args.platform, args.connectionType, args.settings);
      const c = detail(
        await ctx.cloudm.createConnection(
          args.platform,
          { name: args.name, connectionType: args.connectionType, settings: args.settings },
          ctx.signal,
        ),
      );
      ctx.resourcesChanged();
      return {
        structured: { connection: c },
        content: [connectionLink(c.id, c.name)],
        text: `Created connection #${c.id} '${c.name}' (${c.platform}, ${c.connectionType}). Next: test_connection with connectionId ${c.id}.`,
      };
    },
  }),
  defineTool({
    name: "update_connection",
    title: "Update connection",
    description: "Change a connection's name, type or settings (merged). Asks for confirmation.",
    toolset: "connections",
    input: {
      connectionId,
      name: z.string().min(1).optional(),
      connectionType: z.enum(CONNECTION_TYPES).optional(),
      settings: settingsInput.optional(),
    },
    output: { connection: connectionDetail.optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: async (args, ctx) => {
      const { connection: current } = await findConnection(ctx.cloudm, args.connectionId, ctx.signal);
      const changes: Record<string, string> = {};
      if (args.name !== undefined && args.name !== current.name)
        changes.name = `${current.name} -> ${args.name}`;
      if (args.connectionType !== undefined && args.connectionType !== current.connectionType)
        changes.connectionType = `${current.connectionType} -> ${args.connectionType}`;
      for (const [key, value] of Object.entries(args.settings ?? {})) {
        if (SECRET_SETTINGS.has(key)) changes[`settings.${key}`] = "(secret replaced)";
        else if (current.settings[key] !== value)
          changes[`settings.${key}`] =
            `${JSON.stringify(current.settings[key] ?? null)} -> ${JSON.stringify(value)}`;
      }
      return {
        summary: `Update connection #${current.id} '${current.name}' (${current.platform}): ${Object.keys(changes).length} change(s)`,
        details: changes,
        stable: { name: current.name, connectionType: current.connectionType, settings: current.settings },
      };
    },
    handler: async (args, ctx) => {
      const { connection: current, platform } = await findConnection(
        ctx.cloudm,
        args.connectionId,
        ctx.signal,
      );
      const body = {
        name: args.name ?? current.name,
        connectionType: args.connectionType ?? (current.connectionType as (typeof CONNECTION_TYPES)[number]),
        settings: { ...current.settings, ...args.settings },
      };
      checkSettings(platform, body.connectionType, body.settings);
      const c = detail(await ctx.cloudm.updateConnection(platform, args.connectionId, body, ctx.signal));
      return {
        structured: { connection: c },
        content: [connectionLink(c.id, c.name)],
        text: `Updated connection #${c.id} '${c.name}'. Run test_connection to check it still works.`,
      };
    },
  }),
  defineTool({
    name: "test_connection",
    title: "Test connection",
    description:
      "Test a connection; waits for each check's result. If still running, call again with testId.",
    toolset: "connections",
    input: {
      connectionId,
      testId: z.string().optional().describe("Resume a running test"),
      waitSeconds: z
        .number()
        .int()
        .min(1)
        .max(45)
        .optional()
        .describe(`How long to wait, default ${TEST_WAIT_DEFAULT_SECONDS}`),
    },
    output: {
      testId: z.string(),
      completed: z.boolean(),
      success: z.boolean().optional(),
      checks: z.array(z.object({ name: z.string(), status: z.string(), message: z.string().optional() })),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      const testId = args.testId ?? (await ctx.cloudm.startConnectionTest(args.connectionId, ctx.signal));
      const deadline = Date.now() + (args.waitSeconds ?? TEST_WAIT_DEFAULT_SECONDS) * 1000;
      let polls = 0;
      for (;;) {
        const status = await ctx.cloudm.getConnectionTest(testId, ctx.signal);
        if (status.testNotFound) {
          throw new ToolInputError(
            `testId: no connection test '${testId}'; call test_connection without testId to start a new one`,
          );
        }
        const checks = status.checks ?? [];
        if (status.completed || Date.now() >= deadline || ctx.shutdown.aborted) {
          const success = status.completed
            ? (status.success ?? checks.every((c) => c.status !== "Failed"))
            : undefined;
          const lines = checks.map((c) => `- ${c.name}: ${c.status}${c.message ? ` (${c.message})` : ""}`);
          const head = !status.completed
            ? `Test ${testId} is still running; call test_connection again with testId "${testId}".`
            : success
              ? `Connection ${args.connectionId} passed its test.`
              : `Connection ${args.connectionId} FAILED its test; fix the settings named below with update_connection.`;
          return {
            structured: {
              testId,
              completed: status.completed,
              ...(success === undefined ? {} : { success }),
              checks,
            },
            text: [head, ...lines].join("\n"),
          };
        }
        polls++;
        await ctx.progress(polls, undefined, `Testing connection ${args.connectionId}`);
        await sleep(TEST_POLL_MS, undefined, { signal: ctx.signal });
      }
    },
  }),
];
