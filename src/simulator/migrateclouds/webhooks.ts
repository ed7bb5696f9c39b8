/**
 * Webhook deliveries: each event is POSTed as JSON to the URL its webhook registered (redirects are
 * not followed), with the real-time timestamp header and, when the webhook has a secret, the signature
 * over `${timestamp}.${body}`. Fire and forget: one queue per webhook (so its events arrive in order),
 * one retry after a failure (a refused connection, a timeout or a non-2xx answer), then give up and
 * record it. Nothing here may throw into the simulator.
 */
import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import { iso } from "./envelope.js";
import type { SimEvent, SimWebhook } from "./state.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./wire.js";

export interface DeliveryRecord {
  eventId: string;
  eventType: string;
  webhookId: string;
  url: string;
  attempts: number;
  outcome: "delivered" | "failed";
  /** The receiver's last HTTP status, null when it never answered. */
  status: number | null;
  error: string | null;
}

interface Pending {
  webhook: SimWebhook;
  event: SimEvent;
}

const QUEUE_MAX = 10_000;
const RECORDS_MAX = 10_000;
const ATTEMPTS = 2;

export function eventBody(event: SimEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    created_at: iso(event.createdAt),
    data: event.data,
  });
}

export class WebhookDeliverer {
  /** The most recent deliveries (at most 10,000), in the order they finished. */
  readonly deliveries: DeliveryRecord[] = [];
  /** Events not queued because a receiver fell 10,000 behind. */
  dropped = 0;
  private readonly queues = new Map<string, Pending[]>();
  private readonly waiters: Array<() => void> = [];
  private readonly agent = new Agent({
    connect: { timeout: 5_000 },
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
    keepAliveTimeout: 1_000,
  });
  private closed = false;

  constructor(
    /** Whether the webhook still exists: deleting one stops its queued deliveries. */
    private readonly subscribed: (webhookId: string) => boolean,
    private readonly retryDelayMs = 250,
  ) {}

  enqueue(webhook: SimWebhook, event: SimEvent): void {
    if (this.closed) return;
    const queue = this.queues.get(webhook.id);
    if (queue && queue.length >= QUEUE_MAX) {
      this.dropped++;
      return;
    }
    if (queue) return void queue.push({ webhook, event });
    this.queues.set(webhook.id, [{ webhook, event }]);
    void this.pump(webhook.id);
  }

  /** Resolves once nothing is queued or in flight. */
  settled(): Promise<void> {
    if (this.queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queues.clear();
    this.wake();
    await this.agent.destroy().catch(() => undefined);
  }

  private wake(): void {
    if (this.queues.size > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Drains one webhook's queue; the queue stays in the map while it drains, marking it busy. */
  private async pump(webhookId: string): Promise<void> {
    const queue = this.queues.get(webhookId);
    try {
      for (let next = queue?.shift(); next && !this.closed; next = queue?.shift()) {
        if (!this.subscribed(webhookId)) break;
        await this.deliver(next);
      }
    } catch {
      // deliver() records its own failures; this only keeps a bug from becoming an unhandled rejection.
    } finally {
      if (this.queues.get(webhookId) === queue) this.queues.delete(webhookId);
      this.wake();
    }
  }

  private async deliver({ webhook, event }: Pending): Promise<void> {
    const body = eventBody(event);
    const record: DeliveryRecord = {
      eventId: event.id,
      eventType: event.type,
      webhookId: webhook.id,
      url: webhook.url,
      attempts: 0,
      outcome: "failed",
      status: null,
      error: null,
    };
    for (let attempt = 1; attempt <= ATTEMPTS && !this.closed; attempt++) {
      if (attempt > 1) await sleep(this.retryDelayMs, undefined, { ref: false });
      if (this.closed) break;
      record.attempts = attempt;
      try {
        record.status = await this.post(webhook, event.type, event.id, body);
        if (record.status >= 200 && record.status < 300) {
          record.outcome = "delivered";
          record.error = null;
          break;
        }
        record.error = `HTTP ${record.status}`;
      } catch (error) {
        record.status = null;
        record.error = (error as Error).message || String(error);
      }
    }
    this.deliveries.push(record);
    if (this.deliveries.length > RECORDS_MAX) this.deliveries.splice(0, this.deliveries.length - RECORDS_MAX);
  }

  private async post(webhook: SimWebhook, type: string, eventId: string, body: string): Promise<number> {
    // Stamped per attempt, so a retry is not refused as a stale replay.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "MigrateClouds-Webhooks/1.0 (simulator)",
      "x-migrateclouds-event": type,
      "x-migrateclouds-delivery": eventId,
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (webhook.secret) {
      const mac = createHmac("sha256", webhook.secret).update(`${timestamp}.${body}`).digest("hex");
      headers[SIGNATURE_HEADER] = `sha256=${mac}`;
    }
    const response = await request(webhook.url, { method: "POST", headers, body, dispatcher: this.agent });
    await response.body.dump();
    return response.statusCode;
  }
}
