/**
 * Transfers over simulated time. A run waits in the queue for 2 s, then starts: it checks both
 * services are connected and the source exists (or fails with the reason), captures the source entries
 * and plans when each copy finishes (200 ms per file plus 10 MB/s). `advanceTransfers` then replays
 * every due step of every transfer in time order up to "now", so progress, written files and events
 * are exact however fast the clock runs or however far it jumps. A recurring transfer queues its next
 * run at `next_run_at` (anchored on its creation time); a run still going then delays it, never doubles it.
 */
import { applyEntry, destinationBlocked, ensureDestination, sourceEntries } from "./copy.js";
import { iso } from "./envelope.js";
import type { Location, MigrateCloudsState, SimTransfer, TransferRun } from "./state.js";
import type { RECURRENCES, Service } from "./wire.js";

const QUEUE_MS = 2_000;
const FILE_OVERHEAD_MS = 200;
const BYTES_PER_MS = 10_000;
const HOUR_MS = 3_600_000;
export const INTERVAL_MS: Record<(typeof RECURRENCES)[number], number> = {
  hourly: HOUR_MS,
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
};

function newRun(queuedAt: number): TransferRun {
  return {
    queuedAt,
    startsAt: queuedAt + QUEUE_MS,
    startedAt: null,
    endedAt: null,
    plan: [],
    next: 0,
    folders: new Map(),
    filesTotal: 0,
    filesDone: 0,
    filesSkipped: 0,
    bytesTotal: 0,
    bytesDone: 0,
  };
}

export function createTransfer(
  state: MigrateCloudsState,
  fields: Pick<SimTransfer, "owner" | "source" | "destination" | "conflictResolution" | "interval">,
  now: number,
): SimTransfer {
  const transfer: SimTransfer = {
    ...fields,
    id: state.newId("trf"),
    seq: state.transfers.size,
    status: "queued",
    error: null,
    createdAt: now,
    nextRunAt: fields.interval ? now + INTERVAL_MS[fields.interval] : null,
    runCount: 1,
    run: newRun(now),
  };
  state.transfers.set(transfer.id, transfer);
  return transfer;
}

/** When the transfer's next step is due (Infinity when it has none). */
function nextStepAt(transfer: SimTransfer): number {
  const { run } = transfer;
  switch (transfer.status) {
    case "queued":
      return run.startsAt;
    case "running":
      return run.plan[run.next]?.doneAt ?? run.startedAt ?? run.startsAt;
    case "completed":
    case "failed":
      return transfer.nextRunAt === null ? Infinity : Math.max(transfer.nextRunAt, run.endedAt ?? 0);
    case "cancelled":
      return Infinity;
  }
}

function end(state: MigrateCloudsState, transfer: SimTransfer, at: number, error?: string): void {
  transfer.run.endedAt = at;
  transfer.status = error === undefined ? "completed" : "failed";
  transfer.error = error ?? null;
  state.emit(
    error === undefined ? "transfer.completed" : "transfer.failed",
    at,
    transferView(transfer),
    transfer.owner,
  );
}

function start(state: MigrateCloudsState, transfer: SimTransfer, at: number): void {
  const { source, destination, run } = transfer;
  const from = state.service(source.service);
  if (!from.connected) return end(state, transfer, at, `Source service ${source.service} is not connected`);
  if (!state.service(destination.service).connected)
    return end(state, transfer, at, `Destination service ${destination.service} is not connected`);
  const entries = sourceEntries(from.root, source.segments);
  if (!entries)
    return end(state, transfer, at, `Source path '${source.path}' does not exist in ${source.service}`);
  const blocked = destinationBlocked(state, transfer);
  if (blocked) return end(state, transfer, at, blocked);

  let cursor = at;
  for (const entry of entries) {
    if (entry.node.type === "file") {
      cursor += FILE_OVERHEAD_MS + Math.ceil(entry.node.size / BYTES_PER_MS);
      run.filesTotal++;
      run.bytesTotal += entry.node.size;
    }
    entry.doneAt = cursor;
  }
  run.plan = entries;
  run.startedAt = at;
  transfer.status = "running";
  state.emit("transfer.started", at, transferView(transfer), transfer.owner);
  run.folders.set("", ensureDestination(state, transfer, at));
  if (entries.length === 0) end(state, transfer, at);
}

