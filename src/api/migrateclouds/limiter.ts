/**
 * Client-side rate limiter for a plan's requests-per-minute: a sliding window over the last N
 * requests, so the server is never the one that has to say 429 in normal use. Each slot is dated from
 * when its request ended (the server counted it by then, however long it queued on a busy event loop),
 * and the window is longer than the server's, by 5% and a fixed 150 ms, for the clocks' jitter.
 */
import { setTimeout as sleep } from "node:timers/promises";

const SAFETY = 1.05;
const JITTER_MS = 150;

interface Slot {
  at: number;
}

export class RateLimiter {
  private sent: Slot[] = [];
  private readonly windowMs: number;

  /**
   * @param perMinute the plan's limit
   * @param timeScale upstream minutes per real minute: 1 for a real service, the clock speed for a
   *   simulator running faster than real time
   */
  constructor(
    private readonly perMinute: number,
    timeScale = 1,
  ) {
    this.windowMs = (60_000 / timeScale) * SAFETY + JITTER_MS;
  }

  /** Resolves when one more request fits in the window, with what to call when that request has ended. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const now = Date.now();
      this.sent = this.sent.filter((slot) => slot.at > now - this.windowMs);
      if (this.sent.length < this.perMinute) {
        const slot = { at: now };
        this.sent.push(slot);
        return () => {
          slot.at = Math.max(slot.at, Date.now());
        };
      }
      const oldest = Math.min(...this.sent.map((slot) => slot.at));
      await sleep(oldest + this.windowMs - now, undefined, { signal });
    }
  }
}
