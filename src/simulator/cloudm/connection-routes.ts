/** Connections for the 16 platforms, and connection tests. */
import {
  missingSettings,
  PLATFORM_KEYS,
  type PlatformKey,
  platformInfo,
  SECRET_SETTINGS,
} from "../../api/cloudm/platforms.js";
import {
  connection,
  connectionList,
  connectionRequest,
  connectionTestStatus,
  testConnectionRequest,
  testConnectionStarted,
} from "../../api/cloudm/schemas/index.js";
import type { Route, SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import { type CloudMContext, findConnection, iso } from "./context.js";
import type { SimConnection, SimConnectionTest } from "./state.js";

const MASK = "********";
const TEST_DURATION_MS = 3_000;

function connectionView(connection: SimConnection) {
  const settings = Object.fromEntries(
    Object.entries(connection.settings).map(([key, value]) => [
      key,
      SECRET_SETTINGS.has(key) && value ? MASK : value,
    ]),
  );
  return {
    id: connection.id,
    name: connection.name,
    connectionType: connection.connectionType,
    platform: connection.platform,
    settings,
    createdOn: iso(connection.createdOn),
  };
}

/** Validates a create/update body for a platform; returns the settings to store or the 400 to send. */
function validated(
  platform: PlatformKey,
  body: Buffer,
  contentType: string | undefined,
  previous?: SimConnection,
):
  | { ok: true; name: string; connectionType: "Source" | "Destination"; settings: Record<string, unknown> }
  | { ok: false; response: SimResponse } {
  const parsed = parseJsonBody(body, contentType, connectionRequest);
  if (!parsed.ok) return parsed;
  const info = platformInfo(platform);
  const { name, connectionType } = parsed.value;
  // Sending back the mask keeps the stored secret, as the web UI's edit form does.
  const settings = Object.fromEntries(
    Object.entries(parsed.value.settings).map(([key, value]) => [
      key,
      value === MASK && previous ? previous.settings[key] : value,
    ]),
  );
  if (connectionType === "Destination" && !info.canBeDestination) {
    return {
      ok: false,
      response: problem(400, `${info.label} can only be a Source connection`, {
        connectionType: [`${info.label} cannot be a Destination; use Source`],
      }),
    };
  }
  const known = new Set([...info.requiredSettings, ...info.optionalSettings]);
  const errors: Record<string, string[]> = {};
  for (const field of missingSettings(platform, settings))
    errors[`settings.${field}`] = [`The ${field} setting is required for ${info.label}.`];
  for (const field of Object.keys(settings)) {
    if (!known.has(field)) errors[`settings.${field}`] = [`${info.label} has no setting named ${field}.`];
  }
  if (Object.keys(errors).length > 0)
    return { ok: false, response: problem(400, `Invalid ${info.label} settings`, errors) };
  return { ok: true, name, connectionType, settings };
}

function platformRoutes(ctx: CloudMContext, platform: PlatformKey): Route[] {
  const { endpoint, label } = platformInfo(platform);
  const base = `/api/${endpoint}`;
  const ownConnection = (rawId: string | undefined) => {
    const id = Number(rawId);
    const found = Number.isInteger(id)
      ? findConnection(ctx, id)
      : { ok: false as const, response: problem(400, `connectionId must be a number, got '${rawId}'`) };
    if (found.ok && found.value.platform !== platform) {
      return {
        ok: false as const,
        response: problem(404, `Connection ${id} is a ${found.value.platform} connection, not ${platform}`),
      };
    }
    return found;
  };
  return [
    {
      method: "GET",
      pattern: base,
      authenticated: true,
      doc: { summary: `List ${label} connections`, response: connectionList },
      handler: () => ({
        status: 200,
        body: [...ctx.state.connections.values()].filter((c) => c.platform === platform).map(connectionView),
      }),
    },
    {
      method: "GET",
      pattern: `${base}/{id}`,
      authenticated: true,
      doc: { summary: `Get a ${label} connection`, response: connection },
      handler: (request) => {
        const found = ownConnection(request.params.id);
        return found.ok ? { status: 200, body: connectionView(found.value) } : found.response;
      },
    },
    {
      method: "POST",
      pattern: base,
      authenticated: true,
      doc: { summary: `Create a ${label} connection`, body: connectionRequest, response: connection },
      handler: (request) => {
        const valid = validated(platform, request.body, request.headers["content-type"]);
        if (!valid.ok) return valid.response;
        const connection: SimConnection = {
          id: ctx.state.connectionId(),
          platform,
          name: valid.name,
          connectionType: valid.connectionType,
          settings: valid.settings,
          createdOn: ctx.clock.now(),
        };
        ctx.state.connections.set(connection.id, connection);
        return { status: 201, body: connectionView(connection) };
      },
    },
    {
      method: "PUT",
      pattern: `${base}/{id}`,
      authenticated: true,
      doc: {
        summary: `Update a ${label} connection (send the mask to keep a secret)`,
        body: connectionRequest,
        response: connection,
      },
      handler: (request) => {
        const found = ownConnection(request.params.id);
        if (!found.ok) return found.response;
        const valid = validated(platform, request.body, request.headers["content-type"], found.value);
        if (!valid.ok) return valid.response;
        Object.assign(found.value, {
          name: valid.name,
          connectionType: valid.connectionType,
          settings: valid.settings,
        });
        return { status: 200, body: connectionView(found.value) };
      },
    },
  ];
}

/** The checks a test runs, and how each turns out for these settings. Deterministic, so tests can aim at an outcome. */
export function checksFor(connection: SimConnection) {
  const s = connection.settings;
  const domain = String(
    s.domainName ??
      s.domain ??
      s.serverAddress ??
      s.bucketName ??
      s.documentsTopLevelFolder ??
      s.pstArchiveLabel ??
      "",
  );
  const secrets = Object.entries(s).filter(([key]) => SECRET_SETTINGS.has(key));
  const reachable = !domain.endsWith(".invalid");
  const authenticated = !secrets.some(([, value]) => String(value).toLowerCase().includes("wrong"));
  const testUser = s.testUserName ?? s.testUsername;
  return [
    {
      name: "Reach server",
      status: reachable ? "Success" : "Failed",
      message: reachable
        ? `Connected to ${domain || platformInfo(connection.platform).label}`
        : `Unable to connect to the remote server (${domain})`,
    },
    {
      name: "Authenticate",
      status: !reachable ? "Failed" : authenticated ? "Success" : "Failed",
      message: !reachable
        ? "Skipped: the server could not be reached"
        : authenticated
          ? "Credentials accepted"
          : "Authentication failed: the credentials were rejected",
    },
    {
      name: "Access test user",
      status: !reachable || !authenticated ? "Failed" : testUser ? "Success" : "Warning",
      message: testUser
        ? `Opened ${String(testUser)}`
        : "No test user configured; mailbox and drive access were not verified",
    },
  ];
}

function testStatus(ctx: CloudMContext, test: SimConnectionTest) {
  const connection = ctx.state.connections.get(test.connectionId);
  if (!connection)
    return {
      completed: true,
      testNotFound: false,
      success: false,
      checks: [{ name: "Connection", status: "Failed", message: "The connection no longer exists" }],
    };
  if (ctx.clock.now() < test.completesAt) {
    return {
      completed: false,
      testNotFound: false,
      checks: [{ name: "Reach server", status: "InProgress", message: "Testing" }],
    };
  }
  const checks = checksFor(connection);
  return {
    completed: true,
    testNotFound: false,
    success: checks.every((c) => c.status !== "Failed"),
    checks,
  };
}

export function connectionRoutes(ctx: CloudMContext): Route[] {
  return [
    ...PLATFORM_KEYS.flatMap((platform) => platformRoutes(ctx, platform)),
    {
      method: "POST",
      pattern: "/api/TestConnection/start",
      authenticated: true,
      doc: {
        summary: "Start a connection test",
        body: testConnectionRequest,
        response: testConnectionStarted,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], testConnectionRequest);
        if (!parsed.ok) return parsed.response;
        const found = findConnection(ctx, parsed.value.platformConnectionId, "platformConnectionId");
        if (!found.ok) return found.response;
        const now = ctx.clock.now();
        const test: SimConnectionTest = {
          testId: ctx.state.guid(),
          connectionId: found.value.id,
          startedAt: now,
          completesAt: now + TEST_DURATION_MS,
        };
        ctx.state.tests.set(test.testId, test);
        return { status: 200, body: { testId: test.testId } };
      },
    },
    {
      method: "GET",
      pattern: "/api/TestConnection/{testId}",
      authenticated: true,
      doc: { summary: "Poll a connection test", response: connectionTestStatus },
      handler: (request) => {
        const test = ctx.state.tests.get(request.params.testId ?? "");
        return { status: 200, body: test ? testStatus(ctx, test) : { completed: false, testNotFound: true } };
      },
    },
  ];
}
