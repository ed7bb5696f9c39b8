/**
 * Scheduled runs on the simulator's clock. Like runs (engine.ts `advance`), schedules are evaluated
 * lazily: `withDueSchedules` checks them before every request is handled, so whatever a client reads
 * next already reflects a schedule that came due, however far the clock jumped. A schedule fires at
 * the first evaluation on or after its due time and starts its run then; it records the outcome
 * (started, or why not), and a repeating one re-arms for its next occurrence (missed ones are skipped,
 * not run in a burst).
 */
import type { Route } from "../http-server.js";
import { recordScheduledStart } from "./audit.js";
import type { CloudMContext } from "./context.js";
import { advance, isActive, RunConflict, startRun } from "./engine.js";
import type { SimBatch, SimSchedule, SimScheduleOutcome } from "./model.js";
import { runProgress } from "./run-figures.js";
import type { ScheduleRepeat } from "./wire/schedule.js";

const HOUR_MS = 3_600_000;
const FIXED_INTERVAL_MS: Partial<Record<ScheduleRepeat, number>> = {
  Hourly: HOUR_MS,
  Daily: 24 * HOUR_MS,
  Weekly: 7 * 24 * HOUR_MS,
};

/** `ms` plus `months` calendar months (UTC), the day clamped to the month's last (31 Jan + 1 = 28/29 Feb). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** The n-th occurrence of a repeating schedule; computed from the first, so monthly days never drift. */
export function occurrenceAt(scheduleOn: number, repeat: ScheduleRepeat, n: number): number {
  if (repeat === "Monthly") return addMonths(scheduleOn, n);
  return scheduleOn + n * (FIXED_INTERVAL_MS[repeat] ?? 0);
}

/** The first occurrence strictly after `after`: its index and time. */
export function nextOccurrence(
  scheduleOn: number,
  repeat: ScheduleRepeat,
  after: number,
): { n: number; at: number } {
  const interval = FIXED_INTERVAL_MS[repeat];
  let n =
    interval !== undefined
      ? Math.max(0, Math.floor((after - scheduleOn) / interval) + 1)
      : Math.max(0, Math.floor((after - scheduleOn) / (31 * 24 * HOUR_MS)));
  while (occurrenceAt(scheduleOn, repeat, n) <= after) n++;
  return { n, at: occurrenceAt(scheduleOn, repeat, n) };
}

/** Why a schedule is due now, or undefined while it waits. */
function dueReason(ctx: CloudMContext, s: SimSchedule, trigger: SimBatch | undefined, now: number) {
  if (s.scheduleType === "DateTime")
    return s.nextRunOn !== null && now >= s.nextRunOn ? "its time came" : undefined;
  if (!trigger) return undefined;
  advance(ctx.state, trigger, now);
  const run = trigger.run;
  // Only a run of the other batch that is current counts, not one that ended before this was scheduled.
  const current = run.startedAt !== null && (isActive(trigger) || (run.endedAt ?? 0) >= s.createdOn);
  if (!current) return undefined;
  if (s.scheduleType === "WhenSpecificMigrationCompleted")
    return run.state === "Completed" ? `batch '${trigger.batchName}' completed` : undefined;
  if (!isActive(trigger) && run.state !== "Completed") return undefined;
  const percent = runProgress(trigger, ctx.clock.now());
  return percent >= (s.completedPercent ?? 100)
    ? `batch '${trigger.batchName}' reached ${percent}%`
    : undefined;
}

function fire(ctx: CloudMContext, s: SimSchedule, target: SimBatch, why: string, now: number): void {
  let outcome: SimScheduleOutcome;
  try {
    startRun(ctx.state, target, s.mode, now);
    outcome = { firedOn: now, result: "Started", message: `Started ${s.mode} because ${why}` };
    recordScheduledStart(ctx, s, target, why, now);
  } catch (error) {
    if (!(error instanceof RunConflict)) throw error;
    outcome = {
      firedOn: now,
      result: "NotStarted",
      message: `${why}, but the run could not start: ${error.message}`,
    };
  }
  s.lastOutcome = outcome;
  s.firedCount++;
  if (s.scheduleType === "DateTime" && s.repeat !== "Disabled" && s.scheduleOn !== null) {
    const next = nextOccurrence(s.scheduleOn, s.repeat, now);
    s.occurrence = next.n;
    s.nextRunOn = next.at;
  } else {
    s.status = "Fired";
    s.nextRunOn = null;
  }
}

function orphan(s: SimSchedule, message: string, now: number): void {
  s.status = "Cancelled";
  s.nextRunOn = null;
  s.lastOutcome = { firedOn: now, result: "NotStarted", message };
}

/** Fires every schedule that is due at the simulated now, oldest first. */
export function runDueSchedules(ctx: CloudMContext): void {
  const { state } = ctx;
  if (state.schedules.size === 0) return;
  const now = ctx.clock.now();
  const armed = [...state.schedules.values()]
    .filter((s) => s.status === "Scheduled")
    .sort((a, b) => a.createdOn - b.createdOn);
  for (const s of armed) {
    const target = state.batches.get(s.configurationId);
    if (!target) {
      orphan(s, "Cancelled: the batch no longer exists", now);
      continue;
    }
    const trigger = s.completedConfigurationId ? state.batches.get(s.completedConfigurationId) : undefined;
    if (s.completedConfigurationId && !trigger) {
      orphan(s, "Cancelled: the batch it waited for no longer exists", now);
      continue;
    }
    const why = dueReason(ctx, s, trigger, now);
    if (why) fire(ctx, s, target, why, now);
  }
}

/** The same routes, each evaluating due schedules before it handles a request. */
export function withDueSchedules(ctx: CloudMContext, routes: readonly Route[]): Route[] {
  return routes.map((route) => ({
    ...route,
    handler: (request) => {
      runDueSchedules(ctx);
      return route.handler(request);
    },
  }));
}
