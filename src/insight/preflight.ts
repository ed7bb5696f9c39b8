/**
 * preflight_batch: everything that can stop or spoil a batch's run, read through the api layer, as one
 * verdict with a line per check. It writes nothing: the only requests that are not reads start a
 * connection test or a readiness run, probes that change nothing (as test_connection is).
 */
import type { CloudMOperation } from "../api/cloudm/endpoints.js";
import { type ConnectionTestOutcome, CONNECTION_TEST_REUSE_MS } from "./connection-test.js";
import { estimateCheck } from "./estimate.js";
import { attempt, type Preflight, verdictOf } from "./preflight-model.js";
import { connectionsCheck, type ProbeContext, readinessCheck } from "./preflight-probes.js";
import { licenceCheck, volumeCapCheck } from "./preflight-limits.js";
import { itemsCheck } from "./preflight-users.js";
import { RecentResults, type Remembered } from "./recent.js";

/** How long a batch's verdict stands in for a new pre-flight in start_migration's preview. */
export const VERDICT_REUSE_MS = 5 * 60_000;
/** How long the probes are waited for: with the reads, the call stays well under a client's 60 s. */
export const PROBE_WAIT_MS = 30_000;

/** The CloudM operations a pre-flight may call, for `doctor` and each tool that runs one. */
export const PREFLIGHT_ENDPOINTS = [
  "getBatch",
  "getStatistics",
  "listConnections",
  "startConnectionTest",
  "getConnectionTest",
  "startReadiness",
  "getReadiness",
  "getLicence",
  "listBatches",
  "getScanReport",
] as const satisfies readonly CloudMOperation[];

/** What the process's pre-flights share: recent connection tests and verdicts, and how long to wait. */
export class RecentChecks {
  readonly connectionTests = new RecentResults<ConnectionTestOutcome>(CONNECTION_TEST_REUSE_MS);
  readonly verdicts = new RecentResults<Preflight>(VERDICT_REUSE_MS);

  /** `probeWaitMs`: how long a pre-flight waits for its connection tests and readiness checks. */
  constructor(readonly probeWaitMs = PROBE_WAIT_MS) {}
}

export interface PreflightContext extends ProbeContext {
  recent: RecentChecks;
  progress: (progress: number, total: number | undefined, message: string) => Promise<void>;
}

/** Runs every check now (a passing connection test of the last few minutes stands) and remembers the verdict. */
export async function runPreflight(ctx: PreflightContext, configurationId: string): Promise<Preflight> {
  const deadline = Date.now() + ctx.recent.probeWaitMs;
  // The statistics are documented and every user check needs them: without them there is no pre-flight.
  const [batch, stats] = await Promise.all([
    ctx.cloudm.batchFacts(configurationId, ctx.signal),
    ctx.cloudm.getStatistics(configurationId, ctx.signal),
  ]);
  const projectId = batch.ok ? batch.value.projectId : undefined;
  let polls = 0;
  const probing = {
    deadline,
    onPoll: () =>
      ctx.progress(++polls, undefined, "Pre-flight: waiting for connection tests and readiness checks"),
    connections: attempt(ctx.cloudm.allConnections(ctx.signal).then((all) => all.connections)),
  };
  const licence = projectId
    ? attempt(ctx.cloudm.admin.getLicence(projectId, ctx.signal))
    : Promise.resolve({
        ok: false as const,
        reason: "the batch's project is not known",
        routeMissing: false,
      });
  const [connections, readiness, licenceRead, estimate] = await Promise.all([
    connectionsCheck(ctx, batch, probing),
    readinessCheck(ctx, batch, probing),
    licence,
    estimateCheck(ctx, projectId, configurationId, stats),
  ]);
  const checks = [
    connections,
    readiness,
    licenceCheck(stats, licenceRead, Date.now()),
    volumeCapCheck(stats),
    itemsCheck(stats),
    estimate,
  ];
  const batchName = batch.ok ? batch.value.batchName : undefined;
  const preflight: Preflight = {
    configurationId,
    ...(batchName ? { batchName } : {}),
    verdict: verdictOf(checks),
    checks,
    checkedAt: new Date().toISOString(),
  };
  ctx.recent.verdicts.set(configurationId, preflight);
  return preflight;
}

/** A verdict of the last few minutes for the batch, else a new pre-flight. */
export async function recentOrNewPreflight(
  ctx: PreflightContext,
  configurationId: string,
): Promise<Remembered<Preflight> & { reused: boolean }> {
  const recent = ctx.recent.verdicts.get(configurationId);
  if (recent) return { ...recent, reused: true };
  const preflight = await runPreflight(ctx, configurationId);
  return { value: preflight, at: Date.parse(preflight.checkedAt), reused: false };
}
