/** Connection tests (api/TestConnection), and the checks scans and readiness runs reuse. */
import { platformInfo, SECRET_SETTINGS } from "../../api/cloudm/platforms.js";
import {
  connectionTestStatus,
  testConnectionRequest,
  testConnectionStarted,
} from "../../api/cloudm/schemas/index.js";
import type { Route } from "../http-server.js";
import { parseJsonBody } from "../problems.js";
import { type CloudMContext, findConnection } from "./context.js";
import type { SimConnection, SimConnectionTest } from "./state.js";

const TEST_DURATION_MS = 3_000;

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

export function connectionTestRoutes(ctx: CloudMContext): Route[] {
  return [
    {
      method: "POST",
      pattern: "/api/TestConnection/start",
      authenticated: true,
      documented: true,
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
      documented: true,
      doc: { summary: "Poll a connection test", response: connectionTestStatus },
      handler: (request) => {
        const test = ctx.state.tests.get(request.params.testId ?? "");
        if (!test) return { status: 200, body: { completed: false, testNotFound: true } };
        const status = testStatus(ctx, test);
        // The guide shows only these two fields; whether the test passed is not in its answer.
        return {
          status: 200,
          body:
            ctx.profile === "guide"
              ? { completed: status.completed, testNotFound: status.testNotFound }
              : status,
        };
      },
    },
  ];
}
