/** Typed calls of api/ScheduleMigration. The paths are assumed: the guide names only the group. */
import type { CloudMClient } from "./client.js";
import { type Schedule, type ScheduleMigrationRequest, schedule, scheduleList } from "./schemas/index.js";

const BASE = "/api/ScheduleMigration";

export class ScheduleApi {
  constructor(private readonly client: CloudMClient) {}

  // assumed: not in the guide
  create(body: ScheduleMigrationRequest, signal?: AbortSignal): Promise<Schedule> {
    return this.client.request(
      { method: "POST", path: `${BASE}/schedule-migration`, json: body, signal },
      schedule,
    );
  }

  // assumed: not in the guide (without configurationId: every batch's schedules)
  list(configurationId: string | undefined, signal?: AbortSignal): Promise<Schedule[]> {
    return this.client.request(
      { method: "GET", path: BASE, query: { configurationId }, signal },
      scheduleList,
    );
  }

  // assumed: not in the guide
  get(scheduleId: string, signal?: AbortSignal): Promise<Schedule> {
    return this.client.request(
      { method: "GET", path: `${BASE}/${encodeURIComponent(scheduleId)}`, signal },
      schedule,
    );
  }

  // assumed: not in the guide. Cancelling a cancelled schedule changes nothing: safe to resend.
  cancel(scheduleId: string, signal?: AbortSignal): Promise<Schedule> {
    return this.client.request(
      { method: "POST", path: `${BASE}/cancel`, json: { scheduleId }, idempotent: true, signal },
      schedule,
    );
  }
}
