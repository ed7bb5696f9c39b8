/**
 * The schedule tools (src/tools/schedule.ts): schedule_migration, list_schedules and cancel_schedule,
 * through real SDK clients on in-process sessions against the CloudM simulator over HTTP.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expect, it } from "vitest";
import {
  accept,
  callFails,
  callOk,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  stillEnvironmentPerTest,
  structuredOf,
  textOf,
} from "../helpers/in-process.js";
import { answerNextWithoutBody } from "../helpers/cloudm.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// A simulator per test, its clock held still (clockSpeed 0) and moved by hand so every step is exact.
// Schedules fire on that clock and list_schedules lists them all: tests sharing one would see each
// other's firings.
let env: InProcess | undefined;
const begin = stillEnvironmentPerTest();
const start = async (): Promise<InProcess> => (env = await begin());

interface ScheduleOut {
  scheduleId: string;
  status: string;
  nextRunOn?: string | null;
  firedCount?: number;
  lastOutcome?: { firedOn: string; result: string; message: string } | null;
}

async function schedules(client: Client, configurationId?: string): Promise<ScheduleOut[]> {
  return (
    await callOk<{ schedules: ScheduleOut[] }>(
      client,
      "list_schedules",
      configurationId ? { configurationId } : {},
    )
  ).schedules;
}

async function batchState(
  client: Client,
  configurationId: string,
): Promise<{ state: string; progress: number }> {
  const stats = await callOk<{ state: string; progressPercent: number }>(client, "get_batch_statistics", {
    configurationId,
    itemLimit: 0,
  });
  return { state: stats.state, progress: stats.progressPercent };
}

/** A new batch in the demo project with a few users. */
async function newBatch(client: Client, name: string, users = 3): Promise<string> {
  const created = await callOk<{ batch: { configurationId: string } }>(client, "create_batch", {
    projectId: env?.sim.demo?.projectId,
    batchName: name,
  });
  const id = created.batch.configurationId;
  if (users > 0) {
    const items = Array.from({ length: users }, (_, i) => ({
      exportName: `${name.toLowerCase().replace(/\W+/g, "")}${i}@contoso.example`,
      importName: `${name.toLowerCase().replace(/\W+/g, "")}${i}@fabrikam.example`,
    }));
    await callOk(client, "add_migration_items", { configurationId: id, items });
  }
  return id;
}

/** Everything a declined confirmation must leave alone. */
function snapshot(e: InProcess): string {
  const { state } = e.sim;
  return JSON.stringify({
    schedules: [...state.schedules.values()],
    scans: [...state.scans.values()],
    runs: [...state.batches.values()].map((b) => b.run),
  });
}

