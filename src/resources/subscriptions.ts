/**
 * Following resources, for either era's subscription (2025 resources/subscribe here, 2026
 * subscriptions/listen in listen.ts). CloudM batch statistics are followed by the shared poller once
 * the batch is known to exist; MigrateClouds folders and transfers by webhook events. What a caller
 * follows counts against its budget (budget.ts). Each session keeps its own subscriptions and drops
 * them when it closes.
 */
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import type { McpServer } from "@modelcontextprotocol/server";
import type { ResourceEvents } from "../live/events.js";
import { holderOf } from "../live/principal.js";
import { STATISTICS_URI, URIS } from "../views/uris.js";
import type { StatisticsWatcher } from "../live/watcher.js";
import type { FollowBudget } from "./budget.js";

export interface FollowDeps {
  watcher: StatisticsWatcher | undefined;
  events: ResourceEvents | undefined;
  /** The process's one count of what each caller follows. */
  budget: FollowBudget;
}

/** Follows one URI until the returned stop; throws for one this server cannot follow, or a batch it cannot read. */
async function followResource(
  uri: string,
  deps: FollowDeps,
  updated: (uri: string) => void,
): Promise<() => void> {
  const statistics = STATISTICS_URI.exec(uri)?.[1];
  if (statistics && deps.watcher) {
    try {
      return await deps.watcher.subscribeExisting(statistics, (_stats, initial) => !initial && updated(uri));
    } catch (error) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Cannot follow ${uri}: its batch could not be read (${(error as Error).message})`,
      );
    }
  }
  if (uri.startsWith("migrateclouds://") && deps.events)
    return deps.events.subscribe(uri, () => updated(uri));
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Cannot subscribe to ${uri}: subscribable are ${URIS.statistics("{configurationId}")} and migrateclouds:// folders and transfers of configured providers`,
  );
}

/**
 * Follows every URI for `holder`, calling `updated` on each change, until the returned stop. Throws,
 * following none, when they would take the holder past its budget (before any upstream read) or one
 * of them cannot be followed. Batches are read one after another: a refusal stops at the first.
 */
export async function followAll(
  uris: readonly string[],
  deps: FollowDeps,
  holder: string,
  updated: (uri: string) => void,
): Promise<() => void> {
  const release = deps.budget.take(holder, uris);
  const stops: Array<() => void> = [];
  const stopAll = () => {
    for (const stop of stops) stop();
    release();
  };
  try {
    for (const uri of new Set(uris)) stops.push(await followResource(uri, deps, updated));
  } catch (error) {
    stopAll();
    throw error;
  }
  return stopAll;
}

export function installSubscriptions(server: McpServer, deps: FollowDeps, connectionKey: string): void {
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  const subscriptions = new Map<string, () => void>();
  const updated = (uri: string) => {
    if (server.isConnected()) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  };

  server.server.setRequestHandler("resources/subscribe", async (request, extra) => {
    const { uri } = request.params;
    if (subscriptions.has(uri)) return {};
    const stop = await followAll([uri], deps, holderOf(extra, connectionKey), updated);
    // The same URI may have been subscribed, or the session closed, while its batch was read.
    if (subscriptions.has(uri) || !server.isConnected()) stop();
    else subscriptions.set(uri, stop);
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
