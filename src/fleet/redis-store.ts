/**
 * The fleet's shared state on Redis (node-redis). Every operation is one atomic command or script.
 * When Redis cannot be reached an operation falls back to this replica's own store at once (the
 * client does not queue commands while disconnected), the loss is logged once, and sharing resumes
 * by itself when the client has reconnected and written back the confirmations spent meanwhile.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { RedisClientType } from "@redis/client";
import type { StatisticsRecord } from "../api/cloudm/schemas/index.js";
import { type Claim, type FleetStore, LocalFleetStore, SpentKeys } from "./store.js";

const PREFIX = "migrate-mcp:";
const AUDIT_STREAM = `${PREFIX}audit`;
const AUDIT_KEEP = 10_000;
const EPOCH_KEY = `${PREFIX}epoch`;
const claimKey = (key: string) => `${PREFIX}claim:${key}`;
const pxOf = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));

/*
 * Single use, failing closed. Redis alone cannot promise it: it may restart empty (no persistence),
 * be emptied (FLUSHALL), lose its last second of writes (AOF fsync every second), or be away while
 * replicas spend confirmations on their own. So:
 * - a replica records every nonce it spends itself too, Redis up or not, and looks there first: it
 *   never accepts one twice, whatever Redis has forgotten;
 * - on every reconnect it writes the nonces it still holds back to Redis (SET NX, with the time each
 *   has left), so what it spent while Redis was away, or what Redis lost, is spent for the fleet;
 * - a fleet epoch (a random id at migrate-mcp:epoch, created by whichever replica first finds it
 *   missing) is sealed into each confirmation at issue, and one script compares it with the current
 *   epoch and spends the nonce in one atomic step. A Redis that lost its claims lost the epoch with
 *   them: the next replica to look creates a new one, and every confirmation issued before is refused
 *   as stale instead of being spent a second time. The epoch is read afresh at each issue (one round
 *   trip) and inside the claim script (none extra), so no cached copy is trusted while Redis answers.
 * While Redis is away, a replica issues and checks confirmations under the last epoch it read, not an
 * epoch of its own: such a confirmation works on whichever replica the client's next request reaches
 * (a 2026-07-28 retry has no affinity), at most once on each while Redis is away (as one issued before
 * the outage, which no replica could tell apart anyway), once for the fleet after it is back, and not
 * at all if Redis comes back empty.
 */

// ARGV[1]: a fresh random id, the epoch if there is none. No expiry: it goes only with everything else.
const CURRENT_EPOCH = `
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
end`;

const EPOCH = `${CURRENT_EPOCH}
return epoch`;

// ARGV[2]: the epoch the confirmation was sealed under; ARGV[3]: its time left, in ms.
const CLAIM = `${CURRENT_EPOCH}
if epoch ~= ARGV[2] then return {'stale', epoch} end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return {'claimed', epoch} end
return {'used', epoch}`;

// Slots are dated by Redis's own clock, so replicas on machines whose clocks differ agree.
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return -1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now`;

// Takes a free lease or renews our own; another holder's stands until it lapses.
const LEAD = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

const END_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', 'GT', now, ARGV[1])
return 1`;

export class RedisFleetStore implements FleetStore {
  private readonly local = new LocalFleetStore();
  /** Every nonce this replica spent, kept until it expires (see above). */
  private readonly spent = new SpentKeys();
  /**
   * The fleet's epoch as last read; until Redis first answers, one of this replica's own, so what it
   * seals then is stale once Redis is reached.
   */
  private known: string = randomUUID();
  private lost = false;
  readonly shared = true;
  /** This replica, as a lease holder. */
  private readonly holder = randomUUID();
  /** Subscriptions need a connection of their own (RESP pub/sub), opened with the first follow. */
  private subscriber: { client: RedisClientType; ready: Promise<unknown> } | undefined;

  constructor(
    private readonly client: RedisClientType,
    private readonly logger: Logger,
  ) {
    client.on("ready", () => void this.rejoin());
  }

  /** Back after a reconnect: writes back the nonces this replica holds, then shares again. */
  private async rejoin(): Promise<void> {
    try {
      await Promise.all(
        this.spent.live().map(({ key, ttlMs }) =>
          this.client.set(claimKey(key), "1", {
            condition: "NX",
            expiration: { type: "PX", value: pxOf(ttlMs) },
          }),
        ),
      );
    } catch (error) {
      this.lose(error);
      return;
    }
    if (!this.lost) return;
    this.lost = false;
    this.logger.info("Redis is back: replicas share confirmations, rate windows and the audit trail again");
  }

  readonly sharing = () => (this.client.isReady && !this.lost ? ("redis" as const) : ("process" as const));

