/**
 * What every simulated CloudM route needs: the tenant state, the clock, the token secret, and the
 * profile, which decides how much of our guessed API a route answers with. Types only, so the
 * behaviour modules can take a context without importing the engine (finders are lookup.ts's).
 */
import type { SimClock } from "../clock.js";
import type { CloudMState } from "./state.js";

/**
 * `full`: every endpoint, with our richer guessed shapes. `guide`: only the endpoints the public guide
 * documents, answering only what it shows (minimal plausible shapes elsewhere), so a client can be
 * checked against the contract rather than against our own guesses. `aspnet`: the same API served as
 * a stock ASP.NET Core application with CloudM's own models would serve it (aspnet/routes.ts); its
 * routes present the full profile's, so to every route handler it is the full profile.
 */
export type CloudMProfile = "full" | "guide" | "aspnet";

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
