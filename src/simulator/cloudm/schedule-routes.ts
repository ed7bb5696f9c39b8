/** Scheduled runs (api/ScheduleMigration): create, list, get, cancel. Firing is scheduler.ts's. */
import type { Route } from "../http-server.js";
import { bearerClaims } from "./audit.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { findBatch } from "./lookup.js";
import type { SimSchedule } from "./model.js";
import { iso } from "./views.js";
import { cancelScheduleRequest, schedule, scheduleList, scheduleMigrationRequest } from "./wire/schedule.js";

function scheduleView(s: SimSchedule) {
  return {
    scheduleId: s.scheduleId,
    configurationId: s.configurationId,
    scheduleType: s.scheduleType,
    mode: s.mode,
    scheduleOn: iso(s.scheduleOn),
    repeat: s.repeat,
    completedConfigurationId: s.completedConfigurationId,
    completedPercent: s.completedPercent,
    status: s.status,
    createdOn: iso(s.createdOn),
    nextRunOn: iso(s.nextRunOn),
    firedCount: s.firedCount,
    lastOutcome: s.lastOutcome && { ...s.lastOutcome, firedOn: iso(s.lastOutcome.firedOn) },
  };
}

const fieldProblem = (field: string, message: string) => problem(400, message, { [field]: [message] });

export function scheduleRoutes(ctx: CloudMContext): Route[] {
  const { state } = ctx;
  const findSchedule = (scheduleId: string) => state.schedules.get(scheduleId.toLowerCase());
  return [
    {
      method: "POST",
      pattern: "/api/ScheduleMigration/schedule-migration",
      authenticated: true,
      doc: {
        summary: "Schedule a batch run by date, on another batch's completion, or at its percentage",
        body: scheduleMigrationRequest,
        response: schedule,
      },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], scheduleMigrationRequest);
        if (!parsed.ok) return parsed.response;
        const body = parsed.value;
        const target = findBatch(ctx, body.configurationId);
        if (!target.ok) return target.response;
        const now = ctx.clock.now();
        let scheduleOn: number | null = null;
        let completedConfigurationId: string | null = null;
        if (body.scheduleType === "DateTime") {
          scheduleOn = Date.parse(body.scheduleOn);
          if (scheduleOn <= now)
            return fieldProblem("scheduleOn", `scheduleOn must be after the server's time, ${iso(now)}`);
        } else {
          const trigger = state.batches.get(body.completedConfigurationId.toLowerCase());
          if (!trigger)
            return fieldProblem(
              "completedConfigurationId",
              `No batch with completedConfigurationId '${body.completedConfigurationId}'`,
            );
          if (trigger.configurationId === target.value.configurationId)
            return fieldProblem("completedConfigurationId", "A batch cannot wait for its own run");
          completedConfigurationId = trigger.configurationId;
        }
        const s: SimSchedule = {
          scheduleId: state.guid(),
          configurationId: target.value.configurationId,
          scheduleType: body.scheduleType,
          mode: body.mode ?? "StartMigration",
          scheduleOn,
          repeat: (body.scheduleType === "DateTime" ? body.repeat : undefined) ?? "Disabled",
          completedConfigurationId,
          completedPercent:
            body.scheduleType === "WhenSpecificMigrationPercentCompleted" ? body.completedPercent : null,
          createdOn: now,
          createdBy: bearerClaims(ctx, request)?.email ?? "(unknown)",
          status: "Scheduled",
          nextRunOn: scheduleOn,
          occurrence: 0,
          firedCount: 0,
          lastOutcome: null,
        };
        state.schedules.set(s.scheduleId, s);
        return { status: 200, body: scheduleView(s) };
      },
    },
    {
      method: "GET",
      pattern: "/api/ScheduleMigration",
      authenticated: true,
      doc: {
        summary: "List schedules, oldest first",
        response: scheduleList,
        query: { configurationId: "only the schedules that start this batch (optional)" },
      },
      handler: (request) => {
        const wanted = request.query.get("configurationId");
        let configurationId: string | undefined;
        if (wanted !== null) {
          const found = findBatch(ctx, wanted);
          if (!found.ok) return found.response;
          configurationId = found.value.configurationId;
        }
        const list = [...state.schedules.values()]
          .filter((s) => configurationId === undefined || s.configurationId === configurationId)
          .sort((a, b) => a.createdOn - b.createdOn);
        return { status: 200, body: list.map(scheduleView) };
      },
    },
    {
      method: "GET",
      pattern: "/api/ScheduleMigration/{scheduleId}",
      authenticated: true,
      doc: { summary: "Get one schedule", response: schedule },
      handler: (request) => {
        const s = findSchedule(request.params.scheduleId ?? "");
        return s
          ? { status: 200, body: scheduleView(s) }
          : problem(404, `No schedule with scheduleId '${request.params.scheduleId}'`);
      },
    },
    {
      method: "POST",
      pattern: "/api/ScheduleMigration/cancel",
      authenticated: true,
      doc: { summary: "Cancel a schedule (idempotent)", body: cancelScheduleRequest, response: schedule },
      handler: (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], cancelScheduleRequest);
        if (!parsed.ok) return parsed.response;
        const s = findSchedule(parsed.value.scheduleId);
        if (!s) return problem(404, `No schedule with scheduleId '${parsed.value.scheduleId}'`);
        if (s.status === "Fired")
          return problem(409, `The schedule already fired on ${iso(s.lastOutcome?.firedOn ?? null)}`);
        s.status = "Cancelled";
        s.nextRunOn = null;
        return { status: 200, body: scheduleView(s) };
      },
    },
  ];
}