  /** Runs `shared` on Redis, or `fallback` on this replica's own state when Redis cannot answer. */
  private async either<T>(shared: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.client.isReady) {
      try {
        return await shared();
      } catch (error) {
        this.lose(error);
      }
    } else this.lose(new Error("not connected"));
    return fallback();
  }

  private lose(error: unknown): void {
    if (this.lost) return;
    this.lost = true;
    this.logger.warn(
      { err: (error as Error).message },
      "Redis unreachable: this replica falls back to its own confirmations, rate window and audit log until it returns",
    );
  }

  epoch(): Promise<string> {
    return this.either(
      async () =>
        (this.known = String(
          await this.client.eval(EPOCH, { keys: [EPOCH_KEY], arguments: [randomUUID()] }),
        )),
      async () => this.known,
    );
  }

  async claimOnce(key: string, ttlMs: number, epoch: string): Promise<Claim> {
    if (!this.spent.spend(key, ttlMs)) return "used";
    return this.either(
      async () => {
        const [claim, current] = (await this.client.eval(CLAIM, {
          keys: [EPOCH_KEY, claimKey(key)],
          arguments: [randomUUID(), epoch, String(pxOf(ttlMs))],
        })) as [Claim, string];
        this.known = current;
        return claim;
      },
      async () => (epoch === this.known ? "claimed" : "stale"),
    );
  }

  take(key: string, limit: number, windowMs: number): Promise<{ slot: string } | { waitMs: number }> {
    return this.either(
      async () => {
        const slot = randomUUID();
        const wait = Number(
          await this.client.eval(TAKE_SLOT, {
            keys: [`${PREFIX}window:${key}`],
            arguments: [String(Math.ceil(windowMs)), String(limit), slot],
          }),
        );
        return wait < 0 ? { slot } : { waitMs: wait };
      },
      () => this.local.take(key, limit, windowMs),
    );
  }

  end(key: string, slot: string): Promise<void> {
    return this.either(
      async () => {
        await this.client.eval(END_SLOT, { keys: [`${PREFIX}window:${key}`], arguments: [slot] });
      },
      () => this.local.end(key, slot),
    );
  }

  pause(key: string, untilMs: number): Promise<void> {
    return this.either(
      async () => {
        const ms = Math.ceil(untilMs - Date.now());
        if (ms > 0)
          await this.client.set(`${PREFIX}pause:${key}`, String(untilMs), {
            expiration: { type: "PX", value: ms },
          });
      },
      () => this.local.pause(key, untilMs),
    );
  }

  pausedUntil(key: string): Promise<number> {
    return this.either(
      async () => Number((await this.client.get(`${PREFIX}pause:${key}`)) ?? 0),
      () => this.local.pausedUntil(key),
    );
  }

  audit(entry: Record<string, string>): Promise<void> {
    return this.either(
      async () => {
        await this.client.xAdd(AUDIT_STREAM, "*", entry, {
          TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: AUDIT_KEEP },
        });
      },
      () => this.local.audit(),
    );
  }

  putRecord(key: string, value: string, ttlMs: number): Promise<void> {
    return this.either(
      async () => {
        await this.client.set(`${PREFIX}record:${key}`, value, {
          expiration: { type: "PX", value: pxOf(ttlMs) },
        });
      },
      () => this.local.putRecord(key, value, ttlMs),
    );
  }

  /** Redis's copy, else one this replica wrote while Redis was lost. */
  getRecord(key: string): Promise<string | undefined> {
    return this.either(
      async () => (await this.client.get(`${PREFIX}record:${key}`)) ?? this.local.getRecord(key),
      () => this.local.getRecord(key),
    );
  }

  lead(key: string, leaseMs: number): Promise<boolean> {
    return this.either(
      async () =>
        Number(
          await this.client.eval(LEAD, {
            keys: [`${PREFIX}lease:${key}`],
            arguments: [this.holder, String(leaseMs)],
          }),
        ) === 1,
      // Without Redis every replica polls for its own listeners, as one process does.
      async () => true,
    );
  }

  publish(key: string, stats: StatisticsRecord): void {
    if (!this.client.isReady) return;
    void this.client
      .publish(`${PREFIX}stats:${key}`, JSON.stringify(stats))
      .catch((error: unknown) => this.lose(error));
  }

  follow(key: string, onFigures: (stats: StatisticsRecord) => void): () => void {
    const channel = `${PREFIX}stats:${key}`;
    const listener = (message: string) => onFigures(JSON.parse(message) as StatisticsRecord);
    const subscriber = (this.subscriber ??= this.openSubscriber());
    const subscribed = subscriber.ready
      .then(() => subscriber.client.subscribe(channel, listener))
      .catch((error: unknown) => this.lose(error));
    return () => {
      void subscribed.then(() => subscriber.client.unsubscribe(channel, listener)).catch(() => undefined);
    };
  }

  private openSubscriber(): { client: RedisClientType; ready: Promise<unknown> } {
    const client = this.client.duplicate();
    // The main connection reports the loss; an unheard 'error' event would end the process.
    client.on("error", () => undefined);
    return { client, ready: client.connect() };
  }

  release(key: string): void {
    if (!this.client.isReady) return;
    void this.client
      .eval(RELEASE, { keys: [`${PREFIX}lease:${key}`], arguments: [this.holder] })
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    this.subscriber?.client.destroy();
    this.client.destroy();
  }
}
