/** Webhook signatures (assumed: not in the overview): HMAC-SHA256 over `${timestamp}.${body}`. */
import { createHmac, timingSafeEqual } from "node:crypto";

function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Constant-time check of a delivery's signature; a stale timestamp fails too (replay). */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  nowMs: number,
  toleranceMs = 5 * 60_000,
): boolean {
  if (!timestamp || !signature) return false;
  const sentAt = Number(timestamp) * 1000;
  if (!Number.isFinite(sentAt) || Math.abs(nowMs - sentAt) > toleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
