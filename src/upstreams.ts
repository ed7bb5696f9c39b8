/**
 * Connects the configured upstreams: a client per provider, the CloudM statistics poller, and the
 * MigrateClouds webhook receiver. In demo mode it first starts the embedded simulators of both.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { CloudMClient } from "./api/cloudm/client.js";
import type { RetryPolicy } from "./api/http.js";
import { MigrateCloudsClient } from "./api/migrateclouds/client.js";
import type { Config, MigrateCloudsConfig } from "./config.js";
import type { ServerHub } from "./hub.js";
import { ResourceEvents } from "./live/events.js";
import { DashboardFeed } from "./live/dashboard-feed.js";
import { StatisticsWatcher } from "./live/watcher.js";
import { connectFleet } from "./fleet/connect.js";
import type { SharedDeps } from "./server.js";

export interface Upstreams {
  deps: Omit<SharedDeps, "gate" | "tasks" | "recent" | "follow">;
  /** Tells long-running tool calls to wrap up; `close` then closes the clients. */
  beginShutdown: () => void;
  close: () => Promise<void>;
}

export interface UpstreamOptions {
  /** Upstream minutes per real minute for the MigrateClouds rate limiter (a fast simulator's speed). */
  migratecloudsTimeScale?: number;
  /** Per-attempt timeout and retry policy of both clients (tests shorten them); the defaults otherwise. */
  http?: { timeoutMs?: number; retry?: Partial<RetryPolicy> };
}

export async function connectUpstreams(
  config: Config,
  logger: Logger,
  hub: ServerHub,
  options: UpstreamOptions = {},
): Promise<Upstreams> {
  // First, so a Redis that cannot be reached stops the start before anything else is up.
  const fleet = await connectFleet(config.redisUrl, logger);
  const closers: Array<() => Promise<void> | void> = [() => fleet.close()];
  const demo = config.mode === "demo";
  let cloudmConfig = config.cloudm;
  let mcConfig: MigrateCloudsConfig | undefined = config.migrateclouds;
  let timeScale = options.migratecloudsTimeScale ?? 1;
  if (demo) {
    // The simulators load only in demo mode: a real deployment never pays for them at start-up.
    const { startCloudMSimulator } = await import("./simulator/cloudm/server.js");
    const { DEMO_ENTERPRISE_KEY, startMigrateCloudsSimulator } =
      await import("./simulator/migrateclouds/server.js");
    const profile = config.simulatorProfile;
    const cloudmSim = await startCloudMSimulator({
      tenant: "demo",
      clockSpeed: config.simulatorSpeed,
      profile,
    });
    // MigrateClouds has no aspnet profile: that one is about CloudM's conventions only.
    const mcSim = await startMigrateCloudsSimulator({
      clockSpeed: config.simulatorSpeed,
      profile: profile === "guide" ? "guide" : "full",
    });
    closers.push(
      () => cloudmSim.close(),
      () => mcSim.close(),
    );
    cloudmConfig = { url: cloudmSim.url, credentials: { kind: "password", ...cloudmSim.credentials } };
    mcConfig = {
      url: mcSim.url,
      apiKey: DEMO_ENTERPRISE_KEY,
      plan: "enterprise",
      webhook: { port: 0, secret: undefined, publicUrl: undefined },
    };
    timeScale = config.simulatorSpeed;
    logger.info(
      { cloudm: cloudmSim.url, migrateclouds: mcSim.url, profile },
      "demo mode: serving the embedded SIMULATORS",
    );
  }

  const events = new ResourceEvents();
  const shutdown = new AbortController();
  let cloudm: SharedDeps["cloudm"];
  if (cloudmConfig) {
    const client = new CloudMClient({
      baseUrl: cloudmConfig.url,
      credentials: cloudmConfig.credentials,
      logger,
      maxResponseBytes: config.maxResponseBytes,
      endpoints: config.endpointOverrides,
      ...options.http,
    });
    const watcher = new StatisticsWatcher(client, config.pollIntervalMs, logger, fleet);
    const dashboards = new DashboardFeed(watcher, config.pollIntervalMs);
    closers.unshift(
      () => dashboards.close(),
      () => watcher.close(),
      () => client.close(),
    );
    cloudm = { client, url: cloudmConfig.url, watcher, dashboards };
  }
  let migrateclouds: SharedDeps["migrateclouds"];
  let webhookReceiver: SharedDeps["webhookReceiver"];
  if (mcConfig) {
    const client = new MigrateCloudsClient({
      baseUrl: mcConfig.url,
      apiKey: mcConfig.apiKey,
      plan: mcConfig.plan,
      logger,
      timeScale,
      rateWindows: fleet,
      maxResponseBytes: config.maxResponseBytes,
      ...options.http,
    });
    closers.unshift(() => client.close());
    migrateclouds = { client, url: mcConfig.url };
    if (mcConfig.webhook) {
      const { startWebhookReceiver } = await import("./webhooks/receiver.js");
      const receiver = await startWebhookReceiver({
        port: mcConfig.webhook.port,
        // Without a configured secret, one per process: only webhooks created through this run can deliver.
        secret: mcConfig.webhook.secret ?? randomBytes(24).toString("base64url"),
        ...(mcConfig.webhook.publicUrl ? { publicUrl: mcConfig.webhook.publicUrl } : {}),
        events,
        logger,
      });
      closers.unshift(() => receiver.close());
      webhookReceiver = { url: receiver.url, secret: receiver.secret };
    }
  }
  return {
    deps: {
      config,
      cloudm,
      migrateclouds,
      webhookReceiver,
      events,
      logger,
      hub,
      fleet,
      shutdown: shutdown.signal,
    },
    beginShutdown: () => shutdown.abort(),
    close: async () => {
      shutdown.abort();
      for (const close of closers) await close();
    },
  };
}
