/**
 * Starts the MigrateClouds simulator: real HTTP on 127.0.0.1 under `/v1`, API-key auth with the
 * per-plan rate limit, seeded file trees for five services, transfers and webhooks over a simulated
 * clock, and fault injection, on the plumbing shared with the CloudM simulator (http-server.ts).
 */
import { SimClock } from "../clock.js";
import { FaultInjector, type FaultRates } from "../faults.js";
import { type RequestRecord, type Route, startHttpSimulator } from "../http-server.js";
import type { MigrateCloudsContext, MigrateCloudsProfile, SimApiKey } from "./context.js";
import { codeForStatus, failure } from "./envelope.js";
import { fileRoutes } from "./file-routes.js";
import { authenticate, DEMO_API_KEYS } from "./keys.js";
import { SlidingWindowLimiter } from "./rate-limit.js";
import { MigrateCloudsState } from "./state.js";
import { transferRoutes } from "./transfer-routes.js";
import { advanceTransfers, setServiceConnected } from "./transfers.js";
import { webhookRoutes } from "./webhook-routes.js";
import { type DeliveryRecord, WebhookDeliverer } from "./webhooks.js";
import type { Service } from "./wire.js";

export { DEMO_API_KEYS, DEMO_ENTERPRISE_KEY, DEMO_PRO_KEY } from "./keys.js";
export type { MigrateCloudsProfile, SimApiKey } from "./context.js";
export type { DeliveryRecord } from "./webhooks.js";

export interface MigrateCloudsSimulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Same seed, same trees, ids and timings. */
  seed?: number;
  /** How many times faster than real time the simulated clock runs (rate-limit minute, transfers). */
  clockSpeed?: number;
  /** The keys it accepts, each with its plan; default DEMO_API_KEYS (one Pro, one Enterprise). */
  apiKeys?: readonly SimApiKey[];
  faults?: FaultRates;
  /** Services that start disconnected (all five start connected by default). */
  disconnectedServices?: readonly Service[];
  /** Real milliseconds between background engine ticks, which deliver events nobody polls for. */
  tickMs?: number;
  /** Real milliseconds before a failed webhook delivery's one retry. */
  webhookRetryDelayMs?: number;
  /**
   * `full` (the default): GET /v1/files/list reads a JSON body when one is sent, else the query.
   * `guide`: it reads the JSON body only, as the overview's example sends it.
   */
  profile?: MigrateCloudsProfile;
}

export interface MigrateCloudsSimulator {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  profile: MigrateCloudsProfile;
  clock: SimClock;
  faults: FaultInjector;
  requests: RequestRecord[];
  /** Requests whose matched route is `METHOD pattern` (e.g. `GET /v1/files/list`). */
  countRequests: (route: string) => number;
  keys: readonly SimApiKey[];
  state: MigrateCloudsState;
  /** 429s the plan rate limit sent (for one key, or all); injected 429 faults are not counted here. */
  rateLimitRejections: (key?: string) => number;
  /** Webhook deliveries finished so far (delivered or given up), most recent last. */
  deliveries: DeliveryRecord[];
  /** Resolves when no webhook delivery is queued or in flight. */
  webhooksSettled: () => Promise<void>;
  /** Brings transfers up to the simulated now (requests and the background tick do this too). */
  tick: () => void;
  /** Connects or disconnects a service, raising service.* events; running transfers using it fail. */
  setServiceConnected: (service: Service, connected: boolean) => void;
  close: () => Promise<void>;
}

function keyMap(keys: readonly SimApiKey[]): Map<string, SimApiKey> {
  if (keys.length === 0) throw new Error("the MigrateClouds simulator needs at least one API key");
  const map = new Map<string, SimApiKey>();
  for (const key of keys) {
    if (map.has(key.key)) throw new Error("the MigrateClouds simulator was given the same API key twice");
    map.set(key.key, { ...key });
  }
  return map;
}

export async function startMigrateCloudsSimulator(
  options: MigrateCloudsSimulatorOptions = {},
): Promise<MigrateCloudsSimulator> {
  const seed = options.seed ?? 42;
  const clockSpeed = options.clockSpeed ?? 1;
  const keys = keyMap(options.apiKeys ?? DEMO_API_KEYS);
  const state = new MigrateCloudsState(seed, options.disconnectedServices);
  const ctx: MigrateCloudsContext = {
    profile: options.profile ?? "full",
    state,
    clock: new SimClock(clockSpeed),
    keys,
    limiter: new SlidingWindowLimiter(),
  };
  const deliverer = new WebhookDeliverer((id) => state.webhooks.has(id), options.webhookRetryDelayMs);
  state.onEvent = (event) => {
    for (const webhook of state.webhooks.values()) {
      const mine = event.owner === undefined || event.owner === webhook.owner;
      if (mine && webhook.events.includes(event.type)) deliverer.enqueue(webhook, event);
    }
  };
  const tick = () => advanceTransfers(state, ctx.clock.now());
  // Lazily, like the CloudM engine: every request first brings transfers up to the simulated now.
  const withEngine = (routes: readonly Route[]): Route[] =>
    routes.map((route) => ({
      ...route,
      handler: (request) => {
        tick();
        return route.handler(request);
      },
    }));
  const faults = new FaultInjector(options.faults, seed);
  const server = await startHttpSimulator({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    routes: withEngine([...fileRoutes(ctx), ...transferRoutes(ctx), ...webhookRoutes(ctx)]),
    faults,
    now: () => ctx.clock.now(),
    hooks: {
      error: (status, _code, message) => failure(status, codeForStatus(status), message),
      authenticate: (request, forceExpired) => authenticate(ctx, request, forceExpired),
    },
  });
  // And in the background, so webhooks fire even when nobody polls.
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      // A timer must never take the host process down; keep the error for tests to see.
      state.engineError = error as Error;
    }
  }, options.tickMs ?? 200);
  timer.unref();

  return {
    url: `${server.url}/v1`,
    profile: ctx.profile,
    clock: ctx.clock,
    faults,
    requests: server.requests,
    countRequests: (route) =>
      server.requests.filter((r) => r.route.toLowerCase() === route.toLowerCase()).length,
    keys: [...keys.values()],
    state,
    rateLimitRejections: (key) => ctx.limiter.rejected(key),
    deliveries: deliverer.deliveries,
    webhooksSettled: () => deliverer.settled(),
    tick,
    setServiceConnected: (service, connected) =>
      setServiceConnected(state, service, connected, ctx.clock.now()),
    close: async () => {
      clearInterval(timer);
      await deliverer.close();
      await server.close();
    },
  };
}
