/**
 * The pre-flight's checks of what a batch's run would draw on: the new user licences its users may
 * need against what the project's licence has left and how long it runs, and the tenant's volume cap.
 * Pure: the figures come in, a check comes out; what the instance did not give is said.
 */
import { plural } from "../views/counts.js";
import type { Optional } from "../api/cloudm/client.js";
import type { ItemStatisticsRecord, LicenceRecord, StatisticsRecord } from "../api/cloudm/schemas/index.js";
import { quoted } from "../api/quoted.js";
import { coversNoMigration, licenceFix, licencePool, licenceState } from "../views/licence.js";
import { type Check } from "./preflight-model.js";
import { lastRunWasCheck, running } from "./preflight-users.js";

/** A licence that ends within this many days is worth a warning: a run may outlast it. */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;
/** At or above this share of the volume cap used, a run may stop at the cap. */
const VOLUME_WARNING_PERCENT = 90;

/**
 * Whether a user may still need a licence: only a user whose data the instance has moved here (a bulk
 * run completed) surely needs none. A Success after CheckUsersOnly only says the destination exists.
 */
function mayNeedLicence(item: ItemStatisticsRecord, stats: StatisticsRecord): boolean {
  if (item.state !== "Success" && item.state !== "Warning") return true;
  if ((item.importedItems ?? 0) > 0) return false;
  return stats.mode === undefined || lastRunWasCheck(stats);
}

/** Users who may need a new licence, at most: listed users who never completed a run, and those not listed. */
function newLicencesAtMost(stats: StatisticsRecord): number | undefined {
  const total = stats.summary.totalUsers ?? (stats.items.length > 0 ? stats.items.length : undefined);
  if (total === undefined) return undefined;
  const listed = running(stats).filter((i) => mayNeedLicence(i, stats)).length;
  return listed + Math.max(0, total - stats.items.length);
}

function expiry(l: LicenceRecord, now: number): { expired: boolean; daysLeft: number | undefined } {
  const ends = l.expiresOn === undefined ? Number.NaN : Date.parse(l.expiresOn);
  const daysLeft = Number.isNaN(ends) ? undefined : Math.floor((ends - now) / DAY_MS);
  const expired =
    l.state === "Expired" ||
    l.platforms.some((p) => p.isExpired === true) ||
    (!Number.isNaN(ends) && ends <= now);
  return { expired, daysLeft };
}

const UPPER_BOUND =
  "an upper bound: a user already licensed through another batch or an earlier run needs none";

/** New user licences the batch needs, against what the project's licence has left, and its expiry. */
export function licenceCheck(stats: StatisticsRecord, read: Optional<LicenceRecord>, now: number): Check {
  const base = { check: "licences" } as const;
  const needs = newLicencesAtMost(stats);
  if (!read.ok)
    return {
      ...base,
      status: "unknown",
      found: `The licence could not be read (${read.reason}), so whether licences are left is unknown${needs === undefined ? "" : `; up to ${plural(needs, "user")} may need a new one`}.`,
      action: "Check the licence in CloudM before starting.",
      ...(needs === undefined ? {} : { figures: { needsAtMost: needs } }),
    };
  const l = read.value;
  const { expired, daysLeft } = expiry(l, now);
  const figures = {
    needsAtMost: needs ?? "unknown",
    available: l.available ?? "unknown",
    total: l.total ?? "unknown",
    state: licenceState(l),
    expiresOn: l.expiresOn ?? "unknown",
  };
  const pool = licencePool(l);
  const until = l.expiresOn === undefined ? "its expiry not given" : `valid until ${quoted(l.expiresOn)}`;
  if (needs === undefined)
    return {
      ...base,
      status: "unknown",
      found: `The statistics do not say how many users the batch has, so how many licences it needs is unknown; ${pool}.`,
      figures,
    };
  if (needs === 0)
    return {
      ...base,
      status: "ok",
      found: `No user needs a new licence (every user has completed a run here; delta re-runs need none); ${pool}.`,
      figures,
    };
  if (expired || (l.state !== undefined && coversNoMigration(l.state)))
    return {
      ...base,
      status: "blocked",
      found: `The licence is ${expired ? `expired${l.expiresOn ? ` (${quoted(l.expiresOn)})` : ""}` : licenceState(l)}, and up to ${plural(needs, "user")} may need a new one.`,
      action: `Fix: ${licenceFix(expired ? "Expired" : (l.state ?? ""))}; get_license shows the licence.`,
      figures,
    };
  if (l.available === undefined)
    return {
      ...base,
      status: "unknown",
      found: `Up to ${plural(needs, "user")} may need a new licence; the instance does not say how many are available (${pool}).`,
      action: "Check the licence in CloudM before starting.",
      figures,
    };
  if (needs > l.available)
    return {
      ...base,
      status: "blocked",
      found: `needs ${needs} new user licences, ${l.available} available: ${needs - l.available} short (${UPPER_BOUND}); ${pool}.`,
      action: `Buy ${needs - l.available} more licences, or move users out of the batch.`,
      figures: { ...figures, short: needs - l.available },
    };
  if (l.state === undefined)
    return {
      ...base,
      status: "unknown",
      found: `Up to ${needs} new user licences needed, ${l.available} available, but the licence's ${licenceState(l)}, so whether it is valid is unknown.`,
      action: "Check the licence in CloudM (get_license).",
      figures,
    };
  const soon = daysLeft !== undefined && daysLeft < EXPIRY_WARNING_DAYS;
  return {
    ...base,
    status: soon ? "warning" : "ok",
    found: `Up to ${needs} new user licences needed (${UPPER_BOUND}), ${l.available} available; ${pool}, ${until}${soon ? ` (in ${plural(daysLeft, "day")})` : ""}.`,
    ...(soon ? { action: "Renew the licence before it ends: a run after that cannot start new users." } : {}),
    figures,
  };
}

/** The tenant's volume cap, as the batch's statistics give it. */
export function volumeCapCheck(stats: StatisticsRecord): Check {
  const base = { check: "volume cap" } as const;
  const cap = stats.volumeCap;
  if (!cap) return { ...base, status: "unknown", found: "The statistics give no volume cap information." };
  const said = cap.message ? ` (the instance says ${quoted(cap.message)})` : "";
  const figures = {
    capped: cap.capped ?? "unknown",
    isOver: cap.isOver ?? "unknown",
    usedPercentage: cap.usedPercentage ?? "unknown",
  };
  if (cap.isOver === true)
    return {
      ...base,
      status: "blocked",
      found: `The volume cap is reached${said}: no more data can be migrated.`,
      action: "Have the volume cap raised before starting.",
      figures,
    };
  if (cap.capped === false) return { ...base, status: "ok", found: "No volume cap.", figures };
  if (cap.usedPercentage === undefined)
    return {
      ...base,
      status: "unknown",
      found: `${cap.isOver === false ? "Under the volume cap, but how much of it is used" : "Whether the volume cap is reached"} is not given${said}.`,
      figures,
    };
  const high = cap.usedPercentage >= VOLUME_WARNING_PERCENT;
  return {
    ...base,
    status: high ? "warning" : "ok",
    found: `${cap.usedPercentage}% of the volume cap used${said}.`,
    ...(high ? { action: "The run may stop at the cap: have it raised, or migrate fewer users." } : {}),
    figures,
  };
}
