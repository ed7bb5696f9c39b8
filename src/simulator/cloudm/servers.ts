/**
 * The simulated migration service fleet: three machines, which of them take work, and which one an
 * item runs on. A stopped or draining machine takes no new items; when none takes work, items wait in
 * the queue until one is started.
 */
import type { CloudMState } from "./state.js";

// assumed: not in the guide (a plausible build number)
export const CURRENT_SERVICE_VERSION = "5.12.3";

export interface SimServer {
  machineName: string;
  version: string;
  state: "Running" | "Draining" | "Stopped";
  /** When it last started; set when the simulator starts. */
  bootedAt: number | null;
}

export function seedServers(): Map<string, SimServer> {
  const server = (machineName: string, version = CURRENT_SERVICE_VERSION): SimServer => ({
    machineName,
    version,
    state: "Running",
    bootedAt: null,
  });
  // MIGSVR-03 missed the last update: it still works, and shows VersionDoesNotMatch until restarted.
  return new Map(
    [server("MIGSVR-01"), server("MIGSVR-02"), server("MIGSVR-03", "5.11.0")].map((s) => [s.machineName, s]),
  );
}

export function takesWork(server: SimServer): boolean {
  return server.state === "Running";
}

/** The item's usual machine (by id) when it takes work, else the next one that does; null when none does. */
export function pickServer(state: CloudMState, itemId: number): string | null {
  const fleet = [...state.servers.values()];
  for (let i = 0; i < fleet.length; i++) {
    const server = fleet[(itemId + i) % fleet.length];
    if (server && takesWork(server)) return server.machineName;
  }
  return null;
}
