/**
 * The local receiver of MigrateClouds webhook deliveries. A delivery counts only with a valid
 * signature and a fresh timestamp; each event id is handled once. Events become resource updates for
 * subscribed sessions and a log line (which sessions hear as notifications/message).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookEvent,
  type WebhookEvent,
} from "../api/migrateclouds/schemas.js";
import { verifyWebhook } from "../api/migrateclouds/signature.js";
import type { ResourceEvents } from "../live/events.js";
import { MIGRATECLOUDS_URIS } from "../views/uris.js";

export const WEBHOOK_PATH = "/webhooks/migrateclouds";
const MAX_BODY_BYTES = 1024 * 1024;
const REMEMBERED_EVENTS = 10_000;

export interface WebhookReceiver {
  /** Where upstream should deliver: the configured public URL, else this listener's own. */
  url: string;
  secret: string;
  received: number;
  close: () => Promise<void>;
}

/** The resources an event changes: the transfer, and the folder a file or folder event touched. */
export function urisForEvent(event: WebhookEvent): string[] {
  const data = event.data;
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : undefined);
  const uris: string[] = [];
  const transferId = text("transfer_id") ?? (event.type.startsWith("transfer.") ? text("id") : undefined);
  if (transferId) uris.push(MIGRATECLOUDS_URIS.transfer(transferId));
  const service = text("service");
  const path = text("path");
  if (service && path && /^(file|folder)\./.test(event.type)) {
    uris.push(MIGRATECLOUDS_URIS.folder(service, path.replace(/\/[^/]*$/, "") || "/"));
  }
  return uris;
}

export async function startWebhookReceiver(options: {
  port: number;
  secret: string;
  publicUrl?: string;
  events: ResourceEvents;
  logger: Logger;
}): Promise<WebhookReceiver> {
  const seen = new Set<string>();
  const state = { received: 0 };
  const server = createServer(async (req, res) => {
    const reply = (status: number) => res.writeHead(status).end();
    if (req.method !== "POST" || req.url !== WEBHOOK_PATH) return reply(404);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return reply(413);
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (
      !verifyWebhook(options.secret, header(TIMESTAMP_HEADER), body, header(SIGNATURE_HEADER), Date.now())
    ) {
      options.logger.warn("refused a MigrateClouds webhook delivery: missing, wrong or stale signature");
      return reply(401);
    }
    let event: WebhookEvent;
    try {
      event = webhookEvent.parse(JSON.parse(body));
    } catch {
      return reply(400);
    }
    reply(204);
    if (seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > REMEMBERED_EVENTS) seen.delete(seen.values().next().value as string);
    state.received++;
    options.logger.info(
      { migratecloudsEvent: event.type, eventId: event.id, data: event.data },
      `MigrateClouds event ${event.type}`,
    );
    for (const uri of urisForEvent(event)) options.events.publish(uri);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: options.publicUrl ?? `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    secret: options.secret,
    get received() {
      return state.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