describe("schedule", () => {
  it("fires a dated schedule on the simulator's clock and re-arms a repeating one", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const id = e.sim.demo!.configurationId;
    const first = new Date(e.sim.clock.now() + HOUR).toISOString();
    const created = await callOk<{ status: string; schedule: ScheduleOut }>(client, "schedule_migration", {
      configurationId: id,
      scheduleOn: first,
      repeat: "Daily",
    });
    expect(created.status).toBe("done");
    expect(created.schedule).toMatchObject({ status: "Scheduled", nextRunOn: first, firedCount: 0 });

    e.sim.clock.advance(59 * MINUTE);
    expect((await batchState(client, id)).state).toBe("None");
    e.sim.clock.advance(2 * MINUTE);
    expect((await batchState(client, id)).state).toBe("PreparingData");
    const [fired] = await schedules(client, id);
    expect(fired).toMatchObject({ status: "Scheduled", firedCount: 1, lastOutcome: { result: "Started" } });
    expect(fired!.nextRunOn).toBe(new Date(Date.parse(first) + 24 * HOUR).toISOString());

    // A day later the first run has long finished: the repeat starts the batch again.
    e.sim.clock.advance(24 * HOUR);
    const [again] = await schedules(client, id);
    expect(again).toMatchObject({ firedCount: 2, lastOutcome: { result: "Started" } });
    expect(again!.nextRunOn).toBe(new Date(Date.parse(first) + 48 * HOUR).toISOString());
    expect(e.sim.state.batches.get(id)!.run.state).toBe("PreparingData");
  });

  it("starts batches when another completes and when it passes a percentage, and not before", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const wave1 = e.sim.demo!.configurationId;
    const onCompletion = await newBatch(client, "Wave 2");
    const atHalf = await newBatch(client, "Wave 3");
    await callOk(client, "schedule_migration", {
      configurationId: onCompletion,
      completedConfigurationId: wave1,
    });
    await callOk(client, "schedule_migration", {
      configurationId: atHalf,
      completedConfigurationId: wave1,
      completedPercent: 50,
    });
    e.sim.clock.advance(HOUR);
    expect((await schedules(client)).map((s) => s.status)).toEqual(["Scheduled", "Scheduled"]);
    // Each line names the batch it runs and the one it waits for.
    const listed = textOf(await callTool(client, "list_schedules", {}));
    expect(listed).toContain(
      'StartMigration of batch "Wave 2" when batch "Wave 1 - Sales" completes: Scheduled',
    );
    expect(listed).toContain(
      'StartMigration of batch "Wave 3" when batch "Wave 1 - Sales" passes 50%: Scheduled',
    );

    await callOk(client, "start_migration", { configurationId: wave1, mode: "StartMigration" });
    let sawBelowHalf = false;
    for (let step = 0; step < 500; step++) {
      e.sim.clock.advance(3_000);
      const wave = await batchState(client, wave1);
      const [completion, half] = await schedules(client);
      // The clock stands still between the two reads, so both saw the same moment.
      expect(half!.status === "Fired", `at ${wave.progress}%`).toBe(wave.progress >= 50);
      expect(completion!.status === "Fired").toBe(wave.state === "Completed");
      if (wave.progress < 50) sawBelowHalf = true;
      if (wave.state === "Completed") break;
    }
    expect(sawBelowHalf).toBe(true);
    const [completion, half] = await schedules(client);
    expect(completion!.lastOutcome).toMatchObject({ result: "Started" });
    expect(completion!.lastOutcome!.message).toContain("'Wave 1 - Sales' completed");
    // A run a schedule started is audited, in the name of who scheduled it.
    const audited = await callOk<{ entries: Array<{ userEmail: string; message: string }> }>(
      client,
      "query_audit_log",
      { auditType: "MigrationStarted" },
    );
    const scheduled = audited.entries.filter((a) => a.message.startsWith("Scheduled StartMigration"));
    // Newest first: the run at completion fired after the one at 50%.
    expect(scheduled.map((a) => a.message)).toEqual([
      expect.stringContaining("of batch 'Wave 2'"),
      expect.stringContaining("of batch 'Wave 3'"),
    ]);
    expect(scheduled[0]!.userEmail).toBe(e.sim.credentials.email);
    expect(half!.lastOutcome!.message).toMatch(/'Wave 1 - Sales' reached \d+%/);
    expect(e.sim.state.batches.get(onCompletion)!.run.mode).toBe("StartMigration");
    expect(e.sim.state.batches.get(atHalf)!.run.startedAt).not.toBeNull();
  });

  it("records why a schedule could not start its run, and a cancelled one never fires", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const empty = await newBatch(client, "Empty", 0);
    const at = new Date(e.sim.clock.now() + MINUTE).toISOString();
    await callOk(client, "schedule_migration", {
      configurationId: empty,
      scheduleOn: at,
      mode: "CheckUsersOnly",
    });
    const demo = e.sim.demo!.configurationId;
    const { schedule } = await callOk<{ schedule: ScheduleOut }>(client, "schedule_migration", {
      configurationId: demo,
      scheduleOn: at,
    });
    const cancelled = await callOk<{ status: string; schedule: ScheduleOut }>(client, "cancel_schedule", {
      scheduleId: schedule.scheduleId,
    });
    expect(cancelled).toMatchObject({ status: "done", schedule: { status: "Cancelled" } });

    e.sim.clock.advance(2 * MINUTE);
    const [notStarted] = await schedules(client, empty);
    expect(notStarted).toMatchObject({ status: "Fired", lastOutcome: { result: "NotStarted" } });
    expect(notStarted!.lastOutcome!.message).toContain("Nothing to run in batch 'Empty'");
    expect((await batchState(client, demo)).state).toBe("None");
    expect((await schedules(client, demo))[0]).toMatchObject({ status: "Cancelled", firedCount: 0 });
  });

  it("changes nothing when the user declines scheduling or cancelling", async () => {
    const e = await start();
    const id = e.sim.demo!.configurationId;
    const at = new Date(e.sim.clock.now() + HOUR).toISOString();
    const declining = await e.connect("declining", () => decline());
    const declined = await callTool(declining, "schedule_migration", { configurationId: id, scheduleOn: at });
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect(e.sim.state.schedules.size).toBe(0);

    const admin = await e.connect("admin", () => accept());
    const { schedule } = await callOk<{ schedule: ScheduleOut }>(admin, "schedule_migration", {
      configurationId: id,
      scheduleOn: at,
    });
    const before = snapshot(e);
    const kept = await callTool(declining, "cancel_schedule", { scheduleId: schedule.scheduleId });
    expect(kept.structuredContent).toMatchObject({ status: "declined" });
    expect(snapshot(e)).toBe(before);
    expect(e.sim.state.schedules.get(schedule.scheduleId)!.status).toBe("Scheduled");
  });

  it("names the argument to fix when a schedule is wrong", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const id = e.sim.demo!.configurationId;
    const future = new Date(e.sim.clock.now() + HOUR).toISOString();
    const past = new Date(e.sim.clock.now() - HOUR).toISOString();
    expect(
      await callFails(client, "schedule_migration", {
        configurationId: id,
        scheduleOn: future,
        completedConfigurationId: id,
      }),
    ).toMatch(/scheduleOn.*completedConfigurationId/);
    expect(await callFails(client, "schedule_migration", { configurationId: id })).toContain("scheduleOn");
    expect(
      await callFails(client, "schedule_migration", { configurationId: id, scheduleOn: past }),
    ).toContain("scheduleOn");
    expect(
      await callFails(client, "schedule_migration", { configurationId: id, scheduleOn: "tomorrow" }),
    ).toContain("scheduleOn");
    expect(
      await callFails(client, "schedule_migration", {
        configurationId: id,
        completedConfigurationId: id,
        completedPercent: 150,
      }),
    ).toContain("completedPercent");
    expect(
      await callFails(client, "schedule_migration", { configurationId: id, completedConfigurationId: id }),
    ).toContain("completedConfigurationId");
    expect(
      await callFails(client, "schedule_migration", {
        configurationId: id,
        completedConfigurationId: "00000000-0000-4000-8000-000000000000",
      }),
    ).toContain("completedConfigurationId");
    expect(
      await callFails(client, "schedule_migration", {
        configurationId: id,
        completedConfigurationId: id,
        repeat: "Daily",
      }),
    ).toContain("repeat");
    expect(
      await callFails(client, "cancel_schedule", { scheduleId: "00000000-0000-4000-8000-000000000000" }),
    ).toMatch(/No schedule/);
    expect(e.sim.state.schedules.size).toBe(0);
  });

  it("previews the batch, its users and its trigger, and refuses a cancel token once the schedule fired", async () => {
    const e = await start();
    // No elicitation: the token path, whose first answer is the preview itself.
    const client = await e.connect("token");
    const id = e.sim.demo!.configurationId;
    expect(textOf(await callTool(client, "list_schedules", { configurationId: id }))).toBe(
      "No schedules. Create one with schedule_migration.",
    );

    const at = new Date(e.sim.clock.now() + HOUR).toISOString();
    const dated = await callTool(client, "schedule_migration", { configurationId: id, scheduleOn: at });
    expect(dated.structuredContent).toMatchObject({
      status: "confirmation_required",
      preview: { summary: `Run StartMigration on batch "Wave 1 - Sales" (30 users) at ${at}` },
    });
    expect(e.sim.state.schedules.size).toBe(0);
    const created = await confirmWithToken(client, "schedule_migration", {
      configurationId: id,
      scheduleOn: at,
    });
    const { schedule } = created.structuredContent as { schedule: ScheduleOut };
    expect(created.structuredContent).toMatchObject({ status: "done", schedule: { status: "Scheduled" } });

    // A second schedule of the same batch says so; one waiting on a batch names it.
    const again = await callTool(client, "schedule_migration", { configurationId: id, scheduleOn: at });
    expect(again.structuredContent).toMatchObject({
      preview: { details: { alreadyScheduled: "1 other schedule(s) for this batch" } },
    });
    const later = await newBatch(client, "Later", 0);
    const waiting = await callTool(client, "schedule_migration", {
      configurationId: later,
      completedConfigurationId: id,
      mode: "CheckUsersOnly",
    });
    const preview = (
      waiting.structuredContent as { preview: { summary: string; details: Record<string, string> } }
    ).preview;
    expect(preview.summary).toBe(
      'Run CheckUsersOnly on batch "Later" (0 users) when batch "Wave 1 - Sales" completes',
    );
    expect(preview.details.waitsFor).toContain('"Wave 1 - Sales"');
    expect(preview.details.effect).toContain("moves no data");
    expect(e.sim.state.schedules.size).toBe(1);

    const listed = await callTool(client, "list_schedules", {});
    expect(textOf(listed)).toContain(
      `- ${schedule.scheduleId} StartMigration of batch "Wave 1 - Sales" at ${at}: Scheduled, next ${at}`,
    );

    const cancel = await callTool(client, "cancel_schedule", { scheduleId: schedule.scheduleId });
    expect(cancel.structuredContent).toMatchObject({
      status: "confirmation_required",
      preview: {
        summary: `Cancel the StartMigration schedule of batch "Wave 1 - Sales" at ${at} (Scheduled)`,
        details: { status: "Scheduled", nextRunOn: at, firedCount: 0 },
      },
    });
    const token = (cancel.structuredContent as { confirmationToken: string }).confirmationToken;
    // It fires before the user's yes comes back: what they agreed to cancel is gone.
    e.sim.clock.advance(2 * HOUR);
    const late = await callTool(client, "cancel_schedule", {
      scheduleId: schedule.scheduleId,
      confirmationToken: token,
    });
    expect(late.structuredContent).toMatchObject({ status: "changed" });
    expect(e.sim.state.schedules.get(schedule.scheduleId)!.status).toBe("Fired");
  });
});

