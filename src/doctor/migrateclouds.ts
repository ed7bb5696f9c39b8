/** MigrateClouds checks: reach the API, have the key accepted, and say which plan's rate limit is kept. */
import type { MigrateCloudsClient } from "../api/migrateclouds/client.js";
import { PLANS } from "../api/migrateclouds/schemas.js";
import { AuthError } from "../api/errors.js";
import { type Check, fail, ok } from "./check.js";
import { attempt, explainFailure, reachCheck, type Upstream } from "./upstream.js";

const SUBJECT = "MigrateClouds";
const KEY_FIX = "set MIGRATECLOUDS_API_KEY to a valid key (MigrateClouds: Settings > API Keys)";

export interface MigrateCloudsTarget {
  client: MigrateCloudsClient;
  url: string;
  simulator: boolean;
}

export async function checkMigrateClouds(target: MigrateCloudsTarget): Promise<Check[]> {
  const { client } = target;
  const upstream: Upstream = {
    subject: SUBJECT,
    url: target.url,
    urlSetting: "MIGRATECLOUDS_URL",
    simulator: target.simulator,
    credentialsFix: KEY_FIX,
    permissionFix: "use an API key of an account allowed to list transfers",
  };
  // Every endpoint needs the key; the first page of transfers is the cheapest answer on any plan.
  const first = await attempt(() => client.listTransfers(undefined));
  const reached = reachCheck(upstream, first);
  if (reached.status === "fail") return [reached];
  if (!first.ok) {
    const refused = first.error instanceof AuthError && first.error.status === 401;
    return [
      reached,
      refused
        ? fail(SUBJECT, "the API key (MIGRATECLOUDS_API_KEY) was refused (HTTP 401)", KEY_FIX)
        : explainFailure(first.error, upstream, "checking the API key"),
    ];
  }
  // The simulators' plan is demo mode's choice, not a setting.
  const setting = target.simulator ? "" : " (MIGRATECLOUDS_PLAN)";
  return [
    reached,
    ok(
      SUBJECT,
      `API key accepted; plan ${client.plan}${setting}: requests paced to at most ${PLANS[client.plan]} a minute`,
    ),
  ];
}
