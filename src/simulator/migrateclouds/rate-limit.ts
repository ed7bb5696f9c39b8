/**
 * The per-plan rate limit: a sliding window of one minute per API key on the SIMULATED clock, so a
 * fast clock shortens the minute. Only accepted requests enter the window; refusals do not.
 */
export type Admission = { ok: true } | { ok: false; waitMs: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly rejectedByKey = new Map<string, number>();

  constructor(private readonly windowMs = 60_000) {}

  /** Admits a request at `now` (simulated ms) if fewer than `limit` were admitted in the window. */
  take(key: string, limit: number, now: number): Admission {
    const hits = this.hits.get(key) ?? [];
    // Times are appended in order, so the expired ones are at the front.
    let expired = 0;
    while (expired < hits.length && (hits[expired] ?? 0) <= now - this.windowMs) expired++;
    if (expired > 0) hits.splice(0, expired);
    if (hits.length >= limit) {
      this.rejectedByKey.set(key, (this.rejectedByKey.get(key) ?? 0) + 1);
      return { ok: false, waitMs: Math.max(0, (hits[0] ?? now) + this.windowMs - now) };
    }
    hits.push(now);
    this.hits.set(key, hits);
    return { ok: true };
  }

  /** How many requests were refused with 429, for one key or for all. */
  rejected(key?: string): number {
    if (key !== undefined) return this.rejectedByKey.get(key) ?? 0;
    let total = 0;
    for (const count of this.rejectedByKey.values()) total += count;
    return total;
  }
}

/** A simulated wait as real Retry-After seconds: at least 1, rounded up. */
export function retryAfterSeconds(waitMs: number, clockSpeed: number): number {
  return Math.max(1, Math.ceil(waitMs / Math.max(clockSpeed, Number.EPSILON) / 1000));
}
