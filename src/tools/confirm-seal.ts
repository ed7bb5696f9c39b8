/**
 * What a confirmation is sealed into: a confirmation token (the model holds it) or a 2026 requestState
 * (only the client holds it), HMAC-signed and bound to the principal, the tool, the exact arguments
 * and the previewed facts, expiring after the TTL, and spent once, fleet-wide with Redis. The gate
 * (confirm.ts) decides when to seal and what a refusal tells the caller; this says only whether a
 * sealed confirmation holds, and why not.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { FleetStore } from "../fleet/store.js";

export type ConfirmationKind = "token" | "state";

/** What a confirmation is bound to. `kind` keeps the two apart: neither is accepted in the other's place. */
export interface ConfirmationClaims {
  kind: ConfirmationKind;
  tool: string;
  args: string;
  principal: string;
  facts: string;
  exp: number;
  nonce: string;
  /** The fleet's epoch at issue: a confirmation outlives no reset of the record of spent ones. */
  epoch: string;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The same digest for the same value, whatever the order of its keys. */
export const digest = (value: unknown) =>
  createHash("sha256").update(canonicalJson(value)).digest("base64url");

export class ConfirmationSeals {
  private readonly secret: Buffer;

  /** `sharedSecret` lets instances behind a load balancer accept each other's seals. */
  constructor(
    private readonly ttlSeconds: number,
    private readonly fleet: FleetStore,
    sharedSecret?: string,
  ) {
    this.secret = sharedSecret ? createHash("sha256").update(sharedSecret).digest() : randomBytes(32);
  }

  /** Signs claims for this principal, tool, exact arguments and previewed facts, expiring after the TTL. */
  async seal(
    kind: ConfirmationKind,
    tool: string,
    args: Record<string, unknown>,
    principal: string,
    stableFacts: Record<string, unknown>,
  ): Promise<{ value: string; exp: number }> {
    const exp = Date.now() + this.ttlSeconds * 1000;
    const claims: ConfirmationClaims = {
      kind,
      tool,
      args: digest(args),
      principal,
      facts: digest(stableFacts),
      exp,
      nonce: randomUUID(),
      epoch: await this.fleet.epoch(),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const mac = createHmac("sha256", this.secret).update(payload).digest("base64url");
    return { value: `${payload}.${mac}`, exp };
  }

  /** Checks sealed claims and spends them: each works once (fleet-wide with Redis), for what it was issued for. */
  async open(
    kind: ConfirmationKind,
    tool: string,
    args: Record<string, unknown>,
    principal: string,
    sealed: string,
  ): Promise<ConfirmationClaims | { refusedBecause: string }> {
    const name = kind === "token" ? "confirmationToken" : "confirmation";
    const refused = (refusedBecause: string) => ({ refusedBecause });
    const [payload, mac] = sealed.split(".");
    const expected = payload ? createHmac("sha256", this.secret).update(payload).digest() : undefined;
    const given = mac ? Buffer.from(mac, "base64url") : undefined;
    if (
      !payload ||
      !expected ||
      !given ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    )
      return refused(`The ${name} is not valid (altered, truncated, or issued by another server run).`);
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as ConfirmationClaims;
    if (claims.kind !== kind) return refused(`That is not a ${name}.`);
    if (claims.tool !== tool) return refused(`The ${name} was issued for ${claims.tool}, not ${tool}.`);
    if (claims.principal !== principal)
      return refused(`The ${name} was issued in another session or to another caller.`);
    if (claims.args !== digest(args))
      return refused(
        `The ${name} was issued for different arguments; it only confirms exactly what was previewed.`,
      );
    const now = Date.now();
    if (claims.exp < now) return refused(`The ${name} expired at ${new Date(claims.exp).toISOString()}.`);
    const claim = await this.fleet.claimOnce(`confirmation:${claims.nonce}`, claims.exp - now, claims.epoch);
    if (claim === "stale")
      return refused(
        `The ${name} no longer counts: the record of used confirmations was reset after it was issued (the fleet's Redis was emptied or restarted without persistence, or the server restarted), so whether it was used cannot be known.`,
      );
    if (claim === "used") return refused(`The ${name} has already been used; each one works once.`);
    return claims;
  }
}
