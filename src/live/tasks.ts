/**
 * Long jobs run as tasks (the 2026-07-28 tasks extension, `io.modelcontextprotocol/tasks`): the call
 * answers with a task handle at once, this replica follows the job to its end, and the caller reads
 * the outcome with tasks/get on any replica. A task's record lives in the fleet store (Redis with
 * replicas, this process's own without); the replica that follows the job rewrites it as it goes, so
 * a record whose follower stopped writing is reported failed rather than working for ever.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { FleetStore } from "../fleet/store.js";

export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

type TaskStatus = "working" | "completed" | "failed" | "cancelled";

/** A JSON-RPC error, for a task that ended in one. */
interface TaskError {
  code: number;
  message: string;
}

/** The task as the extension's tasks/get shows it (the DetailedTask of its status). */
interface TaskView {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number;
  pollIntervalMs: number;
  result?: Record<string, unknown>;
  error?: TaskError;
}

interface TaskRecord {
  view: TaskView;
  /** Only this caller may read or cancel the task. */
  principal: string;
  /** When the follower last wrote: a working record that stops being rewritten lost its replica. */
  heartbeatAt: number;
  /** What goes on upstream if nobody follows the job any more (said on cancel, shutdown, a lost replica). */
  leftRunning: string;
  /** What each status message starts with: "[SIMULATOR] " on the simulator. */
  label: string;
}

export interface TaskJob {
  principal: string;
  pollIntervalMs: number;
  /** The seed status message ("Started StartMigration (Processing)"). */
  statusMessage: string;
  leftRunning: string;
  label: string;
  /**
   * Follows the job to its end; its result is the task's. `signal` aborts on tasks/cancel and on
   * shutdown; `report` updates the status message as the job moves.
   */
  follow: (signal: AbortSignal, report: (message: string) => void) => Promise<Record<string, unknown>>;
}

interface TaskLimits {
  /** How long a record is kept after its last change. */
  keepMs: number;
  /** How often a follower rewrites its record. */
  heartbeatMs: number;
  /** Jobs one replica follows at once; past it, calls are answered as for a client without tasks. */
  maxFollowed: number;
}

const TASK_LIMITS: TaskLimits = { keepMs: 24 * 60 * 60_000, heartbeatMs: 10_000, maxFollowed: 200 };

/** Missed heartbeats after which a working record counts as abandoned. */
const LOST_AFTER_BEATS = 3;

interface Following {
  record: TaskRecord;
  abort: AbortController;
}

export class TaskRegistry {
  /** The tasks this replica follows, with their freshest state. */
  private readonly following = new Map<string, Following>();
  /** Each follower's run, until its end is stored. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly fleet: FleetStore,
    private readonly shutdown: AbortSignal,
    private readonly logger: Logger,
    private readonly limits: TaskLimits = TASK_LIMITS,
  ) {}

  /** Whether this replica may follow one more job (each polls its upstream until it ends). */
  hasRoom(): boolean {
    return this.following.size < this.limits.maxFollowed;
  }

  /** Creates the task, durably (a tasks/get on any replica finds it), and starts following the job. */
  async begin(job: TaskJob): Promise<TaskView> {
    const now = new Date().toISOString();
    const record: TaskRecord = {
      view: {
        taskId: randomUUID(),
        status: "working",
        statusMessage: `${job.label}${job.statusMessage}`,
        createdAt: now,
        lastUpdatedAt: now,
        ttlMs: this.limits.keepMs,
        pollIntervalMs: job.pollIntervalMs,
      },
      principal: job.principal,
      heartbeatAt: Date.now(),
      leftRunning: job.leftRunning,
      label: job.label,
    };
    await this.save(record);
    const abort = new AbortController();
    this.following.set(record.view.taskId, { record, abort });
    const run = this.run(record, abort, job).finally(() => this.running.delete(run));
    this.running.add(run);
    return { ...record.view };
  }

  /**
   * Resolves once every task this replica follows has stored its end; after the shutdown signal
   * that is "failed", saying the job goes on upstream. Awaited before the fleet store closes: a
   * record left `working` would be read on the other replicas as a replica lost, and only later.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Undefined for a task this caller cannot see: another caller's is as unknown as one that never was. */
  async get(taskId: string, principal: string): Promise<TaskView | undefined> {
    const record = await this.find(taskId, principal);
    if (!record) return undefined;
    if (
      record.view.status === "working" &&
      !this.following.has(taskId) &&
      Date.now() - record.heartbeatAt > LOST_AFTER_BEATS * this.limits.heartbeatMs
    ) {
      return this.viewOf(record, "failed", {
        statusMessage: said(record, `The server replica following this task stopped. ${record.leftRunning}`),
        error: { code: -32603, message: "The replica following this task stopped before the job ended" },
      });
    }
    return { ...record.view };
  }

  /** Stops following the job (it goes on upstream); the task ends cancelled. False when unknown. */
  async cancel(taskId: string, principal: string): Promise<boolean> {
    const record = await this.find(taskId, principal);
    if (!record) return false;
    if (record.view.status !== "working") return true;
    const cancelled = this.ended(record, "cancelled", { statusMessage: cancelledMessage(record) });
    const local = this.following.get(taskId);
    if (local) this.stopFollowing(local, cancelled);
    // Another replica follows it: it reads this at its next heartbeat and stops.
    else await this.save(cancelled);
    return true;
  }

