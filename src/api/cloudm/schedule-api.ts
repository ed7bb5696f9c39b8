/** Typed calls of api/ScheduleMigration. Paths guessed (endpoints.ts): the guide names only the group. */
import type { OperationSender } from "./operation.js";
import { type Schedule, type ScheduleMigrationRequest, schedule, scheduleList } from "./schemas/index.js";

export class ScheduleApi {
  constructor(private readonly client: OperationSender) {}

  // assumed: not in the guide
  create(body: ScheduleMigrationRequest, signal?: AbortSignal): Promise<Schedule> {
    return this.client.request({ operation: "createSchedule", args: { ...body }, signal }, schedule);
  }

  // assumed: not in the guide (without configurationId: every batch's schedules)
  list(configurationId: string | undefined, signal?: AbortSignal): Promise<Schedule[]> {
    return this.client.request(
      { operation: "listSchedules", args: { configurationId }, signal },
      scheduleList,
    );
  }

  // assumed: not in the guide
  get(scheduleId: string, signal?: AbortSignal): Promise<Schedule> {
    return this.client.request({ operation: "getSchedule", args: { scheduleId }, signal }, schedule);
  }

  // assumed: not in the guide. Cancelling a cancelled schedule changes nothing: safe to resend.
  cancel(scheduleId: string, signal?: AbortSignal): Promise<Schedule> {
    return this.client.request(
      { operation: "cancelSchedule", args: { scheduleId }, idempotent: true, signal },
      schedule,
    );
  }
}
