/**
 * A connection test, started (or followed by its testId) and read until it completes or the caller's
 * deadline: the one loop test_connection and preflight_batch share. Every result is remembered for a
 * few minutes, so a pre-flight right after a test does not test again.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { ConnectionTestRecord } from "../api/cloudm/schemas/index.js";
import type { RecentResults } from "./recent.js";

/** How long a connection test's result stands in for a new test. */
export const CONNECTION_TEST_REUSE_MS = 5 * 60_000;
const POLL_MS = 500;

export interface ConnectionTestOutcome {
  connectionId: number;
  testId: string;
  /** The test as last read: completed or not by the deadline. */
  record: ConnectionTestRecord;
}

export interface TestFollowing {
  cloudm: CloudMClient;
  signal: AbortSignal;
  /** Aborted when the server shuts down: the loop answers with what it has. */
  shutdown: AbortSignal;
  recent: { connectionTests: RecentResults<ConnectionTestOutcome> };
}

const UNDERSTOOD = new Set(["Success", "Warning", "Failed", "InProgress"]);

/**
 * Whether the test passed: its own verdict, else its checks (one failed, or every one understood and
 * none failed); undefined when it says neither.
 */
export function testPassed(record: ConnectionTestRecord): boolean | undefined {
  if (record.success !== undefined) return record.success;
  if (record.checks.some((c) => c.status === "Failed")) return false;
  const understood = record.checks.length > 0 && record.checks.every((c) => UNDERSTOOD.has(c.status));
  return understood ? true : undefined;
}

/**
 * Reads the test until it completes, is not found, the deadline passes or the server shuts down;
 * `onPoll` runs between reads (progress). A test that exists is remembered, finished or not.
 */
export async function runConnectionTest(
  ctx: TestFollowing,
  connectionId: number,
  options: { testId?: string | undefined; deadline: number; onPoll: () => Promise<void> },
): Promise<ConnectionTestOutcome> {
  const testId = options.testId ?? (await ctx.cloudm.startConnectionTest(connectionId, ctx.signal));
  for (;;) {
    const record = await ctx.cloudm.getConnectionTest(testId, ctx.signal);
    if (record.completed || record.testNotFound || Date.now() >= options.deadline || ctx.shutdown.aborted) {
      const outcome = { connectionId, testId, record };
      if (!record.testNotFound) ctx.recent.connectionTests.set(String(connectionId), outcome);
      return outcome;
    }
    await options.onPoll();
    await sleep(POLL_MS, undefined, { signal: ctx.signal });
  }
}
