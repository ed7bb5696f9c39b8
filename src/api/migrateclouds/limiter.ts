/**
 * Client-side rate limiter for a plan's requests-per-minute per API key: a sliding window over the
 * last N requests, so the server is never the one that has to say 429 in normal use. Each slot is
 * dated from when its request ended (the server counted it by then, however long it queued on a busy
 * event loop), and the window is longer than the server's, by 5% and a fixed 150 ms, for the clocks'
 * jitter. The window lives in a `RateWindows`: this process's own, or one every replica shares.
 */
import { setTimeout as sleep } from "node:timers/promises";

const SAFETY = 1.05;
const JITTER_MS = 150;

/** Where the windows are kept: the slots taken, and pauses an upstream Retry-After asked for. */
export interface RateWindows {
  /** Takes a slot when fewer than `limit` were taken in the last `windowMs`; else how long to wait. */
  take(key: string, limit: number, windowMs: number): Promise<{ slot: string } | { waitMs: number }>;
  /** Re-dates a slot to now: its request has ended. */
  end(key: string, slot: string): Promise<void>;
  pause(key: string, untilMs: number): Promise<void>;
  /** When a pause of the key ends (0 when none). */
  pausedUntil(key: string): Promise<number>;
}

/** This process's windows. */
export class LocalRateWindows implements RateWindows {
  private readonly slots = new Map<string, Map<string, number>>();
  private readonly pauses = new Map<string, number>();
  private next = 0;

  async take(key: string, limit: number, windowMs: number): Promise<{ slot: string } | { waitMs: number }> {
    const now = Date.now();
    const taken = this.slots.get(key) ?? new Map<string, number>();
    this.slots.set(key, taken);
    for (const [slot, at] of taken) if (at <= now - windowMs) taken.delete(slot);
    if (taken.size < limit) {
      const slot = String(this.next++);
      taken.set(slot, now);
      return { slot };
    }
    return { waitMs: Math.min(...taken.values()) + windowMs - now };
  }

  async end(key: string, slot: string): Promise<void> {
    const taken = this.slots.get(key);
    if (taken?.has(slot)) taken.set(slot, Math.max(taken.get(slot) ?? 0, Date.now()));
  }

  async pause(key: string, untilMs: number): Promise<void> {
    this.pauses.set(key, Math.max(this.pauses.get(key) ?? 0, untilMs));
  }

  async pausedUntil(key: string): Promise<number> {
    return this.pauses.get(key) ?? 0;
  }
}

export class RateLimiter {
  private readonly windowMs: number;

  /**
   * @param perMinute the plan's limit
   * @param timeScale upstream minutes per real minute: 1 for a real service, the clock speed for a
   *   simulator running faster than real time
   * @param key what the window counts (a digest of the API key: the plan's limit is per key)
   */
  constructor(
    private readonly perMinute: number,
    timeScale: number,
    private readonly windows: RateWindows,
    private readonly key: string,
  ) {
    this.windowMs = (60_000 / timeScale) * SAFETY + JITTER_MS;
  }

  /** Resolves when one more request fits in the window, with what to call when that request has ended. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const paused = (await this.windows.pausedUntil(this.key)) - Date.now();
      if (paused > 0) {
        await sleep(paused, undefined, { signal });
        continue;
      }
      const taken = await this.windows.take(this.key, this.perMinute, this.windowMs);
      if ("slot" in taken) return () => void this.windows.end(this.key, taken.slot).catch(() => undefined);
      await sleep(Math.max(1, taken.waitMs), undefined, { signal });
    }
  }

  /** An upstream Retry-After: no request on this key (on any replica sharing the windows) until it passes. */
  pauseFor(seconds: number): void {
    void this.windows.pause(this.key, Date.now() + seconds * 1000).catch(() => undefined);
  }
}
