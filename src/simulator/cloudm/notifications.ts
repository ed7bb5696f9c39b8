/** In-app notifications, raised by the engine when a run ends (completed, stopped, or stopped by the volume cap). */
import type { SimBatch, SimItem, SimNotification } from "./model.js";
import type { CloudMState } from "./state.js";

function add(
  state: CloudMState,
  batch: SimBatch,
  at: number,
  fields: Pick<SimNotification, "title" | "type" | "message">,
): void {
  state.notifications.push({
    ...fields,
    id: state.notifications.length + 1,
    date: at,
    configurationId: batch.configurationId,
    projectId: batch.projectId,
    isRead: false,
  });
}

/** Called by the engine once per run that ends, at the simulated time it ended. */
export function recordRunEnded(state: CloudMState, batch: SimBatch, at: number): void {
  const { run } = batch;
  const name = `'${batch.batchName}'`;
  const what = run.mode === "CheckUsersOnly" ? "User check" : "Migration";
  if (run.stopReason === "VolumeCapExceeded") {
    add(state, batch, at, {
      title: "Volume cap reached",
      type: "Error",
      message: `${what} of batch ${name} stopped: the tenant's volume cap has been reached, so no more data can be migrated.`,
    });
    return;
  }
  if (run.state !== "Completed") {
    add(state, batch, at, {
      title: `${what} stopped`,
      type: "Info",
      message: `${what} of batch ${name} was stopped; users in flight resume on the next StartMigration.`,
    });
    return;
  }
  const selected = run.selected.map((id) => batch.items.get(id)).filter((i): i is SimItem => i !== undefined);
  const failed = selected.filter((i) => i.state === "Failed").length;
  const warned = selected.filter((i) => i.state === "Warning").length;
  const succeeded = selected.length - failed;
  const counts = `${succeeded} of ${selected.length} users succeeded${failed ? `, ${failed} failed` : ""}${warned ? `, ${warned} with item failures` : ""}`;
  add(state, batch, at, {
    title: failed || warned ? `${what} completed with problems` : `${what} completed`,
    type: failed === selected.length && failed > 0 ? "Error" : failed || warned ? "Warning" : "Success",
    message: `${what} of batch ${name} completed: ${counts}.`,
  });
}