function step(state: MigrateCloudsState, transfer: SimTransfer, at: number): void {
  const { run } = transfer;
  if (transfer.status === "queued") return start(state, transfer, at);
  if (transfer.status === "running") {
    const entry = run.plan[run.next++];
    if (entry) applyEntry(state, transfer, entry, at);
    if (run.next >= run.plan.length) end(state, transfer, at);
    return;
  }
  // A recurring transfer's next run is due.
  if (transfer.interval === null) return;
  const interval = INTERVAL_MS[transfer.interval];
  transfer.run = newRun(at);
  transfer.status = "queued";
  transfer.error = null;
  transfer.runCount++;
  transfer.nextRunAt = transfer.createdAt + (Math.floor((at - transfer.createdAt) / interval) + 1) * interval;
}

/** Replays every transfer step due by `now`, earliest first. */
export function advanceTransfers(state: MigrateCloudsState, now: number): void {
  for (;;) {
    let due: SimTransfer | undefined;
    let dueAt = Infinity;
    for (const transfer of state.transfers.values()) {
      const at = nextStepAt(transfer);
      if (at <= now && at < dueAt) {
        due = transfer;
        dueAt = at;
      }
    }
    if (!due) return;
    step(state, due, dueAt);
  }
}

/**
 * Cancels a queued or running run, or a recurring transfer's future runs; cancelling a cancelled
 * transfer changes nothing (so a resent cancel is harmless). Else says why it cannot.
 */
export function cancelTransfer(transfer: SimTransfer, now: number): string | undefined {
  if (transfer.status === "cancelled") return undefined;
  const active = transfer.status === "queued" || transfer.status === "running";
  if (!active && transfer.nextRunAt === null)
    return `Transfer ${transfer.id} has already ${transfer.status}; only a queued or running transfer, or a recurring one, can be cancelled`;
  if (active) transfer.run.endedAt = now;
  transfer.status = "cancelled";
  transfer.nextRunAt = null;
  return undefined;
}

/** Connects or disconnects a service; a running transfer that uses a service being disconnected fails. */
export function setServiceConnected(
  state: MigrateCloudsState,
  name: Service,
  connected: boolean,
  now: number,
): void {
  advanceTransfers(state, now);
  const service = state.service(name);
  if (service.connected === connected) return;
  service.connected = connected;
  state.emit(connected ? "service.connected" : "service.disconnected", now, { service: name }, undefined);
  if (connected) return;
  for (const transfer of state.transfers.values()) {
    if (transfer.status !== "running") continue;
    const side =
      transfer.source.service === name
        ? "Source"
        : transfer.destination.service === name
          ? "Destination"
          : undefined;
    if (side) end(state, transfer, now, `${side} service ${name} was disconnected during the transfer`);
  }
}

const locationView = (l: Location) => ({ service: l.service, path: l.path });

export function transferView(transfer: SimTransfer) {
  const { run } = transfer;
  const finished = transfer.status === "completed";
  const fraction =
    run.bytesTotal > 0
      ? run.bytesDone / run.bytesTotal
      : run.filesTotal > 0
        ? run.filesDone / run.filesTotal
        : 0;
  return {
    id: transfer.id,
    status: transfer.status,
    source: locationView(transfer.source),
    destination: locationView(transfer.destination),
    conflict_resolution: transfer.conflictResolution,
    schedule: transfer.interval ? { type: "recurring", interval: transfer.interval } : null,
    progress: {
      files_total: run.filesTotal,
      files_done: run.filesDone,
      files_skipped: run.filesSkipped,
      bytes_total: run.bytesTotal,
      bytes_done: run.bytesDone,
      percent: finished ? 100 : Math.floor(fraction * 100),
    },
    error: transfer.error,
    created_at: iso(transfer.createdAt),
    started_at: iso(run.startedAt),
    completed_at: iso(run.endedAt),
    next_run_at: iso(transfer.nextRunAt),
    run_count: transfer.runCount,
  };
}
