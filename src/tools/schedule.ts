/** Scheduled batch runs: by date (optionally repeating), after another batch completes, or at its percentage. */
import { z } from "zod";
import {
  MIGRATION_MODES,
  SCHEDULE_REPEATS,
  type Schedule,
  type ScheduleMigrationRequest,
  schedule,
  scheduleOutcome,
} from "../api/cloudm/schemas/index.js";
import { statisticsLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool, type ToolContext } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { cursorInput, page } from "../views/paging.js";

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

// The wire schema's fields but createdOn, without pass-through: an output says only what it declares.
const scheduleOut = z.object(schedule.omit({ createdOn: true }).shape).extend({
  lastOutcome: z.object(scheduleOutcome.shape).nullable().optional(),
});
type ScheduleOut = z.infer<typeof scheduleOut>;

const KEYS = Object.keys(scheduleOut.shape) as Array<keyof ScheduleOut>;

/** Only the declared keys: a real instance's extra fields would fail the client's output check. */
function out(s: Schedule): ScheduleOut {
  const picked = Object.fromEntries(KEYS.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  const outcome = s.lastOutcome;
  return {
    ...(picked as ScheduleOut),
    ...(outcome
      ? { lastOutcome: { firedOn: outcome.firedOn, result: outcome.result, message: outcome.message } }
      : {}),
  };
}

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

type Trigger = Pick<
  ScheduleOut,
  "scheduleType" | "scheduleOn" | "repeat" | "completedConfigurationId" | "completedPercent"
>;

function when(s: Trigger, triggerName?: string): string {
  const trigger = `batch '${triggerName ?? s.completedConfigurationId ?? "?"}'`;
  if (s.scheduleType === "WhenSpecificMigrationCompleted") return `when ${trigger} completes`;
  if (s.scheduleType === "WhenSpecificMigrationPercentCompleted")
    return `when ${trigger} passes ${s.completedPercent ?? "?"}%`;
  const repeat = s.repeat && s.repeat !== "Disabled" ? `, repeating ${s.repeat}` : "";
  return `at ${s.scheduleOn ?? "?"}${repeat}`;
}

function line(s: ScheduleOut, names: ReadonlyMap<string, string>): string {
  const next = s.nextRunOn ? `, next ${s.nextRunOn}` : "";
  const last = s.lastOutcome ? `; last fired ${s.lastOutcome.firedOn}: ${s.lastOutcome.message}` : "";
  const batch = names.get(s.configurationId);
  const trigger = s.completedConfigurationId ? names.get(s.completedConfigurationId) : undefined;
  return `- ${s.scheduleId} ${s.mode ?? "StartMigration"} of batch ${batch ? `'${batch}'` : s.configurationId} ${when(s, trigger)}: ${s.status}${next}${last}`;
}

/** The most batch records one listing reads for names; past it, batches are named by id. */
const NAMES_READ_MAX = 10;

/** Names of the batches a page of schedules runs or waits for, read leniently (an id when unknown). */
async function batchNames(schedules: readonly ScheduleOut[], ctx: ToolContext): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      schedules.flatMap((s) => [s.configurationId, s.completedConfigurationId ?? ""]).filter(Boolean),
    ),
  ].slice(0, NAMES_READ_MAX);
  const facts = await Promise.all(ids.map((id) => ctx.cloudm.batchFacts(id, ctx.signal)));
  return new Map(
    ids.flatMap((id, i) => {
      const f = facts[i];
      return f?.ok && f.value.batchName ? [[id, f.value.batchName] as const] : [];
    }),
  );
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
    output: { schedule: scheduleOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    preview: async (args, ctx) => {
      const body = toRequest(args);
      const triggerId = body.scheduleType === "DateTime" ? undefined : body.completedConfigurationId;
      const triggerFacts = triggerId ? await ctx.cloudm.batchFacts(triggerId, ctx.signal) : undefined;
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
      const armed = existing.filter((s) => s.status === "Scheduled").length;
      const mode = body.mode ?? "StartMigration";
      return {
        summary: `Run ${mode} on batch '${batch.batchName}' (${batch.itemCount ?? "?"} users) ${when(body, trigger?.batchName)}`,
        details: {
          mode,
          effect:
            mode === "CheckUsersOnly"
              ? "checks destination users; moves no data"
              : "starts work unattended; new destination users each consume a licence",
          ...(trigger
            ? {
                waitsFor: `'${trigger.batchName ?? trigger.configurationId}' (${trigger.state ?? "unknown"})`,
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
      const s = out(await ctx.cloudm.schedules.create(toRequest(args), ctx.signal));
      return {
        structured: { schedule: s },
        content: [statisticsLink(s.configurationId)],
        text: `Scheduled ${s.scheduleId}: ${s.mode ?? "StartMigration"} ${when(s)}. See it with list_schedules; cancel_schedule removes it.`,
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
    handler: async (args, ctx) => {
      const all = (await ctx.cloudm.schedules.list(args.configurationId, ctx.signal)).map(out);
      const { items, nextCursor } = page(all, args.cursor, 50);
      const names = await batchNames(items, ctx);
      return {
        structured: { schedules: items, ...(nextCursor ? { nextCursor } : {}) },
        text:
          items.length === 0
            ? "No schedules. Create one with schedule_migration."
            : `${items.map((s) => line(s, names)).join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
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
    input: { scheduleId: z.string().min(1).describe("From list_schedules") },
    output: { schedule: scheduleOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    preview: async (args, ctx) => {
      const s = out(await ctx.cloudm.schedules.get(args.scheduleId, ctx.signal));
      // A fired or cancelled schedule (perhaps of a deleted batch) needs no batch name to say so.
      const facts =
        s.status === "Scheduled" ? await ctx.cloudm.batchFacts(s.configurationId, ctx.signal) : undefined;
      const name = facts?.ok ? facts.value.batchName : undefined;
      const target = name ? `batch '${name}'` : `batch ${s.configurationId}`;
      return {
        summary: `Cancel the ${s.mode ?? "StartMigration"} schedule of ${target} ${when(s)} (${s.status})`,
        details: {
          status: s.status,
          ...(s.nextRunOn ? { nextRunOn: s.nextRunOn } : {}),
          firedCount: s.firedCount ?? 0,
        },
        // Firing in between changes what is cancelled: a new preview is needed then.
        stable: { status: s.status, nextRunOn: s.nextRunOn, firedCount: s.firedCount },
      };
    },
    handler: async (args, ctx) => {
      const s = out(await ctx.cloudm.schedules.cancel(args.scheduleId, ctx.signal));
      return { structured: { schedule: s }, text: `Schedule ${s.scheduleId} is ${s.status}.` };
    },
  }),
];
