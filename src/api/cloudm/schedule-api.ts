/**
 * Typed calls of api/ScheduleMigration. Paths guessed (endpoints.ts): the guide names only the group.
 * Answers are read by schemas/read-schedule.ts; a write answered 2xx is done, whatever its body.
 */
import type { OperationSender, Written } from "./operation.js";
import {
  readSchedule,
  readSchedules,
  type ScheduleMigrationRequest,
  type ScheduleRecord,
} from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export class ScheduleApi {
  constructor(private readonly client: OperationSender) {}

  private read = (raw: unknown) => readSchedule(raw, this.client.vocabulary);

  // assumed: not in the guide. The value is the schedule when the answer carried its id.
  create(body: ScheduleMigrationRequest, signal?: AbortSignal): Promise<Written<ScheduleRecord | undefined>> {
    return this.client.write(
      { operation: "createSchedule", args: { ...body }, signal },
      (raw) => {
        const schedule = this.read(raw);
        return schedule?.scheduleId === undefined ? undefined : schedule;
      },
      "the new schedule's scheduleId",
    );
  }

  // assumed: not in the guide (without configurationId: every batch's schedules)
  async list(configurationId: string | undefined, signal?: AbortSignal): Promise<ScheduleRecord[]> {
    const raw = await this.client.read({ operation: "listSchedules", args: { configurationId }, signal });
    const schedules = readSchedules(raw, this.client.vocabulary);
    if (!schedules)
      throw unexpectedAnswer(this.client, "listSchedules", "a list of schedules", "read-schedule.ts");
    return schedules;
  }

  // assumed: not in the guide
  async get(scheduleId: string, signal?: AbortSignal): Promise<ScheduleRecord> {
    const schedule = this.read(
      await this.client.read({ operation: "getSchedule", args: { scheduleId }, signal }),
    );
    if (!schedule) throw unexpectedAnswer(this.client, "getSchedule", "a schedule", "read-schedule.ts");
    return schedule;
  }

  // assumed: not in the guide. Cancelling a cancelled schedule changes nothing: safe to resend.
  cancel(scheduleId: string, signal?: AbortSignal): Promise<Written<ScheduleRecord | undefined>> {
    return this.client.write(
      { operation: "cancelSchedule", args: { scheduleId }, idempotent: true, signal },
      this.read,
      undefined,
    );
  }
}
