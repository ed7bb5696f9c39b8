/**
 * The task registry on its own: who may see a task, what replicas sharing one store see of each
 * other's tasks (a cancel on one stops the follower on the other; a follower that stops writing is
 * reported failed), and what a shutdown leaves.
 */
import { describe, expect, it } from "vitest";
import pino from "pino";
import { LocalFleetStore } from "../../src/fleet/store.js";
import { type TaskJob, TaskRegistry } from "../../src/live/tasks.js";

const logger = pino({ level: "silent" });
const FAST = { keepMs: 60_000, heartbeatMs: 100, maxFollowed: 2 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job that runs until released (or aborted), reporting one progress message. */
function heldJob(principal = "credential:a", label = "") {
  let release: (result: Record<string, unknown>) => void = () => undefined;
  let aborted: unknown;
  const job: TaskJob = {
    principal,
    pollIntervalMs: 1000,
    statusMessage: "Started.",
    leftRunning: "The run goes on upstream.",
    label,
    follow: (signal, report) =>
      new Promise((resolve, reject) => {
        report("Running: 1/3 users done");
        release = resolve;
        signal.addEventListener("abort", () => {
          aborted = signal.reason;
          reject(signal.reason);
        });
      }),
  };
  return { job, release: (r: Record<string, unknown>) => release(r), aborted: () => aborted };
}

/** A fleet store that a test can cut off, as a replica that died stops writing. */
class CutOffStore extends LocalFleetStore {
  cut = false;
  constructor(private readonly target: LocalFleetStore) {
    super();
  }
  override putRecord(key: string, value: string, ttlMs: number): Promise<void> {
    return this.cut ? Promise.reject(new Error("gone")) : this.target.putRecord(key, value, ttlMs);
  }
  override getRecord(key: string): Promise<string | undefined> {
    return this.target.getRecord(key);
  }
}

describe("TaskRegistry", () => {
  it("shows a task to its principal only, with the follower's latest message, then its result", async () => {
    const tasks = new TaskRegistry(new LocalFleetStore(), new AbortController().signal, logger, FAST);
    const held = heldJob();
    const created = await tasks.begin(held.job);
    expect(created).toMatchObject({ status: "working", statusMessage: "Started.", pollIntervalMs: 1000 });
    expect(await tasks.get(created.taskId, "credential:a")).toMatchObject({
      status: "working",
      statusMessage: "Running: 1/3 users done",
    });
    expect(await tasks.get(created.taskId, "credential:b")).toBeUndefined();
    expect(await tasks.cancel(created.taskId, "credential:b")).toBe(false);
    expect(await tasks.acknowledge(created.taskId, "credential:b")).toBe(false);
    expect(await tasks.get("no-such-task", "credential:a")).toBeUndefined();
    expect((await tasks.get(created.taskId, "credential:a"))?.status).toBe("working");

    held.release({ content: [{ type: "text", text: "Done: 3 users.\nmore" }] });
    await tasks.settled();
    const ended = await tasks.get(created.taskId, "credential:a");
    expect(ended).toMatchObject({ status: "completed", statusMessage: "Done: 3 users." });
    expect(ended?.result).toEqual({ content: [{ type: "text", text: "Done: 3 users.\nmore" }] });
    expect(ended?.ttlMs).toBeGreaterThanOrEqual(FAST.keepMs);
    // Cancelling a finished task changes nothing.
    await tasks.cancel(created.taskId, "credential:a");
    expect((await tasks.get(created.taskId, "credential:a"))?.status).toBe("completed");
  });

  it("has room for as many followed jobs as its limit, and again once one ends", async () => {
    const tasks = new TaskRegistry(new LocalFleetStore(), new AbortController().signal, logger, FAST);
    const [first, second] = [heldJob(), heldJob()];
    expect(tasks.hasRoom()).toBe(true);
    await tasks.begin(first.job);
    await tasks.begin(second.job);
    expect(tasks.hasRoom()).toBe(false);
    first.release({ content: [] });
    await expect.poll(() => tasks.hasRoom()).toBe(true);
  });

  it("stops the follower on another replica when a task is cancelled on this one", async () => {
    const store = new LocalFleetStore();
    const following = new TaskRegistry(store, new AbortController().signal, logger, FAST);
    const other = new TaskRegistry(store, new AbortController().signal, logger, FAST);
    const held = heldJob();
    const { taskId } = await following.begin(held.job);
    await other.cancel(taskId, "credential:a");
    expect(await other.get(taskId, "credential:a")).toMatchObject({
      status: "cancelled",
      statusMessage: expect.stringContaining("The run goes on upstream."),
    });
    // The follower reads the cancel at its next heartbeat, stops, and leaves the task cancelled.
    await expect.poll(() => held.aborted(), { timeout: 5_000 }).toBeDefined();
    expect((await following.get(taskId, "credential:a"))?.status).toBe("cancelled");
  });

  it("shows a cancel stored by another replica on the following one at once, before its next heartbeat", async () => {
    const store = new LocalFleetStore();
    const slowBeat = { ...FAST, heartbeatMs: 60_000 };
    const following = new TaskRegistry(store, new AbortController().signal, logger, slowBeat);
    const other = new TaskRegistry(store, new AbortController().signal, logger, slowBeat);
    const held = heldJob();
    const { taskId } = await following.begin(held.job);
    await other.cancel(taskId, "credential:a");
    expect((await following.get(taskId, "credential:a"))?.status).toBe("cancelled");
    // Its follower has not read the cancel yet: it stops at its heartbeat, a minute away.
    expect(held.aborted()).toBeUndefined();
  });

  it("shows a task cancelled on its own replica as cancelled as soon as the cancel returns", async () => {
    const tasks = new TaskRegistry(new LocalFleetStore(), new AbortController().signal, logger, FAST);
    const held = heldJob();
    const { taskId } = await tasks.begin(held.job);
    await tasks.cancel(taskId, "credential:a");
    expect(held.aborted()).toBeDefined();
    expect((await tasks.get(taskId, "credential:a"))?.status).toBe("cancelled");
    await tasks.settled();
    expect((await tasks.get(taskId, "credential:a"))?.status).toBe("cancelled");
  });

  it("keeps a task cancelled once it said so, though its job then ends without heeding the cancel", async () => {
    const tasks = new TaskRegistry(new LocalFleetStore(), new AbortController().signal, logger, FAST);
    let release: (result: Record<string, unknown>) => void = () => undefined;
    const { taskId } = await tasks.begin({
      ...heldJob().job,
      follow: () => new Promise((resolve) => (release = resolve)),
    });
    await tasks.cancel(taskId, "credential:a");
    release({ content: [{ type: "text", text: "Done." }] });
    await tasks.settled();
    expect((await tasks.get(taskId, "credential:a"))?.status).toBe("cancelled");
  });

  it("reports a task failed once the replica following it stops writing", async () => {
    const shared = new LocalFleetStore();
    const dying = new CutOffStore(shared);
    const follower = new TaskRegistry(dying, new AbortController().signal, logger, FAST);
    const reader = new TaskRegistry(shared, new AbortController().signal, logger, FAST);
    const { taskId } = await follower.begin(heldJob().job);
    await sleep(FAST.heartbeatMs * 2);
    expect((await reader.get(taskId, "credential:a"))?.status).toBe("working");
    dying.cut = true;
    await expect
      .poll(async () => (await reader.get(taskId, "credential:a"))?.status, { timeout: 5_000 })
      .toBe("failed");
    expect(await reader.get(taskId, "credential:a")).toMatchObject({
      status: "failed",
      statusMessage: expect.stringContaining("The run goes on upstream."),
      error: { code: -32603 },
    });
  });

  it("ends a task failed when the server shuts down, saying what goes on upstream, labelled as its job is", async () => {
    const shutdown = new AbortController();
    const tasks = new TaskRegistry(new LocalFleetStore(), shutdown.signal, logger, FAST);
    const created = await tasks.begin(heldJob("credential:a", "[SIMULATOR] ").job);
    const taskId = created.taskId;
    expect(created.statusMessage).toBe("[SIMULATOR] Started.");
    expect((await tasks.get(taskId, "credential:a"))?.statusMessage).toBe(
      "[SIMULATOR] Running: 1/3 users done",
    );
    shutdown.abort();
    await tasks.settled();
    expect(await tasks.get(taskId, "credential:a")).toMatchObject({
      status: "failed",
      statusMessage: "[SIMULATOR] The server shut down before the job ended. The run goes on upstream.",
      error: { code: -32603 },
    });
  });
});
