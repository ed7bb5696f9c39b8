/**
 * A schedule as the schedule tools show it: its output, its trigger in words ("when batch "Wave 1"
 * completes"), and its line in a list with the names of the batches it runs and waits for.
 */
import { z } from "zod";
import type { ScheduleRecord } from "../api/cloudm/schemas/index.js";
import { nameOrId, plainOrQuoted, quoted } from "../api/quoted.js";
import { defined, enumLabel, enumLabelIfReported, orNotReported } from "../views/reported.js";
import type { ToolContext } from "./define.js";

// What a schedule says, each field optional but the two always worded: its type and where it stands.
export const scheduleOut = z.object({
  scheduleId: z.string().optional(),
  configurationId: z.string().optional(),
  scheduleType: z
    .string()
    .describe("DateTime, WhenSpecificMigration…; 'unknown' or 'not understood (…)' otherwise"),
  mode: z.string().optional(),
  scheduleOn: z.string().optional(),
  repeat: z.string().optional(),
  completedConfigurationId: z.string().optional(),
  completedPercent: z.number().optional(),
  status: z
    .string()
    .describe("Scheduled, Fired, Cancelled …, 'not scheduled'; 'unknown' or 'not understood (…)' otherwise"),
  nextRunOn: z.string().optional(),
  firedCount: z.number().optional(),
  lastOutcome: z
    .object({ firedOn: z.string().optional(), result: z.string().optional(), message: z.string().optional() })
    .optional(),
});
type ScheduleOut = z.infer<typeof scheduleOut>;

/** Where a schedule stands: its status, else CloudM's `isScheduled`, else the value not understood or unknown. */
const statusOf = (s: ScheduleRecord) =>
  s.status ??
  (s.isScheduled === true
    ? "Scheduled"
    : s.isScheduled === false
      ? "not scheduled"
      : enumLabel(undefined, s.statusReported));

export function scheduleView(s: ScheduleRecord): ScheduleOut {
  return defined({
    scheduleId: s.scheduleId,
    configurationId: s.configurationId,
    scheduleType: enumLabel(s.scheduleType, s.scheduleTypeReported),
    mode: enumLabelIfReported(s.mode, s.modeReported),
    scheduleOn: s.scheduleOn,
    repeat: enumLabelIfReported(s.repeat, s.repeatReported),
    completedConfigurationId: s.completedConfigurationId,
    completedPercent: s.completedPercent,
    status: statusOf(s),
    nextRunOn: s.nextRunOn,
    firedCount: s.firedCount,
    lastOutcome: s.lastOutcome ? defined({ ...s.lastOutcome }) : undefined,
  });
}

type Trigger = {
  scheduleType?: string | undefined;
  scheduleOn?: string | undefined;
  repeat?: string | undefined;
  completedConfigurationId?: string | undefined;
  completedPercent?: number | undefined;
};

/** `batch "Wave 1"`, or the batch's id when its name is not known, or `missing` when neither is. */
export const batchLabel = (name: string | undefined, id: string | undefined, missing: string) =>
  name === undefined && id === undefined ? missing : `batch ${nameOrId(name, id ?? "")}`;

export function when(s: Trigger, triggerName?: string): string {
  const trigger = batchLabel(triggerName, s.completedConfigurationId, "a batch not reported");
  if (s.scheduleType === "WhenSpecificMigrationCompleted") return `when ${trigger} completes`;
  if (s.scheduleType === "WhenSpecificMigrationPercentCompleted")
    return `when ${trigger} passes ${s.completedPercent === undefined ? "a percentage not reported" : `${s.completedPercent}%`}`;
  if (s.scheduleType !== "DateTime" && s.scheduleOn === undefined)
    return `on a trigger of type ${s.scheduleType ?? "unknown"}`;
  const repeat = s.repeat && s.repeat !== "Disabled" ? `, repeating ${s.repeat}` : "";
  return `at ${orNotReported(s.scheduleOn, "(time not reported)", plainOrQuoted)}${repeat}`;
}

/** The run a schedule starts, in its own words; left out by an instance, it is not guessed. */
export const modeOf = (s: ScheduleOut) => s.mode ?? "run (mode not reported)";

export function scheduleLine(s: ScheduleOut, names: ReadonlyMap<string, string>): string {
  const next = s.nextRunOn ? `, next ${plainOrQuoted(s.nextRunOn)}` : "";
  const outcome = s.lastOutcome;
  const last = outcome
    ? `; last fired ${orNotReported(outcome.firedOn, "(date not reported)", plainOrQuoted)}: ${orNotReported(outcome.message ?? outcome.result, "(outcome not reported)", quoted)}`
    : "";
  const batch = s.configurationId ? names.get(s.configurationId) : undefined;
  const trigger = s.completedConfigurationId ? names.get(s.completedConfigurationId) : undefined;
  return `- ${orNotReported(s.scheduleId, "(id not reported)", plainOrQuoted)} ${modeOf(s)} of ${batchLabel(batch, s.configurationId, "batch (not reported)")} ${when(s, trigger)}: ${s.status}${next}${last}`;
}

/** The most batch records one listing reads for names; past it, batches are named by id. */
const NAMES_READ_MAX = 10;

/** Names of the batches a page of schedules runs or waits for, read leniently (an id when unknown). */
export async function batchNames(
  schedules: readonly ScheduleOut[],
  ctx: ToolContext,
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      schedules.flatMap((s) => [s.configurationId ?? "", s.completedConfigurationId ?? ""]).filter(Boolean),
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
