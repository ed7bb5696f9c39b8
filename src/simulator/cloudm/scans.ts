/**
 * Environment scans: what a project's source holds, before anything moves. A scan walks its users on the
 * simulated clock (None → Processing → UpdateStatistics → Complete; Stopping → Stopped; Error when the
 * source cannot be reached); each user's mailbox and drive figures come from the seed and the address
 * (seed.ts), so the same tenant always reports the same sizes.
 */
import { checksFor } from "./connection-checks.js";
import type { CloudMContext } from "./context.js";
import type { SimProject, SimScan } from "./model.js";
import { sourceDirectory } from "./seed.js";
import type { CloudMState } from "./state.js";
import type { ScanSourceOption, ScanState, ScanType } from "./wire/scan.js";

/** Why a scan cannot start; the message is for the caller. */
export class ScanConflict extends Error {}

/** The source directory import-users-from-source sees (item-routes.ts): same size, same stream. */
const CONNECT_MS = 1_000;
const USER_MS: Record<ScanSourceOption, number> = { Both: 1_500, Email: 1_000, File: 800 };
const UPDATE_STATISTICS_MS = 2_000;
const STOPPING_MS = 1_000;
const ACTIVE: readonly ScanState[] = ["Processing", "UpdateStatistics", "Stopping"];

/** Users in the project's batches (each once, in batch order), optionally only those marked migrate. */
function projectUsers(state: CloudMState, projectId: string, onlyMigrate: boolean): string[] {
  const users = new Map<string, string>();
  const batches = [...state.batches.values()]
    .filter((b) => b.projectId === projectId)
    .sort((a, b) => a.createdOn - b.createdOn);
  for (const batch of batches)
    for (const item of batch.items.values())
      if (!onlyMigrate || item.migrate) users.set(item.exportName.toLowerCase(), item.exportName);
  return [...users.values()];
}

function scanUsers(ctx: CloudMContext, project: SimProject, scanType: ScanType): string[] {
  const selected = projectUsers(ctx.state, project.projectId, true);
  if (scanType === "SelectedToMigrateItems") return selected;
  const settings = ctx.state.connections.get(project.sourceConnectionId)?.settings ?? {};
  const domain = String(settings.domainName ?? settings.domain ?? "example.com");
  const directory = sourceDirectory(ctx.state.seed, domain);
  const all = new Map(
    [...directory, ...projectUsers(ctx.state, project.projectId, false)].map((u) => [u.toLowerCase(), u]),
  );
  return [...all.values()];
}

/** Brings a scan's state up to `now` on the simulated clock; reads call it first, as runs' do. */
export function advanceScan(scan: SimScan, now: number): void {
  if (scan.state === "Processing" && scan.error !== null && now >= scan.startedAt + CONNECT_MS) {
    scan.state = "Error";
    scan.completedAt = scan.startedAt + CONNECT_MS;
  }
  if (scan.state === "Processing" && now >= scan.processedAt) scan.state = "UpdateStatistics";
  if (scan.state === "UpdateStatistics" && now >= scan.processedAt + UPDATE_STATISTICS_MS) {
    scan.state = "Complete";
    scan.completedAt = scan.processedAt + UPDATE_STATISTICS_MS;
  }
  if (scan.state === "Stopping" && now >= scan.stopAt) {
    scan.state = "Stopped";
    scan.completedAt = scan.stopAt;
  }
}

/** Users read by `now`, or as far as a stop left it. */
export function scanned(scan: SimScan, now: number): number {
  if (scan.stoppedScanned !== null) return scan.stoppedScanned;
  if (scan.state === "Error") return 0;
  const elapsed = now - scan.startedAt - CONNECT_MS;
  return Math.max(0, Math.min(scan.users.length, Math.floor(elapsed / USER_MS[scan.sourceOption])));
}

export function progressPercent(scan: SimScan, now: number): number {
  if (scan.state === "Complete") return 100;
  if (scan.users.length === 0) return 0;
  const percent = Math.floor((scanned(scan, now) / scan.users.length) * 100);
  return scan.state === "Processing" || scan.state === "UpdateStatistics" ? Math.min(99, percent) : percent;
}

/** Starts a scan of the project's source; throws ScanConflict while another runs or with no users to read. */
export function startScan(
  ctx: CloudMContext,
  project: SimProject,
  scanType: ScanType,
  sourceOption: ScanSourceOption,
): SimScan {
  const { state } = ctx;
  const now = ctx.clock.now();
  const previous = state.scans.get(project.projectId);
  if (previous) advanceScan(previous, now);
  if (previous && ACTIVE.includes(previous.state))
    throw new ScanConflict(`A scan of project '${project.name}' is already ${previous.state}; stop it first`);
  const users = scanUsers(ctx, project, scanType);
  if (users.length === 0)
    throw new ScanConflict(
      `Project '${project.name}' has no users selected to migrate; add users to a batch or scan AllItems`,
    );
  const source = state.connections.get(project.sourceConnectionId);
  const failed = source ? checksFor(source).find((c) => c.status === "Failed") : undefined;
  const scan: SimScan = {
    scanId: state.guid(),
    projectId: project.projectId,
    scanType,
    sourceOption,
    users,
    state: "Processing",
    startedAt: now,
    processedAt: now + CONNECT_MS + users.length * USER_MS[sourceOption],
    completedAt: null,
    stoppedScanned: null,
    stopAt: 0,
    error: !source
      ? "The source connection no longer exists"
      : failed
        ? `Source connection #${source.id}: ${failed.message}`
        : null,
  };
  state.scans.set(scan.projectId, scan);
  return scan;
}

/** Stops a scan that is reading (idempotent): the report covers the users read so far. */
export function stopScan(scan: SimScan, now: number): void {
  advanceScan(scan, now);
  if (scan.state === "Processing" || scan.state === "UpdateStatistics") {
    scan.stoppedScanned = scanned(scan, now);
    scan.state = "Stopping";
    scan.stopAt = now + STOPPING_MS;
  }
}
