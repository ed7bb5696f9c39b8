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

export function installSubscriptions(
  server: McpServer,
  deps: { watcher: StatisticsWatcher | undefined; events: ResourceEvents | undefined },
): void {
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  const subscriptions = new Map<string, () => void>();
  const updated = (uri: string) => {
    if (server.isConnected()) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  };

  function follow(uri: string): () => void {
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
