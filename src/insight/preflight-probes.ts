/**
 * The pre-flight's probes: the batch's two connections tested now (or a passing test of the last few
 * minutes reused), and CloudM's readiness checks where the destination is Google Workspace. Both start
 * work upstream that changes nothing (a test, a check run), and both wait only until the deadline.
 */
import { plural } from "../views/counts.js";
import type { Connection, Optional } from "../api/cloudm/client.js";
import type { BatchRecord, ReadinessRunRecord } from "../api/cloudm/schemas/index.js";
import { enumLabel } from "../views/reported.js";
import { runConnectionTest, type TestFollowing, testPassed } from "./connection-test.js";
import { quoted } from "../api/quoted.js";
import { type Check, type CheckStatus, attempt, someOf, worstOf } from "./preflight-model.js";
import { followReadiness, isReadinessRunning, type ReadinessFollowing } from "./readiness-follow.js";

export interface ProbeContext extends TestFollowing, ReadinessFollowing {}

export interface Probing {
  deadline: number;
  /** Called between reads of a running test or check run (progress). */
  onPoll: () => Promise<void>;
  /** Every platform's connections, read once for both probes. */
  connections: Promise<Optional<Connection[]>>;
}

interface SideResult {
  status: CheckStatus;
  text: string;
  action?: string;
}

const ago = (at: number) => {
  const minutes = Math.round((Date.now() - at) / 60_000);
  return minutes < 1 ? "under a minute ago" : `${plural(minutes, "minute")} ago`;
};

const checkList = (checks: ReadonlyArray<{ name: string; message?: string }>) =>
  someOf(
    checks.map((c) => `${quoted(c.name)}${c.message ? `: ${quoted(c.message)}` : ""}`),
    3,
  );

/** A test of the last few minutes that did not fail is as good as a new one; a failure is tested again. */
async function testSide(ctx: ProbeContext, id: number, probing: Probing): Promise<SideResult> {
  const recent = ctx.recent.connectionTests.get(String(id));
  const reusable = recent?.value.record.completed === true && testPassed(recent.value.record) !== false;
  const resume = recent && !recent.value.record.completed ? recent.value.testId : undefined;
  const run = (testId: string | undefined) =>
    runConnectionTest(ctx, id, { testId, deadline: probing.deadline, onPoll: probing.onPoll });
  let outcome = reusable ? recent.value : await run(resume);
  // A test this process started and the instance no longer knows: start another.
  if (outcome.record.testNotFound) outcome = await run(undefined);
  const { record, testId } = outcome;
  const when = reusable ? ` ${ago(recent.at)} (test ${quoted(testId)})` : "";
  if (record.testNotFound) return { status: "unknown", text: `the instance lost its test ${quoted(testId)}` };
  if (!record.completed)
    return {
      status: "unknown",
      text: `its test ${quoted(testId)} was still running when the pre-flight stopped waiting`,
      action: `test_connection with testId ${quoted(testId)} follows it`,
    };
  const passed = testPassed(record);
  const failed = record.checks.filter((c) => c.status === "Failed");
  if (passed === false)
    return {
      status: "blocked",
      text: `FAILED its test${failed.length > 0 ? `: ${checkList(failed)}` : ""}`,
      action: "fix its settings with update_connection, then test_connection",
    };
  if (passed === undefined)
    return {
      status: "unknown",
      text: `its test completed${when}, but the instance's answer does not say whether it passed`,
    };
  const warned = record.checks.filter((c) => c.status === "Warning");
  return warned.length > 0
    ? {
        status: "warning",
        text: `passed its test${when} with warnings: ${checkList(warned)}`,
        action: "look at the warned checks (update_connection, then test_connection)",
      }
    : { status: "ok", text: `passed its test${when}` };
}

function named(id: number, listed: Optional<Connection[]>): string {
  const c = listed.ok ? listed.value.find((x) => x.id === id) : undefined;
  return c ? `#${id} ${quoted(c.name)}` : `#${id}`;
}

/** Both of the batch's connections, tested now (or a passing test of the last few minutes). */
export async function connectionsCheck(
  ctx: ProbeContext,
  batch: Optional<BatchRecord>,
  probing: Probing,
): Promise<Check> {
  const base = { check: "connections" } as const;
  const ids = batch.ok
    ? { source: batch.value.sourceConnectionId, destination: batch.value.destinationConnectionId }
    : undefined;
  if (!ids || ids.source === undefined || ids.destination === undefined)
    return {
      ...base,
      status: "unknown",
      found: `The batch's connections are not known (${batch.ok ? "its record does not name them" : batch.reason}), so they were not tested.`,
      action: "Run test_connection on the project's source and destination connections.",
    };
  const sides = [
    ["source", ids.source],
    ["destination", ids.destination],
  ] as const;
  const results = await Promise.all(
    sides.map(async ([side, id]) => {
      const tested = await attempt(testSide(ctx, id, probing));
      const result: SideResult = tested.ok
        ? tested.value
        : { status: "unknown", text: `could not be tested (${tested.reason})` };
      return { side, id, ...result };
    }),
  );
  const listed = await probing.connections;
  const actions = results.flatMap((r) => (r.action ? [`${r.side}: ${r.action}`] : []));
  return {
    ...base,
    status: worstOf(results.map((r) => r.status)),
    found: `${results.map((r) => `The ${r.side} ${named(r.id, listed)} ${r.text}.`).join(" ")}`,
    ...(actions.length > 0 ? { action: `${actions.join("; ")}.` } : {}),
    figures: Object.fromEntries(results.map((r) => [r.side, { connectionId: r.id, status: r.status }])),
  };
}

