/** Connection tests (api/TestConnection); what the checks find is connection-checks.ts's. */
import type { Route } from "../http-server.js";
import { parseJsonBody } from "../problems.js";
import { checksFor } from "./connection-checks.js";
import type { CloudMContext } from "./context.js";
import { findConnection } from "./lookup.js";
import type { SimConnectionTest } from "./model.js";
import { connectionTestStatus, testConnectionRequest, testConnectionStarted } from "./wire/connections.js";

const TEST_DURATION_MS = 3_000;

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
