/**
 * What the replicas of one deployment must hold as one: a confirmation's single use, the MigrateClouds
 * plan's window per API key (and an upstream's Retry-After pause), and the audit trail of confirmed
 * actions, the state of long jobs run as tasks, and which replica polls a batch's statistics for everyone (the figures fanned out to the
 * rest). One process (no MIGRATE_MCP_REDIS_URL) keeps them itself; with Redis the fleet shares them
 * (redis-store.ts), falling back to this process's own while Redis is unreachable.
 */
import { LocalRateWindows, type RateWindows } from "../api/migrateclouds/limiter.js";
import { type PollCoordinator, SOLO } from "../live/watcher.js";

export interface FleetStore extends RateWindows, PollCoordinator {
  /** "redis" while the fleet's Redis answers; "process" without one, or while it is lost. */
  readonly sharing: () => "redis" | "process";
  /** Whether replicas are meant to share through Redis (so "process" means it is lost). */
  readonly shared: boolean;
  /** True the first time a key is claimed within `ttlMs`, false after: single use, fleet-wide. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Appends a confirmed action to the audit trail that outlives this replica. */
  audit(entry: Record<string, string>): Promise<void>;
  /** Keeps a record any replica can read back (a task's state) until `ttlMs` after this write. */
  putRecord(key: string, value: string, ttlMs: number): Promise<void>;
  getRecord(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** One process's own state: what a single replica needs, and what each falls back to. */
export class LocalFleetStore extends LocalRateWindows implements FleetStore {
  private readonly claims = new Map<string, number>();
  private readonly records = new Map<string, { value: string; expires: number }>();
  readonly sharing = () => "process" as const;
  readonly shared = false;
  readonly lead = SOLO.lead;
  readonly publish = SOLO.publish;
  readonly follow = SOLO.follow;
  readonly release = SOLO.release;

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    for (const [k, expires] of this.claims) if (expires <= now) this.claims.delete(k);
    if (this.claims.has(key)) return false;
    this.claims.set(key, now + ttlMs);
    return true;
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