const testLine = (t: ReadinessRunRecord["tests"][number]) =>
  `${quoted(t.title ?? t.id ?? "a check")}: ${t.message === undefined ? "(no message)" : quoted(t.message)}`;

function readinessResult(run: ReadinessRunRecord | undefined): Omit<Check, "check"> {
  const follow = run?.readinessId
    ? `run_readiness_checks with readinessId ${quoted(run.readinessId)} follows it`
    : undefined;
  if (!run || !run.readinessId)
    return {
      status: "unknown",
      found:
        "The checks started, but the instance's answer carried no readinessId, so their results could not be read here (the CloudM web UI shows them).",
    };
  if (isReadinessRunning(run))
    return {
      status: "unknown",
      found: `The checks were still ${enumLabel(run.status, run.statusReported)} when the pre-flight stopped waiting (${plural(run.tests.length, "check")} done).`,
      ...(follow ? { action: `${follow}.` } : {}),
    };
  if (run.status === "ConfigurationChanged")
    return {
      status: "unknown",
      found: "The batch's configuration changed while the checks ran, so their results no longer hold.",
      action: "Run preflight_batch again.",
    };
  const failed = run.tests.filter((t) => t.status === "Failed");
  const warned = run.tests.filter((t) => t.status === "Warning");
  const unread = run.tests.filter((t) => t.status === undefined);
  const figures = {
    readinessId: run.readinessId,
    status: run.status,
    failed: failed.length,
    warnings: warned.length,
  };
  const listed = (label: string, tests: typeof failed, max: number) =>
    tests.length > 0 ? ` ${label}: ${someOf(tests.map(testLine), max)}.` : "";
  const overall = `Readiness checks: ${run.status}.`;
  if (failed.length > 0 || run.status === "Failed")
    return {
      status: "blocked",
      found: `${overall}${listed("Failed", failed, 4)}${listed("Warnings", warned, 3)}`,
      action: "Fix what each failed check names, then run preflight_batch again.",
      figures,
    };
  if (unread.length > 0)
    return {
      status: "unknown",
      found: `${overall} The outcome of ${plural(unread.length, "check")} was not understood: ${someOf(
        unread.map((t) => `${testLine(t)} (status ${enumLabel(t.status, t.statusReported)})`),
        3,
      )}.${listed("Warnings", warned, 3)}`,
      action: `${follow ?? "run_readiness_checks shows them"}.`,
      figures,
    };
  if (warned.length > 0 || run.status === "CompletedWithWarnings")
    return {
      status: "warning",
      found: `${overall}${listed("Warnings", warned, 4)}`,
      action: "Read each warning; fix what applies.",
      figures,
    };
  return { status: "ok", found: `${overall} All ${plural(run.tests.length, "check")} passed.`, figures };
}

/** CloudM's readiness checks, for a Google Workspace destination; "not applicable" for any other. */
export async function readinessCheck(
  ctx: ProbeContext,
  batch: Optional<BatchRecord>,
  probing: Probing,
): Promise<Check> {
  const base = { check: "readiness" } as const;
  const {
    destinationConnectionId: destinationId,
    projectId,
    configurationId,
  } = batch.ok
    ? batch.value
    : { destinationConnectionId: undefined, projectId: undefined, configurationId: undefined };
  if (destinationId === undefined || projectId === undefined || configurationId === undefined)
    return {
      ...base,
      status: "unknown",
      found: `The batch's ${destinationId === undefined ? "destination connection" : "project"} is not known, so whether readiness checks apply is unknown.`,
    };
  const listed = await probing.connections;
  const destination = listed.ok ? listed.value.find((c) => c.id === destinationId) : undefined;
  if (!destination)
    return {
      ...base,
      status: "unknown",
      found: `The destination connection #${destinationId} is not in the instance's connection lists${listed.ok ? "" : ` (${listed.reason})`}, so its platform, and whether readiness checks apply, is unknown.`,
    };
  if (destination.platform !== "GoogleWorkspace")
    return {
      ...base,
      status: "not applicable",
      found: `The destination is ${destination.platform}: CloudM's readiness checks are for Google Workspace destinations.`,
    };
  const started = await attempt(ctx.cloudm.readiness.start({ projectId, configurationId }, ctx.signal));
  if (!started.ok)
    return {
      ...base,
      status: "unknown",
      found: `The readiness checks could not be run (${started.reason}).`,
    };
  const followed = await attempt(
    followReadiness(ctx, started.value.value, probing.deadline, () => probing.onPoll()),
  );
  if (!followed.ok)
    return {
      ...base,
      status: "unknown",
      found: `The readiness checks could not be read (${followed.reason}).`,
    };
  return { ...base, ...readinessResult(followed.value) };
}
