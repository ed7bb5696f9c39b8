/**
 * The doctor's Answers section: routes can all be there and still answer in a shape no reader finds.
 * Where the instance lists a batch, its statistics and settings are read once, and every fact the
 * tools rely on that could not be found (or understood, like a state sent as an unnamed number) is
 * named, with the override that maps it.
 */
import { type CloudMClient, optional } from "../api/cloudm/client.js";
import type { BatchRecord } from "../api/cloudm/schemas/index.js";
import { nameOrId } from "../api/quoted.js";
import { type Check, note, ok, warn } from "./check.js";

const SUBJECT = "Answers";
const FIELDS_FIX =
  'name the instance\'s field or value in MIGRATE_MCP_ENDPOINTS (`fields`, e.g. "statistics.failedUsers": "failedUserCount", or `enums`, e.g. "runState": {"2": "Running"}); see README, Connecting to your instance';
const PROJECTS_LOOKED_AT = 5;

/** A batch of one of the first projects the instance lists, when it lists them. */
async function someBatch(client: CloudMClient): Promise<BatchRecord | undefined> {
  const projects = await optional(client.listProjects({ pageNumber: 1, pageSize: PROJECTS_LOOKED_AT }));
  if (!projects.ok) return undefined;
  for (const project of projects.value.projects) {
    const batches = await optional(client.listBatches(project.projectId));
    if (batches.ok && batches.value[0]) return batches.value[0];
  }
  return undefined;
}

export async function checkAnswers(client: CloudMClient): Promise<Check[]> {
  const batch = await someBatch(client);
  if (!batch)
    return [
      note(
        SUBJECT,
        "no batch listed to read, so the shapes of statistics and settings were not checked (they are read at first use)",
      ),
    ];
  const name = `batch ${nameOrId(batch.batchName, batch.configurationId)}`;
  const [stats, settings] = await Promise.all([
    optional(client.getStatistics(batch.configurationId)),
    optional(client.getBatchSettings(batch.configurationId)),
  ]);
  const checks: Check[] = [];
  if (!stats.ok) checks.push(note(SUBJECT, `the statistics of ${name} could not be read: ${stats.reason}`));
  else if (stats.value.missing.length > 0)
    checks.push(
      warn(
        SUBJECT,
        `the statistics of ${name} do not give ${stats.value.missing.join("; ")}: get_batch_statistics, wait_for_migration and the previews of start and stop show them as unknown (a run whose state is unknown is never reported finished)`,
        FIELDS_FIX,
      ),
    );
  else
    checks.push(
      ok(SUBJECT, `the statistics of ${name} give every fact the tools use (state ${stats.value.state})`),
    );
  if (!settings.ok)
    checks.push(note(SUBJECT, `the settings of ${name} could not be read: ${settings.reason}`));
  else {
    const sizes = [
      settings.value.generalSettings,
      settings.value.sourceSettings,
      settings.value.destinationSettings,
    ].map((section) => Object.keys(section).length);
    checks.push(
      sizes.every((n) => n === 0)
        ? note(
            SUBJECT,
            `the settings of ${name} read back empty: update_batch_settings sends names as given and reports the values it cannot see applied`,
          )
        : ok(
            SUBJECT,
            `the settings of ${name} read: ${sizes[0]} general, ${sizes[1]} source, ${sizes[2]} destination`,
          ),
    );
  }
  return checks;
}
