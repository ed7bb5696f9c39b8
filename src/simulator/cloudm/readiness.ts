/**
 * Pre-migration readiness runs for a project or one of its batches. A run decides its checks
 * (readiness-checks.ts) when it starts and finishes them one by one on the simulated clock. A finished
 * run whose inputs have changed since reports ConfigurationChanged, as the product does, so stale
 * answers are never trusted.
 */
import { createHash } from "node:crypto";
import type { CloudMContext } from "./context.js";
import type { SimBatch, SimProject, SimReadiness, SimReadinessTest as Test } from "./model.js";
import { readinessTests } from "./readiness-checks.js";
import type { CloudMState } from "./state.js";
import type { ReadinessStatus } from "./wire/readiness.js";

const PENDING_MS = 500;
const TEST_MS = 400;

function scopedBatches(state: CloudMState, project: SimProject, configurationId: string | null): SimBatch[] {
  return [...state.batches.values()]
    .filter((b) => b.projectId === project.projectId)
    .filter((b) => configurationId === null || b.configurationId === configurationId)
    .sort((a, b) => a.createdOn - b.createdOn);
}

/** What the tests read, so a later change to it shows as ConfigurationChanged. */
function fingerprint(state: CloudMState, project: SimProject, configurationId: string | null): string {
  const connection = (id: number) => {
    const c = state.connections.get(id);
    return c ? [c.platform, c.connectionType, c.settings] : null;
  };
  const batches = scopedBatches(state, project, configurationId).map((b) => [
    b.configurationId,
    b.general,
    [...b.items.values()].map((i) => [
      i.exportName,
      i.importName,
      i.exportType,
      i.importType,
      i.migrate,
      i.flags,
    ]),
  ]);
  const json = JSON.stringify([
    connection(project.sourceConnectionId),
    connection(project.destinationConnectionId),
    batches,
  ]);
  return createHash("sha256").update(json).digest("base64url");
}

function overall(tests: Test[]): ReadinessStatus {
  if (tests.some((t) => t.status === "Failed")) return "Failed";
  return tests.some((t) => t.status === "Warning") ? "CompletedWithWarnings" : "Completed";
}

/** Starts a run over the project's batches, or over one of them (`configurationId`, already checked). */
export function startReadiness(
  ctx: CloudMContext,
  project: SimProject,
  configurationId: string | null,
): SimReadiness {
  const { state } = ctx;
  const now = ctx.clock.now();
  const run: SimReadiness = {
    readinessId: state.guid(),
    projectId: project.projectId,
    configurationId,
    startedAt: now,
    tests: readinessTests(ctx, project, scopedBatches(state, project, configurationId), now),
    fingerprint: fingerprint(state, project, configurationId),
  };
  state.readinessRuns.set(run.readinessId, run);
  return run;
}

/** Where a run is at the simulated now: its status, the tests finished so far, when it completed. */
export function readinessProgress(ctx: CloudMContext, run: SimReadiness) {
  const now = ctx.clock.now();
  const done = Math.max(0, Math.floor((now - run.startedAt - PENDING_MS) / TEST_MS));
  const finished = done >= run.tests.length;
  const project = ctx.state.projects.get(run.projectId);
  const changed =
    finished && (!project || fingerprint(ctx.state, project, run.configurationId) !== run.fingerprint);
  const status: ReadinessStatus =
    now < run.startedAt + PENDING_MS
      ? "Pending"
      : !finished
        ? "InProgress"
        : changed
          ? "ConfigurationChanged"
          : overall(run.tests);
  return {
    status,
    tests: run.tests.slice(0, done),
    completedAt: finished ? run.startedAt + PENDING_MS + run.tests.length * TEST_MS : null,
  };
}
