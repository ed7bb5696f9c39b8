/**
 * Scheduled runs (api/ScheduleMigration). The guide names the group; the facts file gives the
 * vocabulary (scheduleType, scheduleOn, completedConfigurationId, completedPercent, repeat).
 * The answer shapes are the full simulator's; the client reads answers with read-schedule.ts.
 */
import { z } from "zod";
import { MIGRATION_MODES } from "./core.js";

export const SCHEDULE_TYPES = [
  "DateTime",
  "WhenSpecificMigrationCompleted",
  "WhenSpecificMigrationPercentCompleted",
] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];
export const SCHEDULE_REPEATS = ["Disabled", "Hourly", "Daily", "Weekly", "Monthly"] as const;
export type ScheduleRepeat = (typeof SCHEDULE_REPEATS)[number];
// assumed: not in the guide (the lifecycle of one schedule)
export const SCHEDULE_STATUSES = ["Scheduled", "Fired", "Cancelled"] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

const guid = z.guid();
// assumed: not in the guide (which run a schedule starts; StartMigration when left out)
const mode = z.enum(MIGRATION_MODES).optional();

// assumed: not in the guide (body of POST api/ScheduleMigration/schedule-migration); each type takes
// only its own fields, so a field of another type is a 400 naming it
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
export type ScheduleMigrationRequest = z.infer<typeof scheduleMigrationRequest>;

// assumed: not in the guide (body of POST api/ScheduleMigration/cancel)
export const cancelScheduleRequest = z.strictObject({ scheduleId: guid });

// assumed: not in the guide
export const scheduleOutcome = z.looseObject({
  firedOn: z.string(),
  result: z.string(),
  message: z.string(),
});

// assumed: not in the guide
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
  lastOutcome: scheduleOutcome.nullable().optional(),
});
export const scheduleList = z.array(schedule);
