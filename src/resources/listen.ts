/**
 * 2026-07-28 `subscriptions/listen` on stdio: the SDK's entry serves the stream, but does not tell the
 * server which URIs it listens to. This tap reads that off the inbound messages and follows them with
 * the same one-poller-per-batch watcher as resources/subscribe, for as long as the stream is open
 * (until the client cancels it or the connection closes); the pinned server's resource-updated
 * notices are routed by the entry onto the matching streams. A listen for task notifications from a
 * client without the tasks extension is refused here, as the SDK's entry would acknowledge it.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type JSONRPCMessage,
  type Transport,
} from "@modelcontextprotocol/server";
import { TASKS_EXTENSION } from "../live/tasks.js";
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

/**
 * The answer the tasks extension requires to a listen request that asks for task notifications
 * (`notifications.taskIds`) without declaring the extension: -32021. A declaring client is served as
 * usual; the acknowledgement lists no task ids, as this server sends no task notifications.
 */
export function taskListenRefusal(message: unknown): JSONRPCMessage | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const m = message as {
    id?: string | number;
    method?: unknown;
    params?: { notifications?: { taskIds?: unknown }; _meta?: Record<string, unknown> };
  };
  if (
    m.method !== "subscriptions/listen" ||
    m.id === undefined ||
    m.params?.notifications?.taskIds === undefined
  )
    return undefined;
  const capabilities = m.params._meta?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  if (capabilities?.extensions?.[TASKS_EXTENSION] !== undefined) return undefined;
  return {
    jsonrpc: "2.0",
    id: m.id,
    error: {
      code: -32021,
      message: "Missing required client capability: task notifications need the tasks extension",
      data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    },
  };
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
          const refusal = taskListenRefusal(message);
          if (refusal) return void target.send(refusal);
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
