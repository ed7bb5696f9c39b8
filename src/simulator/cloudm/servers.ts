/**
 * The simulated migration service fleet (seeded in seed.ts): which machines take work, and which one
 * an item runs on. A stopped or draining machine takes no new items; when none takes work, items wait
 * in the queue until one is started.
 */
import type { SimServer } from "./model.js";
import type { CloudMState } from "./state.js";

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
