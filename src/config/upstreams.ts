/**
 * The upstreams' settings: the CloudM Migrate instance and how to sign in to it, an admin's
 * corrections of its endpoint map (MIGRATE_MCP_ENDPOINTS), and MigrateClouds' API key, plan and
 * webhook receiver. An upstream with none of its settings is not configured; one with some is checked.
 */
import { readFileSync } from "node:fs";
import type { CloudMCredentials } from "../api/cloudm/auth.js";
import { type EndpointOverrides, NO_OVERRIDES, parseEndpointOverrides } from "../api/cloudm/overrides.js";
import { PLANS, type Plan } from "../api/migrateclouds/schemas.js";
import { type Env, secretFrom } from "./env.js";

export interface CloudMConfig {
  url: string;
  credentials: CloudMCredentials;
}

export interface MigrateCloudsConfig {
  url: string;
  apiKey: string;
  plan: Plan;
  /** The local receiver for webhook deliveries, when MIGRATECLOUDS_WEBHOOK_PORT is set. */
  webhook: { port: number; secret: string | undefined; publicUrl: string | undefined } | undefined;
}

const DEFAULT_MIGRATECLOUDS_URL = "https://api.migrateclouds.com/v1";

/** The corrections in the file MIGRATE_MCP_ENDPOINTS names; none when it is unset or wrong (a problem says why). */
export function endpointOverridesFrom(file: string | undefined, problems: string[]): EndpointOverrides {
  if (!file) return NO_OVERRIDES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    problems.push(
      `MIGRATE_MCP_ENDPOINTS points to '${file}', which cannot be read as JSON (${(error as Error).message}); fix the file or unset the variable`,
    );
    return NO_OVERRIDES;
  }
  const parsed = parseEndpointOverrides(json);
  if ("problems" in parsed) {
    problems.push(...parsed.problems.map((p) => `MIGRATE_MCP_ENDPOINTS (${file}): ${p}`));
    return NO_OVERRIDES;
  }
  return parsed.overrides;
}

export function cloudmFrom(env: Env, problems: string[]): CloudMConfig | undefined {
  const url = env.CLOUDM_URL;
  const email = env.CLOUDM_EMAIL;
  const password = secretFrom(env, "CLOUDM_PASSWORD", problems);
  const token = secretFrom(env, "CLOUDM_TOKEN", problems);
  if (!url && !email && !password && !token) return undefined;
  if (!url) {
    problems.push(
      "CLOUDM_URL is not set: set it to your CloudM Migrate instance (https://migrate.example.com)",
    );
  } else if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    problems.push(
      `CLOUDM_URL '${url}' is not an http(s) URL; it should look like https://migrate.example.com`,
    );
  }
  if (!token && !(email && password)) {
    problems.push(
      email
        ? "CLOUDM_PASSWORD is not set: set CLOUDM_PASSWORD (or CLOUDM_PASSWORD_FILE) for CLOUDM_EMAIL, or set CLOUDM_TOKEN"
        : "No CloudM credentials: set CLOUDM_EMAIL and CLOUDM_PASSWORD, or CLOUDM_TOKEN",
    );
  }
  if (!url) return undefined;
  if (token) return { url, credentials: { kind: "token", token } };
  return email && password ? { url, credentials: { kind: "password", email, password } } : undefined;
}

export function migrateCloudsFrom(env: Env, problems: string[]): MigrateCloudsConfig | undefined {
  const apiKey = secretFrom(env, "MIGRATECLOUDS_API_KEY", problems);
  const url = env.MIGRATECLOUDS_URL ?? DEFAULT_MIGRATECLOUDS_URL;
  const plan = (env.MIGRATECLOUDS_PLAN ?? "pro").toLowerCase();
  const others = ["MIGRATECLOUDS_URL", "MIGRATECLOUDS_PLAN", "MIGRATECLOUDS_WEBHOOK_PORT"].filter(
    (name) => env[name],
  );
  if (!apiKey) {
    if (others.length > 0)
      problems.push(
        `${others.join(", ")} set but MIGRATECLOUDS_API_KEY is not: set the API key (Settings > API Keys)`,
      );
    return undefined;
  }
  if (!/^https?:\/\/[^/\s]+/i.test(url))
    problems.push(
      `MIGRATECLOUDS_URL '${url}' is not an http(s) URL; the default is ${DEFAULT_MIGRATECLOUDS_URL}`,
    );
  if (!(plan in PLANS))
    problems.push(`MIGRATECLOUDS_PLAN '${plan}' is not one of ${Object.keys(PLANS).join(", ")}`);
  const portText = env.MIGRATECLOUDS_WEBHOOK_PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    problems.push(`MIGRATECLOUDS_WEBHOOK_PORT must be a port number (0 picks a free one), got '${portText}'`);
  }
  const secret = secretFrom(env, "MIGRATECLOUDS_WEBHOOK_SECRET", problems);
  if (secret !== undefined && secret.length < 16)
    problems.push("MIGRATECLOUDS_WEBHOOK_SECRET must be at least 16 characters");
  return {
    url,
    apiKey,
    plan: plan as Plan,
    webhook: port === undefined ? undefined : { port, secret, publicUrl: env.MIGRATECLOUDS_WEBHOOK_URL },
  };
}
