/** What every simulated MigrateClouds route needs: the account state, the clock, the keys and the limiter. */
import type { Plan } from "../../api/migrateclouds/schemas.js";
import type { SimClock } from "../clock.js";
import type { SlidingWindowLimiter } from "./rate-limit.js";
import type { MigrateCloudsState } from "./state.js";

export interface SimApiKey {
  key: string;
  plan: Plan;
}

export interface MigrateCloudsContext {
  state: MigrateCloudsState;
  clock: SimClock;
  /** The clock's speed, to turn a simulated wait into real Retry-After seconds. */
  clockSpeed: number;
  keys: ReadonlyMap<string, SimApiKey>;
  limiter: SlidingWindowLimiter;
}
