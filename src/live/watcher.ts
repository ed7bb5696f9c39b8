/**
 * Live batch statistics: ONE upstream poller per batch for the whole process, however many resource
 * subscribers, sessions and `wait_for_migration` calls follow it. Listeners hear only changes; the
 * poller stops when its last listener leaves, the run has finished or the batch cannot be read (it
 * does not exist, access refused), and `kick` wakes it when a run is started through this server.
 */
import type { Logger } from "pino";
import type { CloudMClient } from "../api/cloudm/client.js";
import { ApiError } from "../api/errors.js";
import { isSettled, type StatisticsRecord } from "../api/cloudm/schemas/index.js";

/** `initial` marks the figures a new listener is handed on arrival, before any change. */
export type StatisticsListener = (stats: StatisticsRecord, initial: boolean) => void;
/** Hears a poll failure that retrying will not cure (the batch does not exist, access refused). */
export type StatisticsFailureListener = (error: ApiError) => void;

interface Poller {
  listeners: Set<StatisticsListener>;
  failureListeners: Map<StatisticsListener, StatisticsFailureListener>;
  timer: NodeJS.Timeout | undefined;
  last: StatisticsRecord | undefined;
  lastKey: string | undefined;
  polling: boolean;
  /** Kicked while a poll was in flight: that poll's answer may predate the kick, so poll once more. */
  kickedWhilePolling: boolean;
  /** Kicked since the last poll: `last` may predate a start or stop, so followers wait for a fresh poll. */
  stale: boolean;
  /** Followers that joined while the figures were stale: the next poll hands them its figures, changed or not. */
  unserved: Set<StatisticsListener>;
}

/** What counts as "the figures changed" (the reader keeps no clock-driven figures such as running time). */
function figuresKey(stats: StatisticsRecord): string {
  return JSON.stringify(stats);
}

export class StatisticsWatcher {
  private readonly pollers = new Map<string, Poller>();
  /** Upstream statistics requests made, for tests and benchmarks. */
  pollCount = 0;

  constructor(
    private readonly cloudm: CloudMClient,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Follows a batch; returns the function that stops following it. */
  subscribe(
    configurationId: string,
    listener: StatisticsListener,
    onFailure?: StatisticsFailureListener,
  ): () => void {
    const key = configurationId.toLowerCase();
    let poller = this.pollers.get(key);
    if (!poller) {
      poller = {
        listeners: new Set(),
        failureListeners: new Map(),
        timer: undefined,
        last: undefined,
        lastKey: undefined,
        polling: false,
        kickedWhilePolling: false,
        stale: false,
        unserved: new Set(),
      };
      this.pollers.set(key, poller);
    }
    poller.listeners.add(listener);
    if (onFailure) poller.failureListeners.set(listener, onFailure);
    if (poller.last && !poller.stale) listener(poller.last, true);
    else poller.unserved.add(listener);
    if (!poller.timer && !poller.polling) this.schedule(key, poller, 0);
    return () => this.unsubscribe(key, listener);
  }

  /**
   * The figures last polled for a batch someone follows, so a resource read after a change notice is
   * served without a second upstream GET; undefined when nobody follows it or a kick made them stale.
   */
  latest(configurationId: string): StatisticsRecord | undefined {
    const poller = this.pollers.get(configurationId.toLowerCase());
    return poller && !poller.stale ? poller.last : undefined;
  }

  /** A run was started or stopped through this server: poll again now, even if the batch had finished. */
  kick(configurationId: string): void {
    const key = configurationId.toLowerCase();
    const poller = this.pollers.get(key);
    if (!poller) return;
    // Figures from before the kick would tell a new follower (a wait) the run has not started.
    poller.stale = true;
    if (poller.polling) {
      poller.kickedWhilePolling = true;
      return;
    }
    clearTimeout(poller.timer);
    this.schedule(key, poller, 0);
  }

  /** Batches being polled now. */
  get activePollers(): number {
    return [...this.pollers.values()].filter((p) => p.timer !== undefined || p.polling).length;
  }

  close(): void {
    for (const poller of this.pollers.values()) clearTimeout(poller.timer);
    this.pollers.clear();
  }

  private unsubscribe(key: string, listener: StatisticsListener): void {
    const poller = this.pollers.get(key);
    if (!poller) return;
    poller.listeners.delete(listener);
    poller.failureListeners.delete(listener);
    poller.unserved.delete(listener);
    if (poller.listeners.size === 0) {
      clearTimeout(poller.timer);
      this.pollers.delete(key);
    }
  }

  private schedule(key: string, poller: Poller, delayMs: number): void {
    poller.timer = setTimeout(() => void this.poll(key, poller), delayMs);
    // A watcher alone must not keep the process alive.
    poller.timer.unref();
  }

  private async poll(key: string, poller: Poller): Promise<void> {
    poller.timer = undefined;
    poller.polling = true;
    poller.kickedWhilePolling = false;
    let finished = false;
    try {
      this.pollCount++;
      const stats = await this.cloudm.getStatistics(key);
      const figures = figuresKey(stats);
      const changed = figures !== poller.lastKey;
      const initial = poller.last === undefined;
      poller.last = stats;
      poller.lastKey = figures;
      const unserved = poller.unserved;
      poller.unserved = new Set();
      if (!poller.kickedWhilePolling) poller.stale = false;
      for (const listener of [...poller.listeners])
        if (changed || unserved.has(listener)) listener(stats, initial || unserved.has(listener));
      finished = isSettled(stats);
    } catch (error) {
      // A batch that does not exist, or refused access, stays so: polling again would only repeat the
      // warning every interval. A kick (a run started here) or a new follower polls once more.
      const lasting = error instanceof ApiError && !error.retryable;
      if (lasting) for (const onFailure of [...poller.failureListeners.values()]) onFailure(error);
      finished = lasting;
      this.logger.warn(
        { configurationId: key, err: (error as Error).message },
        lasting
          ? "statistics poll failed; stopped following this batch"
          : "statistics poll failed; will retry",
      );
    } finally {
      poller.polling = false;
    }
    const again = !finished || poller.kickedWhilePolling;
    if (this.pollers.get(key) === poller && poller.listeners.size > 0 && again)
      this.schedule(key, poller, this.intervalMs);
  }
}
