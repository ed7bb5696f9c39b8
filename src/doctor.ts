/**
 * `migrate-mcp doctor [options]`: with the options and environment serving would use, checks the
 * configuration, reaches each configured upstream, signs in, reads what the licence allows, lists the
 * tools the server would register, and checks that the CloudM endpoints those tools call exist on the
 * instance; prints each finding with what to fix. Resolves to the exit code: 0 when every check passed
 * (warnings allowed), 1 when any failed.
 */
import type { CloudMCredentials } from "./api/cloudm/auth.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { type Check, fail, ok } from "./doctor/check.js";
import { checkCloudM, type SignIn } from "./doctor/cloudm.js";
import { checkAnswers } from "./doctor/answers.js";
import { checkEndpoints } from "./doctor/endpoints.js";
import { checkMigrateClouds } from "./doctor/migrateclouds.js";
import { Report } from "./doctor/report.js";
import { checkTools } from "./doctor/tools.js";
import { ServerHub } from "./hub.js";
import { createLogger } from "./log.js";
import { configuredProviders, selectTools } from "./tools/index.js";
import { connectUpstreams } from "./upstreams.js";

type Env = Record<string, string | undefined>;

/** A diagnosis should be prompt: one short attempt per call, and a failure is reported, not retried. */
const DOCTOR_HTTP = { timeoutMs: 10_000, retry: { maxRetries: 0 } };

/** Variables holding credentials, masked in the report even when configuration fails to load. */
const SECRET_VARIABLES = [
  "CLOUDM_PASSWORD",
  "CLOUDM_TOKEN",
  "MIGRATECLOUDS_API_KEY",
  "MIGRATECLOUDS_WEBHOOK_SECRET",
  "MIGRATE_MCP_TOKEN",
  "MIGRATE_MCP_CONFIRM_SECRET",
];

export async function runDoctor(argv: string[], env: Env, write: (text: string) => void): Promise<number> {
  // The report is on stdout; pino's info lines on stderr would only be noise unless asked for.
  const quiet = { ...env, MIGRATE_MCP_LOG_LEVEL: env.MIGRATE_MCP_LOG_LEVEL || "warn" };
  let config: Config;
  try {
    config = loadConfig(quiet, argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const report = new Report(write, secretsOf(env));
    report.line("migrate-mcp doctor: checking the configuration");
    // Each problem already names the setting and how to set it.
    report.add(error.problems.map((problem) => fail("Configuration", problem)));
    return report.finish();
  }
  const report = new Report(write, secretsOf(env, config));
  const demo = config.mode === "demo";
  report.line(
    demo
      ? "migrate-mcp doctor: demo mode, checking the embedded SIMULATORS of CloudM Migrate and MigrateClouds, not a real instance"
      : "migrate-mcp doctor: live mode, checking the configured instances",
  );
  const logger = createLogger(config.logLevel);
  const connectable = withoutWebhookReceiver(config);
  const upstreams = await connectUpstreams(connectable, logger, new ServerHub(), { http: DOCTOR_HTTP });
  try {
    const { cloudm, migrateclouds } = upstreams.deps;
    report.add([configurationCheck(config)]);
    // Side by side: an upstream that does not answer costs one timeout, not one per upstream.
    const [cloudmResult, migratecloudsChecks] = await Promise.all([
      cloudm
        ? checkCloudM({ ...cloudm, simulator: demo, signIn: signInWith(config.cloudm?.credentials) })
        : undefined,
      migrateclouds ? checkMigrateClouds({ ...migrateclouds, simulator: demo }) : [],
    ]);
    report.add([...(cloudmResult?.checks ?? []), ...migratecloudsChecks]);
    const providers = configuredProviders(upstreams.deps);
    report.add(checkTools(config, providers));
    if (cloudm && cloudmResult?.signedIn) {
      report.add(await checkEndpoints(cloudm.client, selectTools({ ...config, providers })));
      report.add(await checkAnswers(cloudm.client));
    }
  } finally {
    await upstreams.close();
  }
  return report.finish();
}

function secretsOf(env: Env, config?: Config): Array<string | undefined> {
  const credentials = config?.cloudm?.credentials;
  return [
    ...SECRET_VARIABLES.map((name) => env[name]),
    // Read from a _FILE variable, these appear in no variable of their own.
    credentials?.kind === "password" ? credentials.password : credentials?.token,
    config?.migrateclouds?.apiKey,
    config?.migrateclouds?.webhook?.secret,
    config?.http.token,
    config?.confirmSecret,
  ];
}

/**
 * Serving listens for webhooks on the configured port; the doctor checks the upstreams only, and must
 * not collide with a running server that holds that port.
 */
function withoutWebhookReceiver(config: Config): Config {
  const { migrateclouds } = config;
  return migrateclouds ? { ...config, migrateclouds: { ...migrateclouds, webhook: undefined } } : config;
}

/** Undefined credentials are demo mode's: connectUpstreams signs in with the simulator's own admin. */
function signInWith(credentials: CloudMCredentials | undefined): SignIn {
  if (!credentials) return { kind: "password", email: "the simulator's demo admin" };
  return credentials.kind === "token" ? { kind: "token" } : { kind: "password", email: credentials.email };
}

function configurationCheck(config: Config): Check {
  if (config.mode === "demo")
    return ok("Configuration", "demo mode (--demo or MIGRATE_MCP_DEMO): both simulators started");
  const { cloudm, migrateclouds } = config;
  const signIn = (credentials: CloudMCredentials) =>
    credentials.kind === "token" ? "with CLOUDM_TOKEN" : `signing in as ${credentials.email}`;
  const upstreams = [
    cloudm ? `CloudM Migrate at ${cloudm.url} (${signIn(cloudm.credentials)})` : "",
    migrateclouds ? `MigrateClouds at ${migrateclouds.url}` : "",
  ].filter(Boolean);
  return ok("Configuration", `loaded; upstreams: ${upstreams.join(", ")}`);
}
