/**
 * Scheduled runs (api/ScheduleMigration). The guide names the group; the facts file gives the
 * vocabulary (scheduleType, scheduleOn, completedConfigurationId, completedPercent, repeat).
 */
import { z } from "zod";
import type { MigrationMode } from "./core.js";

export const SCHEDULE_REPEATS = ["Disabled", "Hourly", "Daily", "Weekly", "Monthly"] as const;
export type ScheduleRepeat = (typeof SCHEDULE_REPEATS)[number];

// assumed: not in the guide (body of POST api/ScheduleMigration/schedule-migration): each type carries
// only its own fields; the mode is which run it starts (StartMigration when left out)
export type ScheduleMigrationRequest = { configurationId: string; mode?: MigrationMode } & (
  | { scheduleType: "DateTime"; scheduleOn: string; repeat?: ScheduleRepeat }
  | { scheduleType: "WhenSpecificMigrationCompleted"; completedConfigurationId: string }
  | {
      scheduleType: "WhenSpecificMigrationPercentCompleted";
      completedConfigurationId: string;
      completedPercent: number;
    }
);

// assumed: not in the guide
export const scheduleOutcome = z.looseObject({
  firedOn: z.string(),
  result: z.string(),
  message: z.string(),
});
export type ScheduleOutcome = z.infer<typeof scheduleOutcome>;

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
export type Schedule = z.infer<typeof schedule>;
export const scheduleList = z.array(schedule);
