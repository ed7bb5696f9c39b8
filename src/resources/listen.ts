/**
 * 2026-07-28 `subscriptions/listen` on stdio: the SDK's entry serves the stream, but does not tell the
 * server which URIs it listens to. This tap reads that off the inbound messages and follows them with
 * the same one-poller-per-batch watcher as resources/subscribe, for as long as the stream is open
 * (until the client cancels it or the connection closes); the pinned server's resource-updated
 * notices are routed by the entry onto the matching streams. A listen reaches the SDK (which
 * acknowledges it) only once what it names is followed: one over the caller's budget, or naming a
 * batch that cannot be read, is answered with an error instead. So is a listen for task notifications
 * from a client without the tasks extension, which the SDK's entry would acknowledge.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type JSONRPCMessage,
  ProtocolError,
  ProtocolErrorCode,
  type Transport,
} from "@modelcontextprotocol/server";
import { TASKS_EXTENSION } from "../live/tasks.js";
import { type FollowDeps, followAll } from "./subscriptions.js";

type RequestId = string | number;

/** A listen request: its id and the URIs it asks to hear about; undefined for any other message. */
export function listenOf(message: unknown): { id: RequestId; uris: string[] } | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const m = message as {
    id?: RequestId;
    method?: unknown;
    params?: { notifications?: { resourceSubscriptions?: unknown } };
  };
  if (m.method !== "subscriptions/listen" || m.id === undefined) return undefined;
  const uris = m.params?.notifications?.resourceSubscriptions;
  return {
    id: m.id,
    uris: Array.isArray(uris) ? uris.filter((u): u is string => typeof u === "string") : [],
  };
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

/** The error answering a listen that cannot be served: a protocol error's own code, else an internal error. */
export function listenRefusal(id: RequestId, error: unknown): JSONRPCMessage {
  const code = error instanceof ProtocolError ? error.code : ProtocolErrorCode.InternalError;
  const message = error instanceof Error ? error.message : String(error);
  return { jsonrpc: "2.0", id, error: { code, message } };
}

/** Everything on stdio is one client's: its listens count against one holder. */
const STDIO_HOLDER = "connection:stdio";

export function tapListens(
  transport: Transport,
  deps: FollowDeps,
  updated: (uri: string) => void,
): Transport {
  const open = new Map<RequestId, () => void>();
  /** Listens whose batches are being read; a cancel or close meanwhile removes them. */
  const opening = new Set<RequestId>();
  const listen = (id: RequestId, uris: string[], deliver: () => void) => {
    opening.add(id);
    followAll(uris, deps, STDIO_HOLDER, updated).then(
      (stop) => {
        if (!opening.delete(id)) return stop();
        open.set(id, stop);
        deliver();
      },
      (error: unknown) => {
        if (opening.delete(id)) void transport.send(listenRefusal(id, error)).catch(() => undefined);
      },
    );
  };
  const cancel = (id: RequestId) => {
    opening.delete(id);
    open.get(id)?.();
    open.delete(id);
  };
  const closeAll = () => {
    opening.clear();
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
          const listening = listenOf(message);
          if (listening) return listen(listening.id, listening.uris, () => deliver(message, extra));
          const m = message as { method?: string; params?: { requestId?: RequestId } };
          if (m.method === "notifications/cancelled" && m.params?.requestId !== undefined)
            cancel(m.params.requestId);
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
