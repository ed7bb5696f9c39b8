/**
 * What the replicas of one deployment must hold as one: a confirmation's single use, the MigrateClouds
 * plan's window per API key (and an upstream's Retry-After pause), and the audit trail of confirmed
 * actions, the state of long jobs run as tasks, and which replica polls a batch's statistics for everyone (the figures fanned out to the
 * rest). One process (no MIGRATE_MCP_REDIS_URL) keeps them itself; with Redis the fleet shares them
 * (redis-store.ts), falling back to this process's own while Redis is unreachable.
 */
import { randomUUID } from "node:crypto";
import { LocalRateWindows, type RateWindows } from "../api/migrateclouds/limiter.js";
import { type PollCoordinator, SOLO } from "../live/watcher.js";

/**
 * What spending a confirmation's nonce came to: spent now; spent before; or sealed under an earlier
 * epoch, before the record of spent nonces was lost, so whether it was spent can no longer be known.
 */
export type Claim = "claimed" | "used" | "stale";

export interface FleetStore extends RateWindows, PollCoordinator {
  /** "redis" while the fleet's Redis answers; "process" without one, or while it is lost. */
  readonly sharing: () => "redis" | "process";
  /** Whether replicas are meant to share through Redis (so "process" means it is lost). */
  readonly shared: boolean;
  /**
   * The epoch of the record of spent nonces, sealed into each confirmation at issue: it changes
   * whenever that record is lost (Redis emptied or restarted without persistence; for one process,
   * a restart), so nothing issued before can be spent again.
   */
  epoch(): Promise<string>;
  /** Spends a key once within `ttlMs`, fleet-wide, if `epoch` is still the current one. */
  claimOnce(key: string, ttlMs: number, epoch: string): Promise<Claim>;
  /** Appends a confirmed action to the audit trail that outlives this replica. */
  audit(entry: Record<string, string>): Promise<void>;
  /** Keeps a record any replica can read back (a task's state) until `ttlMs` after this write. */
  putRecord(key: string, value: string, ttlMs: number): Promise<void>;
  getRecord(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Keys spent in this process, each forgotten when its time to live ends. */
export class SpentKeys {
  private readonly expiries = new Map<string, number>();

  /** True the first time a key is spent within its time to live. */
  spend(key: string, ttlMs: number): boolean {
    const now = Date.now();
    for (const [k, expires] of this.expiries) if (expires <= now) this.expiries.delete(k);
    if (this.expiries.has(key)) return false;
    this.expiries.set(key, now + ttlMs);
    return true;
  }

  /** The keys still live, with the milliseconds each has left. */
  live(): { key: string; ttlMs: number }[] {
    const now = Date.now();
    return [...this.expiries]
      .filter(([, expires]) => expires > now)
      .map(([key, expires]) => ({ key, ttlMs: expires - now }));
  }
}

/** One process's own state: what a single replica needs, and what each falls back to. */
export class LocalFleetStore extends LocalRateWindows implements FleetStore {
  private readonly spent = new SpentKeys();
  // Its own epoch: a confirmation from an earlier run that shared MIGRATE_MCP_CONFIRM_SECRET is stale.
  private readonly ownEpoch = randomUUID();
  private readonly records = new Map<string, { value: string; expires: number }>();
  readonly sharing = () => "process" as const;
  readonly shared = false;
  readonly lead = SOLO.lead;
  readonly publish = SOLO.publish;
  readonly follow = SOLO.follow;
  readonly release = SOLO.release;

  async epoch(): Promise<string> {
    return this.ownEpoch;
  }

  async claimOnce(key: string, ttlMs: number, epoch: string): Promise<Claim> {
    if (epoch !== this.ownEpoch) return "stale";
    return this.spent.spend(key, ttlMs) ? "claimed" : "used";
  }

  // The audit line is logged by the gate; in one process the log is the trail.
  async audit(): Promise<void> {}

  async putRecord(key: string, value: string, ttlMs: number): Promise<void> {
    const now = Date.now();
    for (const [k, r] of this.records) if (r.expires <= now) this.records.delete(k);
    this.records.set(key, { value, expires: now + ttlMs });
  }

  async getRecord(key: string): Promise<string | undefined> {
    const record = this.records.get(key);
    return record && record.expires > Date.now() ? record.value : undefined;
  }

  async close(): Promise<void> {}
}
