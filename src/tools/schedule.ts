/**
 * Scheduled batch runs: by date (optionally repeating), after another batch completes, or at its
 * percentage. A schedule as these tools show it is in schedule-view.ts.
 */
import { z } from "zod";
import { optional } from "../api/cloudm/client.js";
import {
  MIGRATION_MODES,
  SCHEDULE_REPEATS,
  type ScheduleMigrationRequest,
} from "../api/cloudm/schemas/index.js";
import { nameOrId, plainOrQuoted } from "../api/quoted.js";
import { statisticsLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool } from "./define.js";
import { refusedAs, ToolInputError } from "../views/input-error.js";
import { cursorInput, page } from "../views/paging.js";
import { orNotReported } from "../views/reported.js";
import {
  batchLabel,
  batchNames,
  modeOf,
  scheduleLine,
  scheduleOut,
  scheduleView,
  when,
} from "./schedule-view.js";
import { noteLine, readBackLines, readBackShape, writtenFields, writtenShape } from "./written.js";
import { idArgument } from "./ids.js";

/**
 * A moment with its time zone. Checked here rather than as a JSON Schema pattern (a full ISO 8601
 * pattern costs ~100 tokens in every tools/list), and sent upstream normalised to UTC.
 */
const dateTime = z
  .string()
  .refine(
    (v) => /T.+(Z|[+-]\d\d:?\d\d)$/i.test(v) && !Number.isNaN(Date.parse(v)),
    "Expected an ISO 8601 date-time with a time zone, e.g. 2026-06-01T22:00:00Z",
  )
  .meta({ format: "date-time" });

type ScheduleArgs = {
  configurationId: string;
  scheduleOn?: string | undefined;
  repeat?: (typeof SCHEDULE_REPEATS)[number] | undefined;
  completedConfigurationId?: string | undefined;
  completedPercent?: number | undefined;
  mode?: (typeof MIGRATION_MODES)[number] | undefined;
};

/** The wire body for the arguments: the trigger follows from which fields are given. */
function toRequest(args: ScheduleArgs): ScheduleMigrationRequest {
  const mode = args.mode ? { mode: args.mode } : {};
  if ((args.scheduleOn === undefined) === (args.completedConfigurationId === undefined))
    throw new ToolInputError(
      "Give exactly one of scheduleOn (a date-time) or completedConfigurationId (the batch to wait for).",
    );
  if (args.scheduleOn !== undefined) {
    if (args.completedPercent !== undefined)
      throw new ToolInputError("completedPercent needs completedConfigurationId, not scheduleOn.");
    return {
      configurationId: args.configurationId,
      scheduleType: "DateTime",
      scheduleOn: new Date(Date.parse(args.scheduleOn)).toISOString(),
      ...(args.repeat ? { repeat: args.repeat } : {}),
      ...mode,
    };
  }
  if (args.repeat !== undefined && args.repeat !== "Disabled")
    throw new ToolInputError("repeat applies only to scheduleOn schedules; leave it out.");
  const trigger = args.completedConfigurationId ?? "";
  return args.completedPercent === undefined
    ? {
        configurationId: args.configurationId,
        scheduleType: "WhenSpecificMigrationCompleted",
        completedConfigurationId: trigger,
        ...mode,
      }
    : {
        configurationId: args.configurationId,
        scheduleType: "WhenSpecificMigrationPercentCompleted",
        completedConfigurationId: trigger,
        completedPercent: args.completedPercent,
        ...mode,
      };
}

