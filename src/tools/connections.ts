/**
 * Connections to source and destination platforms, and connection tests. The settings they send are
 * checked, merged and compared with the read-back in connections-settings.ts.
 */
import { z } from "zod";
import { type CloudMClient, type Connection, optional } from "../api/cloudm/client.js";
import { checkReadBack } from "../api/cloudm/settings-plan.js";
import { PLATFORM_KEYS, type PlatformKey } from "../api/cloudm/platforms.js";
import { CONNECTION_TYPES } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted, quoted, quotedJson } from "../api/quoted.js";
import { isSecretFieldName, maskSecretFields } from "../api/secrets.js";
import { runConnectionTest, testPassed } from "../insight/connection-test.js";
import { connectionLink } from "../views/uris.js";
import {
  askedChanges,
  checkNewSettings,
  secretRequired,
  settingsProblems,
  updatedSettings,
} from "./connections-settings.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { cursorInput, page } from "../views/paging.js";
import { readBackShape, notAppliedText, noteLine, writtenFields, writtenShape } from "./written.js";
import { idArgument } from "./ids.js";

const platform = z.enum(PLATFORM_KEYS);
const connectionId = z.number().int().positive().describe("From list_connections");
const settingsInput = z.record(z.string(), z.unknown()).describe("Fields per describe_platform_settings");
// A string, not the 16-name enum: a hint, and tools/list is paid for in every conversation.
const platformHint = z.string().optional();

function platformOf(hint: string | undefined): PlatformKey | undefined {
  if (hint === undefined) return undefined;
  const found = PLATFORM_KEYS.find((key) => key.toLowerCase() === hint.toLowerCase());
  if (!found)
    throw new ToolInputError(`platform: '${hint}' is not a platform; one of ${PLATFORM_KEYS.join(", ")}`);
  return found;
}

const connectionSummary = z.object({
  id: z.number(),
  name: z.string(),
  platform: z.string(),
  connectionType: z.string().optional(),
});
const connectionDetail = connectionSummary.extend({
  settings: z.record(z.string(), z.unknown()),
  createdOn: z.string().optional(),
});

const TEST_WAIT_DEFAULT_SECONDS = 20;

/** Secrets never leave the server, whatever upstream sends back: any credential-like field, any depth. */
function detail(c: Connection) {
  return {
    id: c.id,
    name: c.name,
    platform: c.platform,
    ...(c.connectionType ? { connectionType: c.connectionType } : {}),
    settings: maskSecretFields(c.settings) as Record<string, unknown>,
    ...(c.createdOn ? { createdOn: c.createdOn } : {}),
  };
}

const summary = (c: Connection) => ({
  id: c.id,
  name: c.name,
  platform: c.platform,
  ...(c.connectionType ? { connectionType: c.connectionType } : {}),
});

/** `#5 "Src" (Microsoft365, Source)`: a connection's line in a list. */
const connectionLine = (c: z.infer<typeof connectionSummary>) =>
  `#${c.id} ${quoted(c.name)} (${c.platform}, ${c.connectionType === undefined ? "type not given" : plainOrQuoted(c.connectionType)})`;

function failureWarnings(failures: ReadonlyArray<{ platform: PlatformKey; reason: string }>): string[] {
  return failures.map((f) => `${f.platform} connections could not be listed: ${f.reason}`);
}

/** A connection by id: read directly when its platform is known, else found among every platform's list. */
async function findConnection(
  cloudm: CloudMClient,
  id: number,
  hint: string | undefined,
  signal: AbortSignal,
): Promise<Connection> {
  const platform = platformOf(hint);
  if (platform) return cloudm.getConnection(platform, id, signal);
  const { connections, failures } = await cloudm.allConnections(signal);
  const found = connections.find((c) => c.id === id);
  if (found) return found;
  const unread =
    failures.length > 0
      ? ` (${failures.length} platform list(s) could not be read: pass platform to read it directly)`
      : "";
  throw new ToolInputError(`connectionId: no connection ${id}${unread}; call list_connections for valid ids`);
}

