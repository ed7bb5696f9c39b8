/**
 * Scheduled runs (api/ScheduleMigration) as kebab-case actions: schedule-migration takes CloudM-style
 * `ScheduleMigrationParameters` with integer enums and answers 201 with a `ScheduleMigrationModel`;
 * get-schedules pages them, get-schedule reads one, cancel-schedule answers 204.
 */
import { z } from "zod";
import type { SimResponse } from "../../http-server.js";
import { parseJsonBody } from "../../problems.js";
import type { CloudMContext } from "../context.js";
import { advance, isActive } from "../engine.js";
import { created, noContent, ok, translatedProblem } from "./answers.js";
import { enumInput, guid, guidQuery, optionalGuidQuery } from "./bodies.js";
import { enumText, enumValue } from "./enums.js";
import { callFull, forward, writeFull } from "./full.js";
import { type FullSchedule, fullSchedule } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action } from "./operation.js";
import { ITEMS_QUERY, itemsPage, itemsWindow } from "./paging.js";

const BASE = "/api/ScheduleMigration";
/** The full profile's names in its refusals, as this profile's caller sent them. */
const NAMES = { scheduleOn: "scheduledOn", repeat: "repeatType", mode: "migrationMode" };

const scheduleBody = z.object({
  configurationId: guid,
  scheduleType: enumInput("ScheduleType"),
  scheduledOn: z.string().nullish(),
  repeatType: enumInput("ScheduleRepeatType").nullish(),
  completedConfigurationId: guid.nullish(),
  completedPercent: z.number().int().nullish(),
  migrationMode: enumInput("MigrationMode").nullish(),
});
type ScheduleBody = z.infer<typeof scheduleBody>;

/** The full profile's body: each schedule type takes only its own fields. */
function fullBody(body: ScheduleBody): Record<string, unknown> {
  const scheduleType = enumText("ScheduleType", body.scheduleType);
  const mode = body.migrationMode == null ? undefined : enumText("MigrationMode", body.migrationMode);
  const common = { configurationId: body.configurationId, scheduleType, mode };
  if (scheduleType === "DateTime") {
    const repeat = body.repeatType == null ? undefined : enumText("ScheduleRepeatType", body.repeatType);
    return { ...common, scheduleOn: body.scheduledOn ?? undefined, repeat };
  }
  const completedConfigurationId = body.completedConfigurationId ?? undefined;
  return scheduleType === "WhenSpecificMigrationCompleted"
    ? { ...common, completedConfigurationId }
    : { ...common, completedConfigurationId, completedPercent: body.completedPercent ?? undefined };
}

function scheduleModel(ctx: CloudMContext, s: FullSchedule) {
  const batch = ctx.state.batches.get(s.configurationId);
  if (batch) advance(ctx.state, batch, ctx.clock.now());
  const migrating = batch ? [...batch.items.values()].filter((i) => i.migrate).length : 0;
  const configurationErrors = !batch
    ? ["The batch no longer exists"]
    : migrating === 0
      ? ["The batch has no migration items with migrate=true"]
      : [];
  return {
    scheduleId: s.scheduleId,
    configurationId: s.configurationId,
    isScheduled: s.status === "Scheduled",
    scheduledOn: s.scheduleOn,
    nextRunOn: s.nextRunOn,
    scheduleType: enumValue("ScheduleType", s.scheduleType),
    repeatType: enumValue("ScheduleRepeatType", s.repeat),
    completedConfigurationId: s.completedConfigurationId,
    completedPercent: s.completedPercent,
    migrationMode: enumValue("MigrationMode", s.mode),
    scheduleStatus: enumValue("ScheduleStatus", s.status),
    readyForScheduling: configurationErrors.length === 0,
    configurationErrors,
    itemCount: batch?.items.size ?? 0,
    migrationInProgress: batch ? isActive(batch) : false,
    createdOn: s.createdOn,
    timesRun: s.firedCount,
    lastRun: s.lastOutcome && {
      runOn: s.lastOutcome.firedOn,
      started: s.lastOutcome.result === "Started",
      message: s.lastOutcome.message,
    },
  };
}

export function scheduleRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const create = full.handler("POST", `${BASE}/schedule-migration`);
  const list = full.handler("GET", BASE);
  const get = full.handler("GET", `${BASE}/{scheduleId}`);
  const cancel = full.handler("POST", `${BASE}/cancel`);
  const cancelBody = z.object({ scheduleId: guid });
  return [
    action(
      "POST",
      `${BASE}/schedule-migration`,
      {
        operationId: "ScheduleMigration_ScheduleMigration",
        summary:
          "Schedule a batch's run: at a date (DateTime, optionally repeating), when another batch completes, or when it reaches completedPercent",
        body: { schema: "ScheduleMigrationParameters" },
        reply: { status: 201, description: "Scheduled", envelope: "ScheduleMigrationModel", location: true },
        problems: [404],
      },
      async (request): Promise<SimResponse> => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], scheduleBody);
        if (!parsed.ok) return parsed.response;
        const answer = await callFull(
          create,
          forward(request, { json: fullBody(parsed.value) }),
          fullSchedule,
        );
        if (!answer.ok) return translatedProblem(answer.response, NAMES);
        return created(
          scheduleModel(ctx, answer.value),
          `${BASE}/get-schedule?scheduleId=${answer.value.scheduleId}`,
        );
      },
    ),
    action(
      "GET",
      `${BASE}/get-schedules`,
      {
        operationId: "ScheduleMigration_GetSchedules",
        summary: "Schedules, oldest first; only those that start one batch with configurationId",
        query: [
          { name: "configurationId", type: "uuid", description: "the batch the schedules start" },
          ...ITEMS_QUERY,
        ],
        reply: {
          status: 200,
          description: "A page of schedules",
          envelope: "ScheduleMigrationModelPagedResult",
        },
        problems: [404],
      },
      async (request) => {
        const configurationId = optionalGuidQuery(request.query, "configurationId");
        if (!configurationId.ok) return configurationId.response;
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        const answer = await callFull(
          list,
          forward(request, { query: { configurationId: configurationId.value } }),
          z.array(fullSchedule),
        );
        if (!answer.ok) return answer.response;
        return ok(
          itemsPage(
            answer.value.map((s) => scheduleModel(ctx, s)),
            window.value,
          ),
        );
      },
    ),
    action(
      "GET",
      `${BASE}/get-schedule`,
      {
        operationId: "ScheduleMigration_GetSchedule",
        summary: "One schedule",
        query: [{ name: "scheduleId", type: "uuid", required: true, description: "the schedule" }],
        reply: { status: 200, description: "The schedule", envelope: "ScheduleMigrationModel" },
        problems: [404],
      },
      async (request) => {
        const scheduleId = guidQuery(request.query, "scheduleId");
        if (!scheduleId.ok) return scheduleId.response;
        const answer = await callFull(
          get,
          forward(request, { params: { scheduleId: scheduleId.value } }),
          fullSchedule,
        );
        return answer.ok ? ok(scheduleModel(ctx, answer.value)) : answer.response;
      },
    ),
    action(
      "POST",
      `${BASE}/cancel-schedule`,
      {
        operationId: "ScheduleMigration_CancelSchedule",
        summary: "Cancel a schedule (again is harmless); 409 when it already fired",
        body: { schema: "ScheduleIdParameters" },
        reply: { status: 204, description: "Cancelled" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], cancelBody);
        if (!parsed.ok) return parsed.response;
        const done = await writeFull(cancel, forward(request, { json: parsed.value }));
        return done.ok ? noContent() : done.response;
      },
    ),
  ];
}
