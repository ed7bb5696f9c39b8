/**
 * Following a readiness run until it settles or the caller's deadline: the one loop
 * run_readiness_checks and preflight_batch share.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { ReadinessRunRecord } from "../api/cloudm/schemas/index.js";

const POLL_MS = 500;
const RUNNING = new Set(["None", "Pending", "InProgress", "Cancelling"]);

/** A run is done only once its status says so: one not given or not understood may still be running. */
export const isReadinessRunning = (run: ReadinessRunRecord) =>
  run.status === undefined || RUNNING.has(run.status);

/** A run read by its id is that run, whether or not its answer repeats the id. */
export async function readReadinessRun(
  cloudm: CloudMClient,
  id: string,
  signal: AbortSignal,
): Promise<ReadinessRunRecord> {
  const run = await cloudm.readiness.get(id, signal);
  return { ...run, readinessId: run.readinessId ?? id };
}

export interface ReadinessFollowing {
  cloudm: CloudMClient;
  signal: AbortSignal;
  /** Aborted when the server shuts down: the loop answers with what it has. */
  shutdown: AbortSignal;
}

/**
 * Reads the run until it settles, the deadline passes or the server shuts down; `onTests` hears each
 * new count of finished checks. A run without an id cannot be followed and comes back as it is.
 */
export async function followReadiness(
  ctx: ReadinessFollowing,
  started: ReadinessRunRecord | undefined,
  deadline: number,
  onTests: (run: ReadinessRunRecord) => Promise<void>,
): Promise<ReadinessRunRecord | undefined> {
  let run = started;
  let reported = -1;
  while (run?.readinessId && isReadinessRunning(run) && Date.now() < deadline && !ctx.shutdown.aborted) {
    if (run.tests.length > reported) {
      reported = run.tests.length;
      await onTests(run);
    }
    await sleep(POLL_MS, undefined, { signal: ctx.signal });
    run = await readReadinessRun(ctx.cloudm, run.readinessId, ctx.signal);
  }
  return run;
}