  /** tasks/update: this server never asks for input during a task, so there is nothing to apply. */
  async acknowledge(taskId: string, principal: string): Promise<boolean> {
    return (await this.find(taskId, principal)) !== undefined;
  }

  private async run(record: TaskRecord, abort: AbortController, job: TaskJob): Promise<void> {
    const taskId = record.view.taskId;
    const signal = AbortSignal.any([abort.signal, this.shutdown]);
    const beat = setInterval(() => void this.heartbeat(taskId), this.limits.heartbeatMs);
    beat.unref();
    let ended: TaskRecord;
    try {
      const result = await job.follow(signal, (update) => {
        const message = said(record, update);
        const following = this.following.get(taskId);
        if (following?.record.view.status !== "working" || following.record.view.statusMessage === message)
          return;
        const view = {
          ...following.record.view,
          statusMessage: message,
          lastUpdatedAt: new Date().toISOString(),
        };
        following.record = { ...following.record, view };
      });
      ended = this.ended(record, "completed", { statusMessage: statusOf(result), result });
    } catch (error) {
      ended = abort.signal.aborted
        ? this.ended(record, "cancelled", { statusMessage: cancelledMessage(record) })
        : this.shutdown.aborted
          ? this.ended(record, "failed", {
              statusMessage: said(record, `The server shut down before the job ended. ${record.leftRunning}`),
              error: { code: -32603, message: "The server shut down before the job ended" },
            })
          : this.ended(record, "failed", {
              statusMessage: said(record, "The server failed while following the job."),
              error: { code: -32603, message: (error as Error).message },
            });
      if (ended.view.status === "failed" && !this.shutdown.aborted)
        this.logger.error({ err: error, taskId }, "task follower failed");
    } finally {
      clearInterval(beat);
    }
    // A cancel already shown, here or by another replica, stands: a task once cancelled stays so.
    const following = this.following.get(taskId);
    const stored = await this.load(taskId).catch(() => undefined);
    if (following?.record.view.status === "cancelled") ended = following.record;
    else if (stored?.view.status === "cancelled") ended = stored;
    // Reads on this replica see the end from now on, before the store has it.
    if (following) following.record = ended;
    await this.save(ended).catch((error: unknown) =>
      this.logger.warn({ err: error, taskId }, "could not store a task's end"),
    );
    this.following.delete(taskId);
  }

  private async heartbeat(taskId: string): Promise<void> {
    const stored = await this.load(taskId).catch(() => undefined);
    const following = this.following.get(taskId);
    if (!following) return;
    if (stored?.view.status === "cancelled") {
      this.stopFollowing(following, stored);
      return;
    }
    following.record = { ...following.record, heartbeatAt: Date.now() };
    await this.save(following.record).catch(() => undefined);
  }

  /** Reads on this replica show `cancelled` at once; the follower's unwinding stores it. */
  private stopFollowing(following: Following, cancelled: TaskRecord): void {
    following.record = cancelled;
    following.abort.abort(new TaskCancelled());
  }

  private ended(record: TaskRecord, status: TaskStatus, fields: Partial<TaskView>): TaskRecord {
    return { ...record, view: this.viewOf(record, status, fields), heartbeatAt: Date.now() };
  }

  private viewOf(record: TaskRecord, status: TaskStatus, fields: Partial<TaskView>): TaskView {
    const now = new Date();
    return {
      ...record.view,
      ...fields,
      status,
      lastUpdatedAt: now.toISOString(),
      // Kept for keepMs after this change: the TTL from creation grows with the task's life.
      ttlMs: now.getTime() - Date.parse(record.view.createdAt) + this.limits.keepMs,
    };
  }

  private async find(taskId: string, principal: string): Promise<TaskRecord | undefined> {
    const local = this.following.get(taskId)?.record;
    const record = local ? await this.withCancelFromElsewhere(local) : await this.load(taskId);
    return record?.principal === principal ? record : undefined;
  }

  /** A cancel another replica stored stands, though this follower reads it only at its next heartbeat. */
  private async withCancelFromElsewhere(local: TaskRecord): Promise<TaskRecord> {
    if (local.view.status !== "working") return local;
    const stored = await this.load(local.view.taskId).catch(() => undefined);
    return stored?.view.status === "cancelled" ? stored : local;
  }

  private async load(taskId: string): Promise<TaskRecord | undefined> {
    const raw = await this.fleet.getRecord(`task:${taskId}`);
    return raw === undefined ? undefined : (JSON.parse(raw) as TaskRecord);
  }

  private save(record: TaskRecord): Promise<void> {
    return this.fleet.putRecord(`task:${record.view.taskId}`, JSON.stringify(record), this.limits.keepMs);
  }
}

class TaskCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

const said = (record: TaskRecord, message: string) => `${record.label}${message}`;

function cancelledMessage(record: TaskRecord): string {
  return said(record, `Cancelled: the server stopped following the job. ${record.leftRunning}`);
}

/** The first line of the result's text (labelled already), as the completed task's summary. */
function statusOf(result: Record<string, unknown>): string | undefined {
  const content = result.content;
  const first = Array.isArray(content)
    ? (content[0] as { type?: string; text?: string } | undefined)
    : undefined;
  return first?.type === "text" ? first.text?.split("\n")[0] : undefined;
}