describe("schedule writes the instance answered 2xx without a body", () => {
  it("schedule_migration on a 201 and cancel_schedule on a 204: both done, neither sent twice", async () => {
    const e = await start();
    const client = await e.connect("admin", () => accept());
    const id = e.sim.demo!.configurationId;
    const at = new Date(e.sim.clock.now() + HOUR).toISOString();

    answerNextWithoutBody(e.sim, "POST", "/api/ScheduleMigration/schedule-migration", 201);
    const scheduled = await callTool(client, "schedule_migration", { configurationId: id, scheduleOn: at });
    const created = structuredOf<{ status: string; schedule?: ScheduleOut; note: string }>(scheduled);
    expect(created.status).toBe("done");
    expect(created.schedule).toBeUndefined();
    expect(created.note).toContain("the new schedule's scheduleId");
    expect(textOf(scheduled)).toContain("list_schedules with this configurationId shows it");
    expect(e.sim.state.schedules.size).toBe(1);
    expect(e.sim.countRequests("POST /api/ScheduleMigration/schedule-migration")).toBe(1);

    const [listed] = await schedules(client, id);
    answerNextWithoutBody(e.sim, "POST", "/api/ScheduleMigration/cancel", 204);
    const cancelled = await callTool(client, "cancel_schedule", { scheduleId: listed!.scheduleId });
    expect(structuredOf(cancelled)).toMatchObject({ status: "done", schedule: { status: "Cancelled" } });
    expect(structuredOf(cancelled)).not.toHaveProperty("notApplied");
    expect(textOf(cancelled)).toContain(`Schedule ${listed!.scheduleId} is Cancelled.`);
    expect(e.sim.state.schedules.get(listed!.scheduleId)!.status).toBe("Cancelled");
  });
});
