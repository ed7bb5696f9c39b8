/**
 * Client-side rate limiter for a plan's requests-per-minute: a sliding window over the last N sends,
 * so the server is never the one that has to say 429 in normal use. The window is longer than the
 * server's, by 5% and by a fixed 150 ms, so that network and event-loop jitter cannot squeeze N+1
 * requests into one of its minutes (the fixed part matters for simulators with very short minutes).
 */
import { setTimeout as sleep } from "node:timers/promises";

const SAFETY = 1.05;
const JITTER_MS = 150;

export class RateLimiter {
  private readonly sent: number[] = [];
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

  /** Resolves when one more request fits in the window. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.perMinute) {
        this.sent.push(now);
        return;
      }
      await sleep((this.sent[0] ?? now) + this.windowMs - now, undefined, { signal });
    }
  }
}
