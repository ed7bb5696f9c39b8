/** Pre-migration readiness checks: each check's outcome and what to fix, before a run starts. */
import { z } from "zod";
import type { Written } from "../api/cloudm/client.js";
import type { ReadinessRunRecord } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { followReadiness, isReadinessRunning, readReadinessRun } from "../insight/readiness-follow.js";
import { checkAgain } from "../views/check-again.js";
import { ToolInputError } from "../views/input-error.js";
import { defined, enumLabel, orNotReported } from "../views/reported.js";
import { projectLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool, type ToolContext } from "./define.js";
import { pollUntilSettled } from "./poll.js";
import { projectId } from "./projects.js";
import { noteLine, writtenFields, writtenShape } from "./written.js";
import { idArgument } from "./ids.js";

const WAIT_DEFAULT_SECONDS = 20;
/** Problems first, so a cut-off reader still sees what to fix; a status not understood goes last. */
const ORDER: Record<string, number> = { Failed: 0, Warning: 1, Info: 2, Success: 3 };

const testOut = z.object({
  id: z.string().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  status: z.string().describe("Info, Success, Warning, Failed; 'unknown' or 'not understood (…)' otherwise"),
});

/** The checks, problems first, one line each. */
function testLines(run: ReadinessRunRecord): string[] {
  const tests = [...run.tests].sort((a, b) => (ORDER[a.status ?? ""] ?? 9) - (ORDER[b.status ?? ""] ?? 9));
  return tests.map(
    (t) =>
      `- ${enumLabel(t.status, t.statusReported)} ${t.title !== undefined ? quoted(t.title) : orNotReported(t.id, "(check not named)", plainOrQuoted)}: ${orNotReported(t.message, "(no message)", quoted)}`,
  );
}

function headline(run: ReadinessRunRecord, done: boolean): string {
  const status = enumLabel(run.status, run.statusReported);
  const resume = run.readinessId
    ? checkAgain("readiness", `run_readiness_checks and readinessId ${quoted(run.readinessId)}`)
    : "";
  if (!done)
    return run.status === undefined
      ? `Readiness ${orNotReported(run.readinessId, "", plainOrQuoted)}: the instance's status (${status}) was not understood, so whether the checks are done is unknown.${resume}`
      : `Readiness ${orNotReported(run.readinessId, "", plainOrQuoted)} is still ${status}.${resume}`;
  return run.status === "ConfigurationChanged"
    ? "The configuration changed since these checks ran; run them again without readinessId."
    : `Readiness: ${status}.`;
}

const testsOut = (run: ReadinessRunRecord | undefined) =>
  (run?.tests ?? []).map((t) =>
    defined({ id: t.id, title: t.title, message: t.message, status: enumLabel(t.status, t.statusReported) }),
  );

type ReadinessArgs = {
  projectId: string;
  configurationId?: string | undefined;
  readinessId?: string | undefined;
};

