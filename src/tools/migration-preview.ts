/**
 * What the human is shown before a run starts or stops (start_migration, stop_migration): the batch,
 * its users and state, what the mode does, the pre-flight before a StartMigration and the licence pool
 * before a restart; and what must not change before the answer.
 */
import { isRunning, isSettled, type MigrationMode } from "../api/cloudm/schemas/index.js";
import { nameOrId } from "../api/quoted.js";
import { recentOrNewPreflight } from "../insight/preflight.js";
import { ToolInputError } from "../views/input-error.js";
import { licencePool, licenceState } from "../views/licence.js";
import { preflightDetails, preflightSummary } from "../views/preflight.js";
import { enumLabel } from "../views/reported.js";
import { stateText } from "../views/statistics.js";
import type { Preview, ToolContext } from "./define.js";

const MODE_EFFECT: Record<MigrationMode, string> = {
  StartMigration:
    "migrates every user marked migrate (a completed batch re-runs as a delta); consumes one licence per new destination user",
  CheckUsersOnly: "checks that each destination user exists; moves no data and uses no licence",
  RestartFailedUsers: "re-runs the users whose state is Failed",
  RestartFailedItems: "retries the recorded item failures of finished users",
};

/**
 * What the human should know of the licence pool before a run that may consume it; left out when the
 * instance does not say (the licence read is a nicety of the preview, never a reason to fail it).
 */
async function licenceLine(
  ctx: ToolContext,
  batch: Awaited<ReturnType<ToolContext["cloudm"]["batchFacts"]>>,
): Promise<string | undefined> {
  const projectId = batch.ok ? batch.value.projectId : undefined;
  if (!projectId) return undefined;
  const l = await ctx.cloudm.admin.getLicence(projectId, ctx.signal).catch(() => undefined);
  if (!l) return undefined;
  return `${licenceState(l)}: ${licencePool(l)}${l.state === "Valid" ? "" : " (see get_license)"}`;
}

export async function runPreview(
  ctx: ToolContext,
  id: string,
  action: string,
  mode?: MigrationMode,
): Promise<Preview> {
  // The statistics are documented and say what matters; the batch's own record only adds its name.
  const [batch, stats] = await Promise.all([
    ctx.cloudm.batchFacts(id, ctx.signal),
    ctx.cloudm.getStatistics(id, ctx.signal),
  ]);
  const s = stats.summary;
  const name = batch.ok ? batch.value.batchName : undefined;
  // A stop of a batch known to have no run under way would change nothing: no human needs asking.
  // An unknown state is asked about, as the run may be going.
  if (action === "Stop" && isSettled(stats))
    throw new ToolInputError(
      `Batch ${nameOrId(name, id)} has no run to stop: it is ${stats.state}${stats.state === "None" ? " (never started)" : ""}. Nothing was changed.`,
    );
  // A StartMigration carries the pre-flight (a verdict of the last few minutes, else a new one), blocked
  // or not: the human decides with it in front of them. CheckUsersOnly is itself the check and uses no
  // licence; a restart re-runs users of a run that already began, and shows the licence pool.
  const [preflight, licence] = await Promise.all([
    mode === "StartMigration" ? recentOrNewPreflight(ctx, id) : undefined,
    mode === "RestartFailedUsers" || mode === "RestartFailedItems" ? licenceLine(ctx, batch) : undefined,
  ]);
  const active = isRunning(stats);
  const notRead = [
    ...(name === undefined ? [`the batch's name (${batch.ok ? "not in its record" : batch.reason})`] : []),
    ...stats.missing.map((fact) => `${fact} (not in the statistics)`),
  ];
  const users = s.totalUsers === undefined ? "number of users unknown" : `${s.totalUsers} users`;
  const progress =
    stats.progressPercent === undefined ? "progress unknown" : `${stats.progressPercent}% done`;
  return {
    summary: `${action} batch ${nameOrId(name, id)}: ${users}, ${stateText(stats)}${active ? `, ${progress}` : ""}${preflight ? preflightSummary(preflight.value) : ""}`,
    details: {
      ...(mode ? { mode, effect: MODE_EFFECT[mode] } : {}),
      users: s.totalUsers ?? "unknown",
      completedUsers: s.completedUsers ?? "unknown",
      failedUsers: s.failedUsers ?? "unknown",
      state: stats.state ?? enumLabel(undefined, stats.stateReported),
      progressPercent: stats.progressPercent ?? "unknown",
      ...(licence ? { licence } : {}),
      ...(preflight ? preflightDetails(preflight.value, preflight.reused) : {}),
      ...(notRead.length > 0 ? { couldNotRead: notRead } : {}),
    },
    // Progress moves on its own; whether it is running, and who is in it, must not.
    stable: {
      batchName: name,
      users: s.totalUsers,
      active,
      failedUsers: active ? undefined : s.failedUsers,
      preflight: preflight?.value.verdict,
    },
  };
}
