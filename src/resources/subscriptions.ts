/**
 * resources/subscribe for both providers. CloudM batch statistics are followed by the shared poller;
 * MigrateClouds folders and transfers by webhook events. Each session keeps its own subscriptions and
 * drops them when it closes.
 */
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import type { McpServer } from "@modelcontextprotocol/server";
import type { ResourceEvents } from "../live/events.js";
import { STATISTICS_URI, URIS } from "../views/uris.js";
import type { StatisticsWatcher } from "../live/watcher.js";

export interface FollowDeps {
  watcher: StatisticsWatcher | undefined;
  events: ResourceEvents | undefined;
}

/**
 * Follows one subscribable URI, calling `updated` on each change, for either era's subscription
 * (2025 resources/subscribe, 2026 subscriptions/listen); returns the unfollow. Unknown URIs throw.
 */
export function followResource(uri: string, deps: FollowDeps, updated: (uri: string) => void): () => void {
  const statistics = STATISTICS_URI.exec(uri)?.[1];
  if (statistics && deps.watcher)
    return deps.watcher.subscribe(statistics, (_stats, initial) => !initial && updated(uri));
  if (uri.startsWith("migrateclouds://") && deps.events)
    return deps.events.subscribe(uri, () => updated(uri));
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Cannot subscribe to ${uri}: subscribable are ${URIS.statistics("{configurationId}")} and migrateclouds:// folders and transfers of configured providers`,
  );
}

export function installSubscriptions(server: McpServer, deps: FollowDeps): void {
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  const subscriptions = new Map<string, () => void>();
  const updated = (uri: string) => {
    if (server.isConnected()) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  };
  const follow = (uri: string) => followResource(uri, deps, updated);

  server.server.setRequestHandler("resources/subscribe", (request) => {
    const { uri } = request.params;
    if (!subscriptions.has(uri)) subscriptions.set(uri, follow(uri));
    return {};
  });
  server.server.setRequestHandler("resources/unsubscribe", (request) => {
    subscriptions.get(request.params.uri)?.();
    subscriptions.delete(request.params.uri);
    return {};
  });
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
    previousOnClose?.();
  };
}