export const connectionTools = [
  defineTool({
    name: "list_connections",
    title: "List connections",
    description: "List connections (id, name, platform, type); filter by Source or Destination.",
    toolset: "connections",
    endpoints: ["listConnections"],
    input: {
      connectionType: z.enum(CONNECTION_TYPES).optional(),
      cursor: cursorInput,
    },
    output: {
      connections: z.array(connectionSummary),
      nextCursor: z.string().optional(),
      warnings: z.array(z.string()).optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: {},
    handler: async (args, ctx) => {
      const { connections, failures } = await ctx.cloudm.allConnections(ctx.signal);
      const all = connections
        .filter((c) => !args.connectionType || c.connectionType === args.connectionType)
        .map(summary);
      const { items, nextCursor } = page(all, args.cursor, 50);
      const warnings = failureWarnings(failures);
      const lines = items.map(connectionLine);
      return {
        structured: {
          connections: items,
          ...(nextCursor ? { nextCursor } : {}),
          ...(warnings.length > 0 ? { warnings } : {}),
        },
        text: [
          items.length === 0 ? "No connections. Create one with create_connection." : lines.join("\n"),
          nextCursor ? "More: pass nextCursor." : "",
          ...warnings.map((w) => `Warning: ${w}`),
        ]
          .filter(Boolean)
          .join("\n"),
      };
    },
  }),
  defineTool({
    name: "get_connection",
    title: "Get connection",
    description: "A connection with its settings (secrets masked).",
    toolset: "connections",
    endpoints: ["getConnection", "listConnections"],
    input: { connectionId, platform: platformHint },
    output: { connection: connectionDetail },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { connectionId: "{sourceConnectionId}", platform: "Microsoft365" },
    handler: async (args, ctx) => {
      const c = detail(await findConnection(ctx.cloudm, args.connectionId, args.platform, ctx.signal));
      return {
        structured: { connection: c },
        text: `${connectionLine(c)}; settings: ${Object.keys(c.settings).map(plainOrQuoted).join(", ")}`,
      };
    },
  }),
  defineTool({
    name: "create_connection",
    title: "Create connection",
    description: "Create a Source or Destination connection. Next: test_connection.",
    toolset: "connections",
    endpoints: ["createConnection"],
    input: {
      platform,
      name: z.string().min(1),
      connectionType: z.enum(CONNECTION_TYPES),
      settings: settingsInput,
    },
    output: { connection: connectionDetail.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: {
      platform: "Microsoft365",
      name: "Example source",
      connectionType: "Source",
      settings: {
        domainName: "contoso.example",
        adminName: "admin@contoso.example",
        adminPassword: "example",
      },
    },
    handler: async (args, ctx) => {
      checkNewSettings(args.platform, args.connectionType, args.settings);
      const written = await ctx.cloudm.createConnection(
        args.platform,
        { name: args.name, connectionType: args.connectionType, settings: args.settings },
        ctx.signal,
      );
      ctx.resourcesChanged();
      const c = written.value ? detail(written.value) : undefined;
      return {
        structured: { ...(c ? { connection: c } : {}), ...writtenFields(written) },
        content: c ? [connectionLink(c.id, quoted(c.name))] : [],
        text: c
          ? `Created connection #${c.id} ${quoted(c.name)} (${c.platform}, ${args.connectionType}). Next: test_connection with connectionId ${c.id}.`
          : `Created connection ${quoted(args.name)}; its id was not in the answer: find it with list_connections, do not create it again.${noteLine(written)}`,
      };
    },
  }),
  defineTool({
    name: "update_connection",
    title: "Update connection",
    description: "Change a connection's name, type or settings (merged). Asks for confirmation.",
    toolset: "connections",
    endpoints: ["getConnection", "listConnections", "updateConnection"],
    input: {
      connectionId,
      platform: platformHint,
      name: z.string().min(1).optional(),
      connectionType: z.enum(CONNECTION_TYPES).optional(),
      settings: settingsInput.optional(),
    },
    output: {
      connection: connectionDetail.optional(),
      ...readBackShape,
      ...writtenShape,
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: {
      connectionId: "{sourceConnectionId}",
      platform: "Microsoft365",
      settings: { testUserName: "amara.adams@contoso.example" },
    },
    preview: async (args, ctx) => {
      const current = await findConnection(ctx.cloudm, args.connectionId, args.platform, ctx.signal);
      const changes: Record<string, string> = {};
      if (args.name !== undefined && args.name !== current.name)
        changes.name = `${quoted(current.name)} -> ${quoted(args.name)}`;
      if (args.connectionType !== undefined && args.connectionType !== current.connectionType)
        changes.connectionType = `${current.connectionType === undefined ? "not given" : plainOrQuoted(current.connectionType)} -> ${args.connectionType}`;
      for (const [key, value] of Object.entries(args.settings ?? {})) {
        if (isSecretFieldName(key)) changes[`settings.${key}`] = "(secret replaced)";
        else if (current.settings[key] !== value)
          changes[`settings.${key}`] = `${quotedJson(current.settings[key] ?? null)} -> ${quotedJson(value)}`;
      }
      return {
        summary: `Update connection #${current.id} ${quoted(current.name)} (${current.platform}): ${Object.keys(changes).length} change(s)`,
        details: changes,
        stable: { name: current.name, connectionType: current.connectionType, settings: current.settings },
      };
    },
    handler: async (args, ctx) => {
      const current = await findConnection(ctx.cloudm, args.connectionId, args.platform, ctx.signal);
      const given = args.settings ?? {};
      const connectionType = args.connectionType ?? current.connectionType;
      if (connectionType !== "Source" && connectionType !== "Destination")
        throw new ToolInputError(
          `connectionType: the instance did not say whether connection ${current.id} is a Source or a Destination; pass connectionType`,
        );
      const problems = settingsProblems(current.platform, connectionType, given);
      if (problems.length > 0) throw new ToolInputError(`${problems.join("; ")}.`);
      const { settings, withheld } = updatedSettings(current.settings, given);
      let written;
      try {
        written = await ctx.cloudm.updateConnection(
          current.platform,
          args.connectionId,
          { name: args.name ?? current.name, connectionType, settings },
          ctx.signal,
        );
      } catch (error) {
        throw secretRequired(error, withheld) ?? error;
      }
      // A test of the connection as it was proves nothing of it now.
      ctx.recent.connectionTests.forget(String(args.connectionId));
      // A 2xx says the update was taken, not which values were: the connection read back says that.
      const asked = askedChanges(current, {
        name: args.name,
        connectionType: args.connectionType,
        settings: given,
      });
      const back = await optional(
        findConnection(ctx.cloudm, args.connectionId, current.platform, ctx.signal),
      );
      const checked = back.ok ? checkReadBack({ ...back.value }, asked) : undefined;
      const missed = (checked?.unapplied ?? []).map((m) => ({
        setting: m.asked,
        asked: m.to,
        instanceHas: m.now ?? null,
      }));
      const unverified = (checked?.unverified ?? []).map((m) => m.asked);
      const c = detail(back.ok ? back.value : (written.value ?? current));
      const kept =
        withheld.length > 0 ? ` (kept its ${withheld.map(plainOrQuoted).join(", ")}: not sent back)` : "";
      const outcome = !back.ok
        ? `The instance accepted the update of connection #${c.id}${kept}, but it could not be read back to check the values (${back.reason}).`
        : [
            missed.length > 0
              ? `The instance accepted the update of connection #${c.id} ${quoted(c.name)}${kept} but did not apply: ${notAppliedText(missed)}.`
              : `Updated connection #${c.id} ${quoted(c.name)}${kept}.`,
            unverified.length > 0
              ? `Not verified (the connection read back does not show them): ${unverified.join(", ")}.`
              : missed.length === 0
                ? "The values read back match."
                : "",
          ]
            .filter(Boolean)
            .join(" ");
      return {
        structured: {
          connection: c,
          ...(missed.length > 0 ? { notApplied: missed } : {}),
          ...(unverified.length > 0 ? { unverified } : {}),
          ...writtenFields(written),
        },
        content: [connectionLink(c.id, quoted(c.name))],
        text: `${outcome} Run test_connection to check it still works.`,
      };
    },
  }),
  defineTool({
    name: "test_connection",
    title: "Test connection",
    description:
      "Test a connection; waits for each check's result. If still running, call again with testId.",
    toolset: "connections",
    endpoints: ["startConnectionTest", "getConnectionTest"],
    input: {
      connectionId,
      testId: idArgument("Resume a running test").optional(),
      waitSeconds: z
        .number()
        .int()
        .min(1)
        .max(45)
        .optional()
        .describe(`Default ${TEST_WAIT_DEFAULT_SECONDS}`),
    },
    output: {
      testId: z.string(),
      completed: z.boolean(),
      success: z.boolean().optional(),
      checks: z.array(z.object({ name: z.string(), status: z.string(), message: z.string().optional() })),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { connectionId: "{sourceConnectionId}", waitSeconds: 2 },
    handler: async (args, ctx) => {
      let polls = 0;
      const { testId, record: status } = await runConnectionTest(ctx, args.connectionId, {
        testId: args.testId,
        deadline: Date.now() + (args.waitSeconds ?? TEST_WAIT_DEFAULT_SECONDS) * 1000,
        onPoll: () => ctx.progress(++polls, undefined, `Testing connection ${args.connectionId}`),
      });
      if (status.testNotFound) {
        throw new ToolInputError(
          `testId: no connection test ${quoted(testId)}; call test_connection without testId to start a new one`,
        );
      }
      const checks = status.checks;
      // A completed test whose answer names no verdict and no check is not a pass: it is not known.
      const success = status.completed ? testPassed(status) : undefined;
      const lines = checks.map(
        (c) => `- ${quoted(c.name)}: ${plainOrQuoted(c.status)}${c.message ? ` (${quoted(c.message)})` : ""}`,
      );
      const head = !status.completed
        ? `Test ${plainOrQuoted(testId)} is still running; call test_connection again with testId ${quoted(testId)}.`
        : success === undefined
          ? `Connection ${args.connectionId}'s test completed, but the instance's answer does not say whether it passed${checks.length > 0 ? " (its checks' statuses are not ones this server understands)" : ""}: check the connection in CloudM before relying on it.`
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
    },
  }),
];
