/**
 * 2026-07-28 `subscriptions/listen` on stdio: the SDK's entry serves the stream, but does not tell the
 * server which URIs it listens to. This tap reads that off the inbound messages and follows them with
 * the same one-poller-per-batch watcher as resources/subscribe, for as long as the stream is open
 * (until the client cancels it or the connection closes); the pinned server's resource-updated
 * notices are routed by the entry onto the matching streams.
 */
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { type FollowDeps, followResource } from "./subscriptions.js";

type RequestId = string | number;

/** The URIs a listen request asks to hear about; empty for any other message. */
export function listenedUris(message: unknown): string[] {
  if (typeof message !== "object" || message === null) return [];
  const m = message as { method?: unknown; params?: { notifications?: { resourceSubscriptions?: unknown } } };
  if (m.method !== "subscriptions/listen") return [];
  const uris = m.params?.notifications?.resourceSubscriptions;
  return Array.isArray(uris) ? uris.filter((u): u is string => typeof u === "string") : [];
}

/** Follows each subscribable URI until the returned stop is called; URIs that are not subscribable are skipped. */
export function followAll(uris: string[], deps: FollowDeps, updated: (uri: string) => void): () => void {
  const stops: Array<() => void> = [];
  for (const uri of uris) {
    try {
      stops.push(followResource(uri, deps, updated));
    } catch {
      // Not subscribable here: the stream never hears of it.
    }
  }
  return () => stops.forEach((stop) => stop());
}

export function tapListens(
  transport: Transport,
  deps: FollowDeps,
  updated: (uri: string) => void,
): Transport {
  const open = new Map<RequestId, () => void>();
  const peek = (message: JSONRPCMessage) => {
    const m = message as { id?: RequestId; method?: string; params?: { requestId?: RequestId } };
    if (m.method === "subscriptions/listen" && m.id !== undefined)
      open.set(m.id, followAll(listenedUris(message), deps, updated));
    if (m.method === "notifications/cancelled" && m.params?.requestId !== undefined) {
      open.get(m.params.requestId)?.();
      open.delete(m.params.requestId);
    }
  };
  const closeAll = () => {
    for (const stop of open.values()) stop();
    open.clear();
  };
  return new Proxy(transport, {
    set(target, property, value: unknown) {
      if (property === "onmessage" && typeof value === "function") {
        const deliver = value as NonNullable<Transport["onmessage"]>;
        target.onmessage = (message, extra) => {
          peek(message);
          deliver(message, extra);
        };
        return true;
      }
      if (property === "onclose" && typeof value === "function") {
        const closed = value as () => void;
        target.onclose = () => {
          closeAll();
          closed();
        };
        return true;
      }
      return Reflect.set(target, property, value);
    },
  });
}
