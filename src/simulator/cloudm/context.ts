/**
 * What every simulated CloudM route needs: the tenant state, the clock, the token secret, and the
 * profile, which decides how much of our guessed API a route answers with.
 */
import type { SimClock } from "../clock.js";
import type { SimResponse } from "../http-server.js";
import { problem } from "../problems.js";
import { advance } from "./engine.js";
import type { CloudMState, SimBatch, SimConnection, SimProject } from "./state.js";

/**
 * `full`: every endpoint, with our richer guessed shapes. `guide`: only the endpoints the public guide
 * documents, answering only what it shows (minimal plausible shapes elsewhere), so a client can be
 * checked against the contract rather than against our own guesses.
 */
export type CloudMProfile = "full" | "guide";

/**
 * How create-connection-batch answers: `object` is `{ configurationId }`, `string` the bare GUID as a
 * JSON string ("Returns a configurationId (GUID)" reads either way); `batch` is the full profile's
 * whole batch view.
 */
export type CreateBatchAnswer = "batch" | "object" | "string";

/** What a connection's secret settings read back as: the mask, or null (as some instances do). */
export type SecretsReadBack = "masked" | "null";

export interface CloudMContext {
  profile: CloudMProfile;
  createBatchAnswer: CreateBatchAnswer;
  secretsReadBack: SecretsReadBack;
  state: CloudMState;
  clock: SimClock;
  secret: Buffer;
  tokenLifetimeSeconds: number;
  /** Tokens issued so far; the next one's `jti`. */
  tokensIssued: number;
  /** Every access token issued, in order: tests scan output for them (secret-leak checks). */
  issuedTokens: string[];
  /** Tokens with a lower `jti` are refused as expired: "revoke all sessions". */
  revokedBelow: number;
}

export type Found<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

export function findConnection(ctx: CloudMContext, id: number, field = "connectionId"): Found<SimConnection> {
  const value = ctx.state.connections.get(id);
  return value
    ? { ok: true, value }
    : { ok: false, response: problem(404, `No connection with ${field} ${id}`) };
}

export function findProject(ctx: CloudMContext, projectId: string): Found<SimProject> {
  const value = ctx.state.projects.get(projectId.toLowerCase());
  return value
    ? { ok: true, value }
    : { ok: false, response: problem(404, `No project with projectId '${projectId}'`) };
}

/** Finds a batch and brings its run up to the simulated now, so every read sees current progress. */
export function findBatch(ctx: CloudMContext, configurationId: string | null): Found<SimBatch> {
  if (!configurationId) {
    return {
      ok: false,
      response: problem(400, "configurationId is required", {
        configurationId: ["The configurationId field is required."],
      }),
    };
  }
  const value = ctx.state.batches.get(configurationId.toLowerCase());
  if (!value)
    return { ok: false, response: problem(404, `No batch with configurationId '${configurationId}'`) };
  advance(ctx.state, value, ctx.clock.now());
  return { ok: true, value };
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
