/**
 * Fault injection for the simulators: random faults at configured rates (seeded), and scripted faults
 * queued for the next matching requests so a test can say exactly what goes wrong and when.
 */
import { seededRandom } from "./random.js";

export type FaultKind = "server_error" | "drop" | "rate_limit" | "expire_token" | BodyFaultKind;

/**
 * Answers whose body is broken, as a misconfigured proxy or a failing upstream sends them: an HTML page,
 * JSON cut off mid-answer (the connection closes before the announced length), a body far larger than any
 * real answer (streamed, never buffered), or no body at all.
 */
export type BodyFaultKind = "html" | "truncated_json" | "huge_body" | "empty_body";
export const BODY_FAULTS: readonly BodyFaultKind[] = ["html", "truncated_json", "huge_body", "empty_body"];

export interface FaultRates {
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /** Fraction of requests answered 503. */
  serverErrorRate?: number;
  /** Fraction of requests whose connection is cut without an answer. */
  dropRate?: number;
  /** Fraction of requests answered 429 with Retry-After. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Fraction of authenticated requests whose valid token is refused as expired. */
  earlyExpiryRate?: number;
}

export interface ScriptedFault {
  kind: FaultKind;
  /** Only requests with this method and a path starting with this prefix (case-insensitive). */
  method?: string;
  pathPrefix?: string;
  /** Apply the fault after the handler ran (the write happened, the answer is lost). */
  afterHandler?: boolean;
  retryAfterSeconds?: number;
  /** Body faults: the status to answer with (default 200, or the handler's after it ran). */
  status?: number;
  /** huge_body: how many bytes to stream (default 64 MiB). */
  bytes?: number;
}

export interface FaultDecision {
  kind: FaultKind;
  afterHandler: boolean;
  retryAfterSeconds: number;
  status?: number;
  bytes?: number;
}

export class FaultInjector {
  private rates: FaultRates;
  private readonly scripted: ScriptedFault[] = [];
  private readonly random: () => number;

  constructor(rates: FaultRates = {}, seed = 1) {
    this.rates = { ...rates };
    this.random = seededRandom(seed ^ 0x5eed);
  }

  setRates(rates: FaultRates): void {
    this.rates = { ...rates };
  }

  get latencyMs(): number {
    return this.rates.latencyMs ?? 0;
  }

  /** Queues `count` copies of a fault for the next matching requests. */
  enqueue(fault: ScriptedFault, count = 1): void {
    for (let i = 0; i < count; i++) this.scripted.push({ ...fault });
  }

  clear(): void {
    this.scripted.length = 0;
    this.rates = {};
  }

  /** The fault for this request, if any; `authenticated` says whether token faults can apply. */
  decide(method: string, path: string, authenticated: boolean): FaultDecision | undefined {
    const lowerPath = path.toLowerCase();
    const index = this.scripted.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.pathPrefix || lowerPath.startsWith(f.pathPrefix.toLowerCase())) &&
        (f.kind !== "expire_token" || authenticated),
    );
    const retryAfter = this.rates.retryAfterSeconds ?? 1;
    if (index >= 0) {
      const [fault] = this.scripted.splice(index, 1);
      if (fault)
        return {
          kind: fault.kind,
          afterHandler: fault.afterHandler ?? false,
          retryAfterSeconds: fault.retryAfterSeconds ?? retryAfter,
          ...(fault.status === undefined ? {} : { status: fault.status }),
          ...(fault.bytes === undefined ? {} : { bytes: fault.bytes }),
        };
    }
    const draws: Array<[FaultKind, number | undefined]> = [
      ["drop", this.rates.dropRate],
      ["server_error", this.rates.serverErrorRate],
      ["rate_limit", this.rates.rateLimitRate],
      ["expire_token", authenticated ? this.rates.earlyExpiryRate : undefined],
    ];
    for (const [kind, rate] of draws) {
      if (rate && this.random() < rate) return { kind, afterHandler: false, retryAfterSeconds: retryAfter };
    }
    return undefined;
  }
}
