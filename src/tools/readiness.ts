/** Pre-migration readiness checks: each check's outcome and what to fix, before a run starts. */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { type ReadinessRun, readinessTest } from "../api/cloudm/schemas/index.js";
import { checkAgain } from "../views/check-again.js";
import { ToolInputError } from "../views/input-error.js";
import { projectLink } from "../views/uris.js";
import { configurationId } from "./batches.js";
import { defineTool, type ToolContext } from "./define.js";
import { pollUntilSettled } from "./poll.js";
import { projectId } from "./projects.js";

const WAIT_DEFAULT_SECONDS = 20;
const POLL_MS = 500;
const RUNNING = new Set(["None", "Pending", "InProgress", "Cancelling"]);
/** Problems first, so a cut-off reader still sees what to fix. */
const ORDER: Record<string, number> = { Failed: 0, Warning: 1, Info: 2, Success: 3 };

const testOut = z.object(readinessTest.shape);

function text(run: ReadinessRun, done: boolean): string {
  const head = !done
    ? `Readiness ${run.readinessId} is still ${run.status}.${checkAgain("readiness", `run_readiness_checks and readinessId "${run.readinessId}"`)}`
    : run.status === "ConfigurationChanged"
      ? "The configuration changed since these checks ran; run them again without readinessId."
      : `Readiness: ${run.status}.`;
  const tests = [...run.tests].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9));
  return [head, ...tests.map((t) => `- ${t.status} ${t.title}: ${t.message}`)].join("\n");
}

type ReadinessArgs = {
  projectId: string;
  configurationId?: string | undefined;
  readinessId?: string | undefined;
};

const sameId = (a: string | null | undefined, b: string | undefined) =>
  (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** A run resumed by readinessId must be the one for the project (and batch) the caller names. */
function sameTarget(run: ReadinessRun, args: ReadinessArgs) {
  if (!sameId(run.projectId, args.projectId))
    throw new ToolInputError(
      `readinessId: run ${run.readinessId} checks project ${run.projectId}, not projectId ${args.projectId}; pass the projectId it was started for, or leave readinessId out to start checks for this project.`,
    );
  if (args.configurationId !== undefined && !sameId(run.configurationId, args.configurationId))
    throw new ToolInputError(
      `readinessId: run ${run.readinessId} checks ${run.configurationId ? `batch ${run.configurationId}` : "the whole project"}, not configurationId ${args.configurationId}; leave readinessId out to start checks for that batch.`,
    );
  return run;
}

function startOrResume(args: ReadinessArgs, ctx: ToolContext): Promise<ReadinessRun> {
  const api = ctx.cloudm.readiness;
  return args.readinessId
    ? api.get(args.readinessId, ctx.signal).then((run) => sameTarget(run, args))
    : api.start(
        {
          projectId: args.projectId,
          ...(args.configurationId ? { configurationId: args.configurationId } : {}),
        },
        ctx.signal,
      );
}

const progressText = (run: ReadinessRun) => `${run.status}: ${run.tests.length} check(s) done`;

function readinessOutput(run: ReadinessRun) {
  const completed = !RUNNING.has(run.status);
  const tests = run.tests.map((t) => ({ id: t.id, title: t.title, message: t.message, status: t.status }));
  return {
    structured: { readinessId: run.readinessId, status: run.status, completed, tests },
    content: [projectLink(run.projectId, "Checked project")],
    text: text(run, completed),
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
      readinessId: z.string().optional().describe("Resume waiting on a run already started"),
      waitSeconds: z.number().int().min(1).max(45).optional().describe(`Default ${WAIT_DEFAULT_SECONDS}`),
    },
    output: {
      readinessId: z.string(),
      status: z.string(),
      completed: z.boolean(),
      tests: z.array(testOut),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      const api = ctx.cloudm.readiness;
      const deadline = Date.now() + (args.waitSeconds ?? WAIT_DEFAULT_SECONDS) * 1000;
      let run = await startOrResume(args, ctx);
      let reported = -1;
      while (RUNNING.has(run.status) && Date.now() < deadline && !ctx.shutdown.aborted) {
        if (run.tests.length > reported) {
          reported = run.tests.length;
          await ctx.progress(reported, undefined, progressText(run));
        }
        await sleep(POLL_MS, undefined, { signal: ctx.signal });
        run = await api.get(run.readinessId, ctx.signal);
      }
      return readinessOutput(run);
    },
    task: {
      job: "readiness",
      start: async (args, ctx) => {
        const run = await startOrResume(args, ctx);
        return { message: `Readiness ${run.readinessId}: ${progressText(run)}.`, jobId: run.readinessId };
      },
      finish: async (_args, ctx, started) => {
        const id = started.jobId ?? "";
        const run = await pollUntilSettled(
          () => ctx.cloudm.readiness.get(id, ctx.signal),
          (r) => RUNNING.has(r.status),
          (r) => ctx.progress(r.tests.length, undefined, progressText(r)),
          ctx.signal,
        );
        return readinessOutput(run);
      },
      leftRunning: "The checks go on upstream: run_readiness_checks with this readinessId reads them.",
    },
  }),
];
