/**
 * CloudM token lifecycle: log in on first use, renew shortly before expiry, and renew once after a 401.
 * Concurrent callers share one login (single flight), so a burst of calls at expiry logs in once.
 */

import { AuthError } from "../errors.js";
import type { HttpClient } from "../http.js";
import { CLOUDM_ENDPOINTS } from "./endpoints.js";
import { type LoginResponse, loginResponse } from "./schemas/index.js";

export type CloudMCredentials =
  { kind: "password"; email: string; password: string } | { kind: "token"; token: string };

export type Profile = Pick<LoginResponse, "userId" | "userName" | "email" | "role">;

interface HeldToken {
  value: string;
  /** Epoch ms after which we renew rather than use it. */
  renewAt: number;
}

const LOGIN_PATH = CLOUDM_ENDPOINTS.login.path;

/** Reads `exp` from a JWT without verifying it: only to know when a supplied token runs out. */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Renew ahead of expiry by a tenth of the lifetime, capped at a minute. */
function renewalTime(now: number, lifetimeMs: number): number {
  return now + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
}

export class CloudMAuth {
  private held: HeldToken | undefined;
  private inflight: Promise<HeldToken> | undefined;
  private profileFromLogin: Profile | undefined;
  loginCount = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CloudMCredentials,
  ) {
    if (credentials.kind === "token") {
      const expiry = jwtExpiry(credentials.token);
      this.held = { value: credentials.token, renewAt: expiry ?? Number.POSITIVE_INFINITY };
    }
  }

  get profile(): Profile | undefined {
    return this.profileFromLogin;
  }

  /** A token to send now: the held one while it is fresh, else one from a (shared) login. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.held && Date.now() < this.held.renewAt) return this.held.value;
    return (await this.renew(signal)).value;
  }

  /**
   * Upstream refused `rejected`: renew unless someone already did. Callers that saw the same stale
   * token all land on one login.
   */
  async tokenAfterRejection(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.held && this.held.value !== rejected && Date.now() < this.held.renewAt) return this.held.value;
    if (this.held?.value === rejected) this.held = undefined;
    return (await this.renew(signal)).value;
  }

  private renew(signal?: AbortSignal): Promise<HeldToken> {
    if (this.credentials.kind === "token") {
      return Promise.reject(
        new AuthError(
          "The CloudM token (CLOUDM_TOKEN) has expired or was rejected; supply a fresh token, or set CLOUDM_EMAIL and CLOUDM_PASSWORD so the server can log in itself",
          { provider: this.http.provider, operation: "auth" },
          false,
        ),
      );
    }
    if (!this.inflight) {
      const credentials = this.credentials;
      // The shared login must not die with the first caller's signal: others are waiting on it.
      this.inflight = this.login(credentials.email, credentials.password).finally(() => {
        this.inflight = undefined;
      });
    }
    const shared = this.inflight;
    if (!signal) return shared;
    return new Promise<HeldToken>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      shared.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  private async login(email: string, password: string): Promise<HeldToken> {
    this.loginCount++;
    let response: LoginResponse;
    try {
      // A login creates nothing, so it is safe to resend.
      response = await this.http.json(
        { method: "POST", path: LOGIN_PATH, json: { userEmail: email, password }, idempotent: true },
        loginResponse,
      );
    } catch (error) {
      if (error instanceof AuthError) {
        throw new AuthError(
          `CloudM login failed for ${email}: wrong email or password. Check CLOUDM_EMAIL and CLOUDM_PASSWORD`,
          {
            provider: this.http.provider,
            operation: `POST ${LOGIN_PATH}`,
            ...(error.status ? { status: error.status } : {}),
          },
          false,
        );
      }
      throw error;
    }
    if (response.passwordResetRequired) {
      throw new AuthError(
        `CloudM requires a password reset for ${email}: sign in to the CloudM web UI once to set a new password, then update CLOUDM_PASSWORD`,
        { provider: this.http.provider, operation: `POST ${LOGIN_PATH}`, code: "password_reset_required" },
        false,
      );
    }
    const { userId, userName, email: profileEmail, role } = response;
    this.profileFromLogin = { userId, userName, email: profileEmail, role };
    const now = Date.now();
    // The token's own exp wins when it is earlier: the server may round its clock.
    const expiry = Math.min(
      now + response.expiresIn * 1000,
      jwtExpiry(response.accessToken) ?? Number.POSITIVE_INFINITY,
    );
    const held = { value: response.accessToken, renewAt: renewalTime(now, expiry - now) };
    this.held = held;
    return held;
  }
}