export const scheduleTools = [
  defineTool({
    name: "schedule_migration",
    title: "Schedule migration",
    description:
      "Schedule a batch run at scheduleOn (optionally repeating), or when batch completedConfigurationId completes or passes completedPercent. Asks for confirmation.",
    toolset: "schedule",
    endpoints: ["getBatch", "listSchedules", "createSchedule"],
    input: {
      configurationId,
      scheduleOn: dateTime.optional().describe("ISO 8601 with zone, e.g. 2026-06-01T22:00:00Z"),
      repeat: z.enum(SCHEDULE_REPEATS).optional().describe("With scheduleOn; default Disabled"),
      completedConfigurationId: configurationId.optional().describe("Start after this batch's run"),
      completedPercent: z.number().int().min(1).max(99).optional().describe("...once it passes this %"),
      mode: z.enum(MIGRATION_MODES).optional().describe("Default StartMigration"),
    },
    output: { schedule: scheduleOut.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    example: { configurationId: "{configurationId}", scheduleOn: "2099-01-01T00:00:00Z" },
    preview: async (args, ctx) => {
      const body = toRequest(args);
      const triggerId = body.scheduleType === "DateTime" ? undefined : body.completedConfigurationId;
      const triggerFacts = triggerId
        ? await ctx.cloudm
            .batchFacts(triggerId, ctx.signal)
            .catch(refusedAs("completedConfigurationId", "configurationId", "the batch to wait for"))
        : undefined;
      // Say which argument holds the unknown id: there are two batch ids here. A route the instance
      // lacks is not the caller's to fix: the preview goes on without the trigger's facts.
      if (triggerFacts && !triggerFacts.ok && !triggerFacts.routeMissing)
        throw new ToolInputError(
          `completedConfigurationId: no batch '${triggerId}'; get_project lists a project's batches.`,
        );
      const trigger = triggerFacts?.ok ? triggerFacts.value : undefined;
      const [facts, existing] = await Promise.all([
        ctx.cloudm.batchFacts(args.configurationId, ctx.signal),
        ctx.cloudm.schedules.list(args.configurationId, ctx.signal),
      ]);
      const batch = facts.ok ? facts.value : { batchName: args.configurationId, itemCount: undefined };
      const armed = existing.filter((s) => s.isScheduled === true).length;
      const mode = body.mode ?? "StartMigration";
      const users =
        batch.itemCount === undefined ? "number of users not reported" : `${batch.itemCount} users`;
      return {
        summary: `Run ${mode} on batch ${nameOrId(facts.ok ? facts.value.batchName : undefined, args.configurationId)} (${users}) ${when(body, trigger?.batchName)}`,
        details: {
          mode,
          effect:
            mode === "CheckUsersOnly"
              ? "checks destination users; moves no data"
              : "starts work unattended; new destination users each consume a licence",
          ...(trigger
            ? {
                waitsFor: `${nameOrId(trigger.batchName, trigger.configurationId)} (${trigger.state ?? "unknown"})`,
              }
            : {}),
          ...(facts.ok ? {} : { couldNotRead: [`the batch's record (${facts.reason})`] }),
          ...(armed > 0 ? { alreadyScheduled: `${armed} other schedule(s) for this batch` } : {}),
        },
        stable: {
          batchName: batch.batchName,
          users: batch.itemCount,
          trigger:
            trigger?.configurationId ??
            (body.scheduleType === "DateTime" ? undefined : body.completedConfigurationId),
        },
      };
    },
    handler: async (args, ctx) => {
      const body = toRequest(args);
      const written = await ctx.cloudm.schedules.create(body, ctx.signal);
      const s = written.value ? scheduleView(written.value) : undefined;
      const text = s
        ? `Scheduled ${orNotReported(s.scheduleId, "(id not reported)", plainOrQuoted)}: ${s.mode ?? body.mode ?? "StartMigration"} ${when(s)}. See it with list_schedules; cancel_schedule removes it.`
        : `Scheduled ${body.mode ?? "StartMigration"} of batch ${args.configurationId} ${when(body)}. The answer did not carry the new schedule's id: list_schedules with this configurationId shows it; cancel_schedule removes it.`;
      return {
        structured: { ...(s ? { schedule: s } : {}), ...writtenFields(written) },
        content: [statisticsLink(args.configurationId)],
        text: `${text}${noteLine(written)}`,
      };
    },
  }),
  defineTool({
    name: "list_schedules",
    title: "List schedules",
    description:
      "List scheduled runs (of one batch, or all): trigger, status, next run and the last firing's outcome.",
    toolset: "schedule",
    endpoints: ["listSchedules", "getBatch"],
    input: { configurationId: configurationId.optional(), cursor: cursorInput },
    output: { schedules: z.array(scheduleOut), nextCursor: z.string().optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { configurationId: "{configurationId}" },
    handler: async (args, ctx) => {
      const all = (await ctx.cloudm.schedules.list(args.configurationId, ctx.signal)).map(scheduleView);
      const { items, nextCursor } = page(all, args.cursor, 50);
      const names = await batchNames(items, ctx);
      return {
        structured: { schedules: items, ...(nextCursor ? { nextCursor } : {}) },
        text:
          items.length === 0
            ? "No schedules. Create one with schedule_migration."
            : `${items.map((s) => scheduleLine(s, names)).join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "cancel_schedule",
    title: "Cancel schedule",
    description:
      "Cancel a schedule so it never fires again (scheduleId from list_schedules). Asks for confirmation.",
    toolset: "schedule",
    endpoints: ["getSchedule", "getBatch", "cancelSchedule"],
    input: { scheduleId: idArgument("From list_schedules") },
    output: { schedule: scheduleOut.optional(), ...readBackShape, ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { scheduleId: "{scheduleId}" },
    preview: async (args, ctx) => {
      const record = await ctx.cloudm.schedules.get(args.scheduleId, ctx.signal);
      const s = scheduleView(record);
      // A fired or cancelled schedule (perhaps of a deleted batch) needs no batch name to say so.
      const facts =
        record.isScheduled === true && s.configurationId
          ? await ctx.cloudm.batchFacts(s.configurationId, ctx.signal)
          : undefined;
      const name = facts?.ok ? facts.value.batchName : undefined;
      const target = batchLabel(name, s.configurationId, "batch (not reported)");
      return {
        summary: `Cancel the ${modeOf(s)} schedule of ${target} ${when(s)} (${s.status})`,
        details: {
          status: s.status,
          ...(s.nextRunOn ? { nextRunOn: plainOrQuoted(s.nextRunOn) } : {}),
          firedCount: s.firedCount ?? "not reported",
        },
        // Firing in between changes what is cancelled: a new preview is needed then.
        stable: { status: s.status, nextRunOn: s.nextRunOn, firedCount: s.firedCount },
      };
    },
    handler: async (args, ctx) => {
      const api = ctx.cloudm.schedules;
      const written = await api.cancel(args.scheduleId, ctx.signal);
      // Cancelled either way; reading it back shows whether the instance still means to fire it.
      const back = await optional(api.get(args.scheduleId, ctx.signal));
      const record = back.ok ? back.value : written.value;
      const s = record ? scheduleView(record) : undefined;
      const notApplied =
        back.ok && back.value.isScheduled === true
          ? [{ setting: "status", asked: "Cancelled", instanceHas: s?.status ?? "scheduled" }]
          : [];
      const head = s
        ? `Schedule ${args.scheduleId} is ${s.status}.`
        : `Schedule ${args.scheduleId} cancelled.`;
      const unread = back.ok ? "" : `\nNot read back (${back.reason}): its status could not be confirmed.`;
      return {
        structured: {
          ...(s ? { schedule: s } : {}),
          ...(notApplied.length > 0 ? { notApplied } : {}),
          ...writtenFields(written),
        },
        text: `${head}${readBackLines({ notApplied, unverified: [] })}${unread}${noteLine(written)}`,
      };
    },
  }),
];
