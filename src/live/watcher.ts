/**
 * Live batch statistics: ONE upstream poller per batch for the whole process, however many resource
 * subscribers, sessions and `wait_for_migration` calls follow it. Listeners hear only changes; the
 * poller stops when its last listener leaves, the run has finished or the batch cannot be read (it
 * does not exist, access refused), and `kick` wakes it when a run is started through this server.
 * Across replicas a `PollCoordinator` makes it one poller per batch for the whole fleet: the replica
 * holding a batch's lease polls and publishes the figures; the others hear them and poll only after
 * the lease has lapsed (its holder died), within two intervals.
 */
import type { Logger } from "pino";
import type { CloudMClient } from "../api/cloudm/client.js";
import { ApiError } from "../api/errors.js";
import { isSettled, type StatisticsRecord } from "../api/cloudm/schemas/index.js";

/** Decides which replica polls a batch, and carries the figures to the others. */
export interface PollCoordinator {
  /** Takes or renews the batch's lease for `leaseMs`; false while another replica holds it. */
  lead(key: string, leaseMs: number): Promise<boolean>;
  publish(key: string, stats: StatisticsRecord): void;
  /** Hears the figures other replicas publish for the batch; returns the unfollow. */
  follow(key: string, onFigures: (stats: StatisticsRecord) => void): () => void;
  release(key: string): void;
}

/** One process: it always leads, and has nobody to tell. */
export const SOLO: PollCoordinator = {
  lead: async () => true,
  publish: () => undefined,
  follow: () => () => undefined,
  release: () => undefined,
};

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
  /** A kick asked for a poll here and now, lease or not (the run was started through this replica). */
  forced: boolean;
  unfollow: () => void;
}

/** What counts as "the figures changed": every figure, but not when they were read. */
function figuresKey({ answeredAt: _, ...figures }: StatisticsRecord): string {
  return JSON.stringify(figures);
}

export class StatisticsWatcher {
  private readonly pollers = new Map<string, Poller>();
  /** Upstream statistics requests made, for tests and benchmarks. */
  pollCount = 0;

  constructor(
    private readonly cloudm: CloudMClient,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly coordinator: PollCoordinator = SOLO,
  ) {}

  /** A holder renews each interval; 1.2 intervals leaves room for a slow poll, and lapses quickly. */
  private get leaseMs(): number {
    return Math.ceil(this.intervalMs * 1.2);
  }

  /** Follows a batch; returns the function that stops following it. */
  subscribe(
    configurationId: string,
    listener: StatisticsListener,
    onFailure?: StatisticsFailureListener,
  ): () => void {
    return this.join(configurationId.toLowerCase(), listener, onFailure, undefined);
  }

  /**
   * Follows a batch only once it is known to exist: one nobody follows yet is read first, and a batch
   * that cannot be read (it does not exist, access is refused, the instance is down) throws that
   * read's error and leaves no poller. The read's figures start the poller, so they cost no second GET.
   */
  async subscribeExisting(configurationId: string, listener: StatisticsListener): Promise<() => void> {
    const key = configurationId.toLowerCase();
    let known: StatisticsRecord | undefined;
    if (!this.pollers.has(key)) {
      this.pollCount++;
      known = await this.cloudm.getStatistics(key);
    }
    return this.join(key, listener, undefined, known);
  }

  /** Adds a listener, creating the batch's poller if need be; `known` are figures just read for a new one. */
  private join(
    key: string,
    listener: StatisticsListener,
    onFailure: StatisticsFailureListener | undefined,
    known: StatisticsRecord | undefined,
  ): () => void {
    const existing = this.pollers.get(key);
    // Someone may have started following while the figures were read: theirs is the poller.
    const seed = existing ? undefined : known;
    const poller = existing ?? this.create(key);
    if (seed) {
      poller.last = seed;
      poller.lastKey = figuresKey(seed);
    }
    poller.listeners.add(listener);
    if (onFailure) poller.failureListeners.set(listener, onFailure);
    if (poller.last && !poller.stale) listener(poller.last, true);
    else poller.unserved.add(listener);
    const stop = () => this.unsubscribe(key, listener);
    if (poller.timer || poller.polling) return stop;
    // Figures just read need no poll now, and a settled run none until a kick.
    if (!seed) this.schedule(key, poller, 0);
    else if (!isSettled(seed)) this.schedule(key, poller, this.intervalMs);
    return stop;
  }

  private create(key: string): Poller {
    const created: Poller = {
      listeners: new Set(),
      failureListeners: new Map(),
      timer: undefined,
      last: undefined,
      lastKey: undefined,
      polling: false,
      kickedWhilePolling: false,
      stale: false,
      unserved: new Set(),
      forced: false,
      unfollow: () => undefined,
    };
    created.unfollow = this.coordinator.follow(key, (stats) => {
      if (this.pollers.get(key) !== created) return;
      if (this.receive(created, stats) && !created.polling) clearTimeout(created.timer);
    });
    this.pollers.set(key, created);
    return created;
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
    poller.forced = true;
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
      poller.unfollow();
      this.coordinator.release(key);
      this.pollers.delete(key);
    }
  }

  private schedule(key: string, poller: Poller, delayMs: number): void {
    poller.timer = setTimeout(() => void this.poll(key, poller), delayMs);
    // A watcher alone must not keep the process alive.
    poller.timer.unref();
  }

  /** Hands figures (polled here, or published by the replica that polled) to the listeners; true when settled. */
  private receive(poller: Poller, stats: StatisticsRecord): boolean {
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
    return isSettled(stats);
  }

  private async poll(key: string, poller: Poller): Promise<void> {
    poller.timer = undefined;
    poller.polling = true;
    poller.kickedWhilePolling = false;
    const forced = poller.forced;
    poller.forced = false;
    if (!forced && !(await this.coordinator.lead(key, this.leaseMs))) {
      // Another replica polls this batch and publishes; try for the lease again in half an interval.
      poller.polling = false;
      if (this.pollers.get(key) === poller && poller.listeners.size > 0)
        this.schedule(key, poller, this.intervalMs / 2);
      return;
    }
    let finished = false;
    try {
      this.pollCount++;
      const stats = await this.cloudm.getStatistics(key);
      finished = this.receive(poller, stats);
      this.coordinator.publish(key, stats);
      if (finished) this.coordinator.release(key);
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
