/**
 * API-key authentication and the per-plan rate limit. Both run before a route's handler, in the
 * shared plumbing's `authenticate` hook, so a refused request never reaches the account state.
 */
import type { SimRequest, SimResponse } from "../http-server.js";
import type { MigrateCloudsContext, SimApiKey } from "./context.js";
import { failure } from "./envelope.js";
import { retryAfterSeconds } from "./rate-limit.js";
import { PLANS } from "./wire.js";

/** Simulator-only keys: they open nothing but this simulator. */
export const DEMO_PRO_KEY = "mc_sim_pro_SIMULATOR_ONLY_not_a_real_key";
export const DEMO_ENTERPRISE_KEY = "mc_sim_ent_SIMULATOR_ONLY_not_a_real_key";

export const DEMO_API_KEYS: readonly SimApiKey[] = [
  { key: DEMO_PRO_KEY, plan: "pro" },
  { key: DEMO_ENTERPRISE_KEY, plan: "enterprise" },
];

const PLAN_NAMES = { pro: "Pro", enterprise: "Enterprise" } as const;
export const planName = (key: SimApiKey): string => PLAN_NAMES[key.plan];

function bearer(request: SimRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

/** Refuses a request without a known API key, or over its plan's rate; undefined lets it through. */
export function authenticate(
  ctx: MigrateCloudsContext,
  request: SimRequest,
  forceRefused: boolean,
): SimResponse | undefined {
  if (request.headers.authorization === undefined)
    return failure(
      401,
      "authentication_error",
      "Missing API key",
      "Send 'Authorization: Bearer <API key>' with a key from Settings > API Keys",
    );
  const given = bearer(request);
  if (!given)
    return failure(
      401,
      "authentication_error",
      "Malformed Authorization header",
      "Expected 'Authorization: Bearer <API key>'",
    );
  const key = ctx.keys.get(given);
  // An injected "expired token" fault reads, for an API key, as a key refused for this one request.
  if (!key || forceRefused)
    return failure(
      401,
      "authentication_error",
      "Invalid API key",
      "The API key is unknown or has been revoked; generate a new one in Settings > API Keys",
    );
  const limit = PLANS[key.plan];
  const admission = ctx.limiter.take(key.key, limit, ctx.clock.now());
  if (!admission.ok) {
    const seconds = retryAfterSeconds(admission.waitMs, ctx.clock.currentSpeed);
    return {
      ...failure(
        429,
        "rate_limit_exceeded",
        `Rate limit exceeded: the ${planName(key)} plan allows ${limit} requests per minute`,
        `Retry after ${seconds} second${seconds === 1 ? "" : "s"}`,
      ),
      headers: { "retry-after": String(seconds) },
    };
  }
  return undefined;
}

/** The key of an authenticated request (the hook has already checked it). */
export function callerOf(ctx: MigrateCloudsContext, request: SimRequest): SimApiKey {
  const key = ctx.keys.get(bearer(request) ?? "");
  if (!key) throw new Error("route reached without a valid API key");
  return key;
}
