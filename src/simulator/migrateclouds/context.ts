/** What every simulated MigrateClouds route needs: the account state, the clock, the keys and the limiter. */
import type { SimClock } from "../clock.js";
import type { SlidingWindowLimiter } from "./rate-limit.js";
import type { MigrateCloudsState } from "./state.js";
import type { Plan } from "./wire.js";

export interface SimApiKey {
  key: string;
  plan: Plan;
}

/**
 * `full`: our guesses, read leniently. `guide`: only what the overview shows, e.g. GET /v1/files/list
 * reads its parameters from the JSON body alone, as the overview's one worked example sends them.
 */
export type MigrateCloudsProfile = "full" | "guide";

export interface MigrateCloudsContext {
  profile: MigrateCloudsProfile;
  state: MigrateCloudsState;
  clock: SimClock;
  keys: ReadonlyMap<string, SimApiKey>;
  limiter: SlidingWindowLimiter;
}
