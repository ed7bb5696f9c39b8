/** Following an upstream job that has no push: reads its state until it stops moving. */
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Reads often at first and then every 15 s (jobs take seconds to hours), reporting each state read
 * while the job moves; aborts with `signal`.
 */
export async function pollUntilSettled<T>(
  read: () => Promise<T>,
  moving: (state: T) => boolean,
  report: (state: T) => Promise<void>,
  signal: AbortSignal,
): Promise<T> {
  let state = await read();
  for (let waitMs = 1_000; moving(state); waitMs = Math.min(waitMs * 2, 15_000)) {
    await report(state);
    await sleep(waitMs, undefined, { signal });
    state = await read();
  }
  return state;
}
