/**
 * What open dashboards read their figures from: the statistics watcher, never the instance directly.
 * A dashboard asks every interval; each ask renews a lease on the batch, and while any lease holds the
 * feed follows the batch through the watcher, so ten dashboards on one batch are one watcher listener
 * and one upstream poll per interval (the fleet's lease included). When the views stop asking (the host
 * tore them down) the lease lapses and the feed lets the batch go. The feed keeps the data moved at
 * each change it heard, so a dashboard opened late still draws throughput over time.
 */
import type { StatisticsRecord } from "../api/cloudm/schemas/index.js";
import { TimeoutError } from "../api/errors.js";
import type { Sample } from "../views/migration-charts.js";
import type { StatisticsWatcher } from "./watcher.js";

/** The shortest wait for a poll's figures: a loaded machine or a slow instance takes seconds. */
const MIN_WAIT_MS = 10_000;
/** Enough for hours of changes at one a minute; older samples are dropped first. */
const HISTORY_LIMIT = 240;

export interface FeedReading {
  stats: StatisticsRecord;
  history: readonly Sample[];
}

interface Followed {
  /** Settles once the watcher follows the batch (it exists); rejects with the watcher's read error. */
  started: Promise<void>;
  stop: () => void;
  history: Sample[];
  waiting: Set<(stats: StatisticsRecord) => void>;
  lease: NodeJS.Timeout | undefined;
}

export class DashboardFeed {
  private readonly followed = new Map<string, Followed>();

  /** How long a batch stays followed after the last ask: a view that missed two asks has gone. */
  private readonly leaseMs: number;

  /** `intervalMs`: the watcher's poll interval, which is also how often a view should ask. */
  constructor(
    private readonly watcher: StatisticsWatcher,
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.leaseMs = 3 * intervalMs;
  }

  /** The batch's latest figures and their history; the first ask of a batch nobody follows reads it once. */
  async read(configurationId: string, signal?: AbortSignal): Promise<FeedReading> {
    const key = configurationId.toLowerCase();
    const entry = this.followed.get(key) ?? this.follow(key);
    this.renew(key, entry);
    await entry.started;
    // The watcher's own latest: after a kick (a run started here) it has none until the next poll.
    const stats = this.watcher.latest(key) ?? (await this.next(entry, key, signal));
    return { stats, history: entry.history };
  }

  /** Batches followed for open dashboards now. */
  get size(): number {
    return this.followed.size;
  }

  close(): void {
    for (const key of [...this.followed.keys()]) this.release(key);
  }

  private follow(key: string): Followed {
    const entry: Followed = {
      started: Promise.resolve(),
      stop: () => undefined,
      history: [],
      waiting: new Set(),
      lease: undefined,
    };
    entry.started = this.watcher
      .subscribeExisting(key, (stats) => this.hear(entry, stats))
      .then(
        (stop) => {
          if (this.followed.get(key) === entry) entry.stop = stop;
          else stop();
        },
        (error: unknown) => {
          if (this.followed.get(key) === entry) this.release(key);
          throw error;
        },
      );
    this.followed.set(key, entry);
    return entry;
  }

  private hear(entry: Followed, stats: StatisticsRecord): void {
    const bytes = stats.summary.sizeImportedBytes;
    if (bytes !== undefined) {
      entry.history.push({
        at: new Date(this.now()).toISOString(),
        bytes,
        ...(stats.progressPercent === undefined ? {} : { progressPercent: stats.progressPercent }),
      });
      if (entry.history.length > HISTORY_LIMIT) entry.history.shift();
    }
    for (const waiter of [...entry.waiting]) waiter(stats);
    entry.waiting.clear();
  }

  /**
   * Figures the watcher has not handed yet (a kick made its last ones stale, or its polls are failing):
   * the next poll's, waited for three intervals (ten seconds at least, a slow instance's poll) at
   * most, after which asking again later may help.
   */
  private next(entry: Followed, key: string, signal: AbortSignal | undefined): Promise<StatisticsRecord> {
    const waitMs = Math.max(3 * this.intervalMs, MIN_WAIT_MS);
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
        entry.waiting.delete(hear);
      };
      const hear = (stats: StatisticsRecord) => {
        settle();
        resolve(stats);
      };
      const aborted = () => {
        settle();
        reject(signal?.reason instanceof Error ? signal.reason : new Error("cancelled"));
      };
      const timer = setTimeout(() => {
        settle();
        reject(
          new TimeoutError(
            `No statistics of batch ${key} arrived in ${waitMs / 1000} s: the instance has not answered the last polls`,
            { provider: "cloudm", operation: "getStatistics" },
            true,
          ),
        );
      }, waitMs);
      if (signal?.aborted) return aborted();
      signal?.addEventListener("abort", aborted, { once: true });
      entry.waiting.add(hear);
    });
  }

  private renew(key: string, entry: Followed): void {
    clearTimeout(entry.lease);
    entry.lease = setTimeout(() => this.release(key), this.leaseMs);
    // Following a batch for a dashboard must not keep the process alive.
    entry.lease.unref();
  }

  private release(key: string): void {
    const entry = this.followed.get(key);
    if (!entry) return;
    clearTimeout(entry.lease);
    this.followed.delete(key);
    entry.stop();
  }
}