const sameId = (a: string | undefined, b: string | undefined) =>
  (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/**
 * A run resumed by readinessId must be the one for the project (and batch) the caller names, as far as
 * its answer says: a project or batch it does not report cannot be checked, and is not held against it.
 */
function sameTarget(run: ReadinessRunRecord, readinessId: string, args: ReadinessArgs) {
  if (run.projectId !== undefined && !sameId(run.projectId, args.projectId))
    throw new ToolInputError(
      `readinessId: run ${readinessId} checks project ${plainOrQuoted(run.projectId)}, not projectId ${args.projectId}; pass the projectId it was started for, or leave readinessId out to start checks for this project.`,
    );
  const other = run.configurationId !== undefined || run.wholeProject;
  if (args.configurationId !== undefined && other && !sameId(run.configurationId, args.configurationId))
    throw new ToolInputError(
      `readinessId: run ${readinessId} checks ${run.configurationId ? `batch ${plainOrQuoted(run.configurationId)}` : "the whole project"}, not configurationId ${args.configurationId}; leave readinessId out to start checks for that batch.`,
    );
  return run;
}

/** A run as last read, and the write that started it when this call did. */
interface Followed {
  run: ReadinessRunRecord | undefined;
  started: Written<ReadinessRunRecord | undefined> | undefined;
}

const readRun = (id: string, ctx: ToolContext) => readReadinessRun(ctx.cloudm, id, ctx.signal);

async function startOrResume(args: ReadinessArgs, ctx: ToolContext): Promise<Followed> {
  const resumeId = args.readinessId;
  if (resumeId) return { run: sameTarget(await readRun(resumeId, ctx), resumeId, args), started: undefined };
  const started = await ctx.cloudm.readiness.start(
    {
      projectId: args.projectId,
      ...(args.configurationId ? { configurationId: args.configurationId } : {}),
    },
    ctx.signal,
  );
  return { run: started.value, started };
}

const progressText = (run: ReadinessRunRecord) =>
  `${enumLabel(run.status, run.statusReported)}: ${run.tests.length} check(s) done`;

function readinessOutput(args: ReadinessArgs, { run, started }: Followed) {
  const written = started ? writtenFields(started) : {};
  const note = started ? noteLine(started) : "";
  const content = [projectLink(run?.projectId ?? args.projectId, "Checked project")];
  const completed = run !== undefined && !isReadinessRunning(run);
  const status = run ? enumLabel(run.status, run.statusReported) : "unknown";
  if (!run?.readinessId) {
    // Started (the instance answered 2xx), but with nothing to follow it by.
    const lines = run ? testLines(run) : [];
    return {
      structured: defined({ status, completed, tests: testsOut(run), ...written }),
      content,
      text:
        [
          `Readiness checks started (status ${status}), but the instance's answer carried no readinessId, so this server cannot follow them: their results show in the CloudM web UI.`,
          ...lines,
        ].join("\n") + note,
    };
  }
  return {
    structured: defined({
      readinessId: run.readinessId,
      status,
      completed,
      tests: testsOut(run),
      ...written,
    }),
    content,
    text: [headline(run, completed), ...testLines(run)].join("\n") + note,
  };
}

export const readinessTools = [
  defineTool({
    name: "run_readiness_checks",
    title: "Run readiness checks",
    description:
      "Run pre-migration checks for a project or one batch (connections, licences, volume cap, addresses, settings) and wait; each says what to fix.",
    toolset: "readiness",
    endpoints: ["startReadiness", "getReadiness"],
    input: {
      projectId,
      configurationId: configurationId.optional().describe("Only this batch of the project"),
      readinessId: idArgument("Resume waiting on a run already started").optional(),
      waitSeconds: z.number().int().min(1).max(45).optional().describe(`Default ${WAIT_DEFAULT_SECONDS}`),
    },
    output: {
      readinessId: z
        .string()
        .optional()
        .describe("Absent when the instance's answer carried none: the run cannot be followed then"),
      status: z
        .string()
        .describe("Completed, CompletedWithWarnings, Failed …; 'unknown' or 'not understood (…)' otherwise"),
      completed: z.boolean(),
      tests: z.array(testOut),
      ...writtenShape,
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { projectId: "{projectId}", waitSeconds: 2 },
    handler: async (args, ctx) => {
      const deadline = Date.now() + (args.waitSeconds ?? WAIT_DEFAULT_SECONDS) * 1000;
      const followed = await startOrResume(args, ctx);
      const run = await followReadiness(ctx, followed.run, deadline, (r) =>
        ctx.progress(r.tests.length, undefined, progressText(r)),
      );
      return readinessOutput(args, { ...followed, run });
    },
    task: {
      job: "readiness",
      start: async (args, ctx) => {
        const { run, started } = await startOrResume(args, ctx);
        const message = run?.readinessId
          ? `Readiness ${plainOrQuoted(run.readinessId)}: ${progressText(run)}.`
          : "Readiness checks started; the answer carried no readinessId, so they cannot be followed here.";
        return {
          message: `${message}${started ? noteLine(started) : ""}`,
          ...(run?.readinessId ? { jobId: run.readinessId } : {}),
        };
      },
      finish: async (args, ctx, started) => {
        const id = started.jobId;
        if (!id) return readinessOutput(args, { run: undefined, started: undefined });
        const run = await pollUntilSettled(
          () => readRun(id, ctx),
          isReadinessRunning,
          (r) => ctx.progress(r.tests.length, undefined, progressText(r)),
          ctx.signal,
        );
        return readinessOutput(args, { run, started: undefined });
      },
      leftRunning: "The checks go on upstream: run_readiness_checks with this readinessId reads them.",
    },
  }),
];
