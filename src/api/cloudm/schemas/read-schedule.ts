/**
 * Scheduled runs, however the instance shapes them: CloudM's own `ScheduleMigrationModel`
 * (`configurationId`, `isScheduled`, `scheduledOn`, `itemCount` …, one schedule per batch) first, then
 * the names the full simulator answers with (`scheduleId`, `status`, `nextRunOn`, `lastOutcome` …).
 * The schedule type, repeat, mode and status are named through the vocabulary; what is not given is
 * undefined, and an integer it cannot name is kept only as what was reported.
 */
import type { Vocabulary } from "../vocabulary.js";
import { readBareId, readNamed } from "./read-group.js";
import {
  field,
  isListShaped,
  isObject,
  readBoolean,
  readId,
  readList,
  readNumber,
  readString,
} from "./read-values.js";

export interface ScheduleOutcomeRecord {
  firedOn: string | undefined;
  result: string | undefined;
  message: string | undefined;
}

export interface ScheduleRecord {
  scheduleId: string | undefined;
  configurationId: string | undefined;
  /** One of CloudM's schedule types, or undefined when not given or not understood. */
  scheduleType: string | undefined;
  scheduleTypeReported: string | undefined;
  /** One of CloudM's migration modes, or undefined when not given or not understood. */
  mode: string | undefined;
  modeReported: string | undefined;
  scheduleOn: string | undefined;
  repeat: string | undefined;
  repeatReported: string | undefined;
  completedConfigurationId: string | undefined;
  completedPercent: number | undefined;
  /** Where the schedule is (Scheduled, Fired, Cancelled), or undefined when not given or not understood. */
  status: string | undefined;
  statusReported: string | undefined;
  /** Whether it will still fire: CloudM's `isScheduled`, else whether the status is Scheduled. */
  isScheduled: boolean | undefined;
  nextRunOn: string | undefined;
  firedCount: number | undefined;
  lastOutcome: ScheduleOutcomeRecord | undefined;
}

const SCHEDULE_ID_FIELDS = ["scheduleId", "id", "scheduleMigrationId"] as const;

/** A schedule, or a create answer that is only its id; undefined when it names no schedule or batch. */
export function readSchedule(raw: unknown, vocabulary: Vocabulary): ScheduleRecord | undefined {
  const scheduleId = isObject(raw) ? readId(field(raw, SCHEDULE_ID_FIELDS)) : readBareId(raw);
  const configurationId = readId(field(raw, ["configurationId", "batchId"]));
  if (scheduleId === undefined && configurationId === undefined) return undefined;
  const type = readNamed(vocabulary, "scheduleType", field(raw, ["scheduleType", "type"]));
  const repeat = readNamed(
    vocabulary,
    "scheduleRepeat",
    field(raw, ["repeat", "scheduleRepeat", "repeatType"]),
  );
  const mode = readNamed(vocabulary, "migrationMode", field(raw, ["mode", "migrationMode"]));
  const status = readNamed(vocabulary, "scheduleStatus", field(raw, ["status", "scheduleStatus", "state"]));
  const outcome = field(raw, ["lastOutcome", "lastResult", "lastRun"]);
  return {
    scheduleId,
    configurationId,
    scheduleType: type.name,
    scheduleTypeReported: type.reported,
    mode: mode.name,
    modeReported: mode.reported,
    scheduleOn: readString(field(raw, ["scheduleOn", "scheduledOn", "scheduledDate", "startOn"])),
    repeat: repeat.name,
    repeatReported: repeat.reported,
    completedConfigurationId: readId(field(raw, ["completedConfigurationId", "afterConfigurationId"])),
    completedPercent: readNumber(field(raw, ["completedPercent", "percentCompleted"])),
    status: status.name,
    statusReported: status.reported,
    isScheduled:
      readBoolean(field(raw, ["isScheduled", "scheduled"])) ??
      (status.name === undefined ? undefined : status.name === "Scheduled"),
    nextRunOn: readString(field(raw, ["nextRunOn", "nextRun", "nextRunTime"])),
    firedCount: readNumber(field(raw, ["firedCount", "runCount"])),
    lastOutcome: isObject(outcome)
      ? {
          firedOn: readString(field(outcome, ["firedOn", "date", "firedAt"])),
          result: readString(field(outcome, ["result", "outcome", "status"])),
          message: readString(field(outcome, ["message", "details"])),
        }
      : undefined,
  };
}

/** Every schedule a list answer holds; undefined when it holds no list at all. */
export function readSchedules(raw: unknown, vocabulary: Vocabulary): ScheduleRecord[] | undefined {
  const names = ["schedules", "scheduledMigrations"];
  if (!isListShaped(raw, names)) return undefined;
  return readList(raw, names)
    .items.map((s) => readSchedule(s, vocabulary))
    .filter((s): s is ScheduleRecord => s !== undefined);
}
