/** The fleet store the configuration asks for: this process's own, or Redis at MIGRATE_MCP_REDIS_URL. */
import type { Logger } from "pino";
import { type FleetStore, LocalFleetStore } from "./store.js";

const CONNECT_TIMEOUT_MS = 5_000;

export class FleetStartError extends Error {}

export async function connectFleet(redisUrl: string | undefined, logger: Logger): Promise<FleetStore> {
  if (!redisUrl) return new LocalFleetStore();
  // Loaded only when configured: a single replica never pays for the Redis client at start-up.
  const [{ createClient }, { RedisFleetStore }] = await Promise.all([
    import("@redis/client"),
    import("./redis-store.js"),
  ]);
  // At start-up a refusal is final (the error names the setting); once connected, reconnect for ever.
  let connected = false;
  const client = createClient({
    url: redisUrl,
    // No offline queue: a command while Redis is away fails at once and the replica falls back.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, 5_000) : cause),
    },
  });
  let lastError = "";
  client.on("error", (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.debug({ err: error.message }, "Redis connection error");
  });
  const where = safeUrl(redisUrl);
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)),
          CONNECT_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new FleetStartError(
      `MIGRATE_MCP_REDIS_URL: cannot reach Redis at ${where} (${(error as Error).message}); start it, fix the URL, or unset the variable to run as a single replica`,
    );
  }
  connected = true;
  logger.info(
    { redis: where },
    "replicas share confirmations, rate windows and the audit trail through Redis",
  );
  const store = new RedisFleetStore(client, logger);
  // Read now, so confirmations the fleet issued are still checked if Redis is lost before the first issue.
  await store.epoch();
  return store;
}

/** The URL without its password, for messages and logs. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}
