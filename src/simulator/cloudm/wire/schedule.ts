/**
 * Scheduled runs (api/ScheduleMigration), in the facts file's vocabulary (scheduleType, scheduleOn,
 * completedConfigurationId, completedPercent, repeat): the body that schedules a run, the one that
 * cancels it, and the schedule this instance answers with.
 */
import { z } from "zod";
import { MIGRATION_MODES } from "./runs.js";

export type ScheduleType =
  "DateTime" | "WhenSpecificMigrationCompleted" | "WhenSpecificMigrationPercentCompleted";
const SCHEDULE_REPEATS = ["Disabled", "Hourly", "Daily", "Weekly", "Monthly"] as const;
export type ScheduleRepeat = (typeof SCHEDULE_REPEATS)[number];
/** The lifecycle of one schedule. */
export type ScheduleStatus = "Scheduled" | "Fired" | "Cancelled";

const guid = z.guid();
// which run a schedule starts; StartMigration when left out
const mode = z.enum(MIGRATION_MODES).optional();

// each type takes only its own fields, so a field of another type is a 400 naming it
export const scheduleMigrationRequest = z.discriminatedUnion("scheduleType", [
  z.strictObject({
    configurationId: guid,
    scheduleType: z.literal("DateTime"),
    scheduleOn: z.iso.datetime({ offset: true }),
    repeat: z.enum(SCHEDULE_REPEATS).optional(),
    mode,
  }),
  z.strictObject({
    configurationId: guid,
    scheduleType: z.literal("WhenSpecificMigrationCompleted"),
    completedConfigurationId: guid,
    mode,
  }),
  z.strictObject({
    configurationId: guid,
    scheduleType: z.literal("WhenSpecificMigrationPercentCompleted"),
    completedConfigurationId: guid,
    completedPercent: z.number().int().min(1).max(99),
    mode,
  }),
]);

export const cancelScheduleRequest = z.strictObject({ scheduleId: guid });

export const schedule = z.looseObject({
  scheduleId: z.string(),
  configurationId: z.string(),
  scheduleType: z.string(),
  mode: z.string().optional(),
  scheduleOn: z.string().nullable().optional(),
  repeat: z.string().optional(),
  completedConfigurationId: z.string().nullable().optional(),
  completedPercent: z.number().nullable().optional(),
  status: z.string(),
  createdOn: z.string().optional(),
  nextRunOn: z.string().nullable().optional(),
  firedCount: z.number().optional(),
  lastOutcome: z
    .looseObject({ firedOn: z.string(), result: z.string(), message: z.string() })
    .nullable()
    .optional(),
});
export const scheduleList = z.array(schedule);
