/**
 * The pre-flight's estimate: the data volume of the batch's users by the project's latest environment
 * scan, and how long that takes at the rate this instance measured in the project's runs. Only what was
 * measured is claimed: without a rate there is no duration, and the line says what would give one.
 */
import { plural } from "../views/counts.js";
import { dataSize } from "../views/sizes.js";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { StatisticsRecord } from "../api/cloudm/schemas/index.js";
import { type Check, attempt } from "./preflight-model.js";
import { combinedRate, type MeasuredRate, measuredRun } from "./throughput.js";

/** At most this many batches' statistics are read for the rate: a project's pace shows in a few. */
const MAX_BATCHES_READ = 20;
const SCAN_PAGE_SIZE = 100;
/** Scan report pages read at most, looking for the batch's users (largest first). */
const MAX_SCAN_PAGES = 20;

export interface EstimateReading {
  cloudm: CloudMClient;
  signal: AbortSignal;
}

interface ScanCoverage {
  /** Batch users the scan gives a size for. */
  users: number;
  bytes: number;
  items: number | undefined;
  partial: boolean | undefined;
  /** The report had more pages than were read. */
  cut: boolean;
}

function hoursText(hours: number): string {
  if (hours < 1) return plural(Math.max(1, Math.round(hours * 60)), "minute");
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${(hours / 24).toFixed(1)} days`;
}

/** The sizes the latest scan gives for these users (emails, lower case). */
async function scanOf(
  ctx: EstimateReading,
  projectId: string,
  users: ReadonlySet<string>,
): Promise<ScanCoverage> {
  const found = new Map<string, { bytes: number; items: number | undefined }>();
  let partial: boolean | undefined;
  for (let pageNumber = 1; pageNumber <= MAX_SCAN_PAGES; pageNumber++) {
    const page = await ctx.cloudm.scans.report(
      projectId,
      { pageNumber, pageSize: SCAN_PAGE_SIZE },
      ctx.signal,
    );
    partial = page.partial;
    for (const u of page.users) {
      const key = u.userEmail.toLowerCase();
      if (!users.has(key) || (u.mailboxSizeBytes === undefined && u.driveSizeBytes === undefined)) continue;
      const items =
        u.mailItemCount === undefined && u.driveItemCount === undefined
          ? undefined
          : (u.mailItemCount ?? 0) + (u.driveItemCount ?? 0);
      found.set(key, { bytes: (u.mailboxSizeBytes ?? 0) + (u.driveSizeBytes ?? 0), items });
    }
    const last =
      page.totalPages === undefined ? page.users.length < SCAN_PAGE_SIZE : pageNumber >= page.totalPages;
    if (last || found.size === users.size) return summed(found, partial, false);
  }
  return summed(found, partial, true);
}

function summed(
  found: Map<string, { bytes: number; items: number | undefined }>,
  partial: boolean | undefined,
  cut: boolean,
): ScanCoverage {
  const sizes = [...found.values()];
  return {
    users: sizes.length,
    bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
    items: sizes.every((s) => s.items !== undefined)
      ? sizes.reduce((sum, s) => sum + (s.items ?? 0), 0)
      : undefined,
    partial,
    cut,
  };
}

/** The rate measured in this batch's last run and the project's other batches' (a few of them). */
async function projectRate(
  ctx: EstimateReading,
  projectId: string | undefined,
  configurationId: string,
  own: StatisticsRecord,
): Promise<MeasuredRate | undefined> {
  const listed = projectId ? await attempt(ctx.cloudm.batchesOf(projectId, ctx.signal)) : undefined;
  const batches = listed?.ok && listed.value.ok ? listed.value.value : [];
  const others = batches
    .filter((b) => b.configurationId.toLowerCase() !== configurationId.toLowerCase())
    .slice(0, MAX_BATCHES_READ - 1);
  const read = await Promise.all(
    others.map((b) => attempt(ctx.cloudm.getStatistics(b.configurationId, ctx.signal))),
  );
  const stats = [own, ...read.flatMap((r) => (r.ok ? [r.value] : []))];
  return combinedRate(stats.flatMap((s) => measuredRun(s) ?? []));
}

/** How long the scanned volume takes at the measured rate: by bytes, else by items. */
function durationOf(
  scan: ScanCoverage | undefined,
  rate: MeasuredRate | undefined,
): { hours: number; text: string } | undefined {
  if (!rate || !scan || scan.users === 0) return undefined;
  const measured = `measured in ${plural(rate.runs, "run")} of this project`;
  const at = (hours: number, pace: string) => ({
    hours,
    text: `At the ${pace} an hour ${measured}, about ${hoursText(hours)}.`,
  });
  if (scan.bytes > 0) return at(scan.bytes / rate.bytesPerHour, dataSize(rate.bytesPerHour));
  if (scan.items !== undefined && rate.itemsPerHour)
    return at(scan.items / rate.itemsPerHour, `${Math.round(rate.itemsPerHour)} items`);
  return undefined;
}

export async function estimateCheck(
  ctx: EstimateReading,
  projectId: string | undefined,
  configurationId: string,
  stats: StatisticsRecord,
): Promise<Check> {
  const users = new Set(
    stats.items.filter((i) => i.migrate !== false).map((i) => i.exportName.toLowerCase()),
  );
  const total = stats.summary.totalUsers ?? users.size;
  const [scan, rate] = await Promise.all([
    projectId === undefined ? Promise.resolve(undefined) : attempt(scanOf(ctx, projectId, users)),
    projectRate(ctx, projectId, configurationId, stats),
  ]);
  const coverage = scan?.ok ? scan.value : undefined;
  const volume =
    projectId === undefined
      ? "The batch's project is not known, so no environment scan could be read."
      : !scan?.ok
        ? `No environment scan report to read (${scan?.reason ?? ""}).`
        : coverage?.users === 0
          ? "The latest environment scan gives no size for any of the batch's users."
          : `About ${dataSize(coverage?.bytes ?? 0)}${coverage?.items === undefined ? "" : ` (${coverage.items} items)`} in the mail and drives of ${coverage?.users} of ${plural(total, "user")}, by the latest environment scan${coverage?.partial ? " (stopped early: partial)" : ""}${coverage?.cut ? " (only its largest users were read)" : ""}.`;
  const duration = durationOf(coverage, rate);
  const noDuration = rate
    ? "With no volume, no duration follows from the rate measured in this project's runs."
    : "No duration: no run of this project has measured a rate yet.";
  const actions = [
    ...(coverage && coverage.users > 0 ? [] : ["start_environment_scan gives the volume"]),
    ...(rate ? [] : ["a first StartMigration of a small pilot batch measures the rate"]),
  ];
  return {
    check: "estimate",
    status: coverage && coverage.users > 0 ? "ok" : "unknown",
    found: `${volume} ${duration?.text ?? noDuration}`,
    ...(actions.length > 0 ? { action: `${actions.join("; ")}.` } : {}),
    figures: {
      scannedUsers: coverage?.users ?? 0,
      ...(coverage && coverage.users > 0 ? { bytes: coverage.bytes } : {}),
      ...(rate ? { bytesPerHour: Math.round(rate.bytesPerHour), measuredRuns: rate.runs } : {}),
      ...(duration ? { hours: Number(duration.hours.toFixed(2)) } : {}),
    },
  };
}
