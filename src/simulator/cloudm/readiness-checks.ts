/**
 * What each pre-migration readiness check finds, decided from the tenant as it is when the run starts
 * (connections, roles, users, licences, volume cap, batch settings); readiness.ts runs them and reveals
 * them one by one on the simulated clock. Each message says what to change, as the product's do.
 */
import { PLATFORM_KEYS, platformInfo } from "../../guide/platforms.js";
import { checksFor } from "./connection-checks.js";
import type { CloudMContext } from "./context.js";
import { advance, isActive } from "./engine.js";
import type { SimBatch, SimItem, SimProject, SimReadinessTest as Test } from "./model.js";
import { licenceKey } from "./licences.js";
import { migratedData } from "./seed.js";
import type { CloudMState } from "./state.js";

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const GOOGLE_SERVICE_ACCOUNT = /\.iam\.gserviceaccount\.com$|\.iam\./i;
/** Licence headroom below this share of the tenant's licences is worth a warning. */
const LICENCE_WARNING_SHARE = 0.1;
const VOLUME_WARNING_SHARE = 0.8;
const DATE_PAIRS = [
  ["emailDateFrom", "emailDateTo"],
  ["appointmentDateFrom", "appointmentDateTo"],
  ["documentDateFrom", "documentDateTo"],
  ["chatDateFrom", "chatDateTo"],
] as const;

const GB = 1e9;
const gb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;

function listed(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function migrating(batches: SimBatch[]): SimItem[] {
  return batches.flatMap((b) => [...b.items.values()].filter((i) => i.migrate));
}

function domainOf(settings: Record<string, unknown> | undefined): string | undefined {
  const domain = settings?.domainName ?? settings?.domain;
  return typeof domain === "string" && domain ? domain.toLowerCase() : undefined;
}

function connectionTest(ctx: CloudMContext, id: number, side: "source" | "destination", now: number): Test {
  const title = side === "source" ? "Source connection" : "Destination connection";
  const testId = `${side}-connection`;
  const c = ctx.state.connections.get(id);
  if (!c)
    return {
      id: testId,
      title,
      status: "Failed",
      message: `The ${side} connection #${id} no longer exists; create a project with a connection that does.`,
    };
  const name = `Connection #${c.id} '${c.name}'`;
  const checks = checksFor(c);
  const failed = checks.find((k) => k.status === "Failed");
  if (failed)
    return {
      id: testId,
      title,
      status: "Failed",
      message: `${name} fails '${failed.name}': ${failed.message}. Fix its settings with update_connection, then run test_connection.`,
    };
  const warned = checks.find((k) => k.status === "Warning");
  if (warned)
    return {
      id: testId,
      title,
      status: "Warning",
      message: `${name}: ${warned.message}. Add a test user to its settings with update_connection.`,
    };
  const tested = [...ctx.state.tests.values()].some((t) => t.connectionId === c.id && t.completesAt <= now);
  return tested
    ? { id: testId, title, status: "Success", message: `${name} connects and authenticates.` }
    : {
        id: testId,
        title,
        status: "Info",
        message: `${name} connects, but has never been tested; run test_connection to confirm.`,
      };
}

function rolesTest(state: CloudMState, project: SimProject): Test {
  const base = { id: "connection-roles", title: "Source and destination roles" };
  const source = state.connections.get(project.sourceConnectionId);
  const destination = state.connections.get(project.destinationConnectionId);
  if (!source || !destination)
    return { ...base, status: "Failed", message: "A connection of this project no longer exists." };
  const info = platformInfo(destination.platform);
  if (!info.canBeDestination) {
    const allowed = PLATFORM_KEYS.filter((k) => platformInfo(k).canBeDestination).join(", ");
    return {
      ...base,
      status: "Failed",
      message: `${info.label} can only be a source; use a destination on one of: ${allowed}.`,
    };
  }
  const wrong = [
    source.connectionType !== "Source" ? `#${source.id} is now a ${source.connectionType} connection` : "",
    destination.connectionType !== "Destination"
      ? `#${destination.id} is now a ${destination.connectionType} connection`
      : "",
  ].filter(Boolean);
  if (wrong.length > 0)
    return {
      ...base,
      status: "Failed",
      message: `${wrong.join("; ")}. Set connectionType back with update_connection.`,
    };
  return {
    ...base,
    status: "Success",
    message: `${platformInfo(source.platform).label} to ${info.label}: ${info.label} can be a destination.`,
  };
}

function googleTest(state: CloudMState, project: SimProject): Test | undefined {
  const destination = state.connections.get(project.destinationConnectionId);
  if (!destination || !["GoogleWorkspace", "GoogleVault"].includes(destination.platform)) return undefined;
  const base = { id: "google-api-access", title: "Google API access" };
  const account = String(destination.settings.serviceAccountEmailAddress ?? "");
  return GOOGLE_SERVICE_ACCOUNT.test(account)
    ? {
        ...base,
        status: "Success",
        message: `Service account ${account} has domain-wide delegation.`,
      }
    : {
        ...base,
        status: "Warning",
        message: `'${account}' does not look like a Google service account (name@project.iam.gserviceaccount.com); check serviceAccountEmailAddress and its domain-wide delegation.`,
      };
}

function usersTest(batches: SimBatch[]): Test {
  const base = { id: "users", title: "Users to migrate" };
  const items = migrating(batches);
  const empty = batches
    .filter((b) => ![...b.items.values()].some((i) => i.migrate))
    .map((b) => `'${b.batchName}'`);
  if (items.length === 0)
    return {
      ...base,
      status: "Failed",
      message:
        batches.length === 0
          ? "The project has no batches; create one with create_batch and add users."
          : `No users to migrate in ${listed(empty)}; add users with add_migration_items or import_migration_items.`,
    };
  if (empty.length > 0)
    return {
      ...base,
      status: "Warning",
      message: `${items.length} users to migrate, but ${listed(empty)} ${empty.length === 1 ? "has" : "have"} none; add users or leave ${empty.length === 1 ? "it" : "them"} unstarted.`,
    };
  return {
    ...base,
    status: "Success",
    message: `${items.length} users to migrate in ${batches.length} batch(es).`,
  };
}

function addressTests(state: CloudMState, project: SimProject, batches: SimBatch[]): Test[] {
  const items = migrating(batches);
  const invalid = items.flatMap((i) => [
    ...(i.exportType === 0 && !EMAIL.test(i.exportName) ? [`exportName '${i.exportName}'`] : []),
    ...(i.importType === 0 && !EMAIL.test(i.importName) ? [`importName '${i.importName}'`] : []),
  ]);
  const destinationDomain = domainOf(state.connections.get(project.destinationConnectionId)?.settings);
  const elsewhere = items
    .filter((i) => i.importType === 0 && EMAIL.test(i.importName) && destinationDomain !== undefined)
    .filter((i) => !i.importName.toLowerCase().endsWith(`@${destinationDomain}`))
    .map((i) => i.importName);
  const byDestination = new Map<string, number>();
  for (const i of items)
    byDestination.set(i.importName.toLowerCase(), (byDestination.get(i.importName.toLowerCase()) ?? 0) + 1);
  const shared = [...byDestination].filter(([, n]) => n > 1).map(([name, n]) => `${name} (${n})`);
  return [
    invalid.length > 0
      ? {
          id: "invalid-emails",
          title: "User addresses",
          status: "Failed",
          message: `${invalid.length} invalid address(es): ${listed(invalid)}. These users would fail with InvalidEmail; correct the addresses or set migrate false.`,
        }
      : {
          id: "invalid-emails",
          title: "User addresses",
          status: "Success",
          message: "Every user address is valid.",
        },
    elsewhere.length > 0
      ? {
          id: "destination-domain",
          title: "Destination domain",
          status: "Warning",
          message: `${elsewhere.length} destination address(es) are not in ${destinationDomain}: ${listed(elsewhere)}. Check they exist in the destination, or correct importName.`,
        }
      : {
          id: "destination-domain",
          title: "Destination domain",
          status: "Success",
          message: destinationDomain
            ? `Every destination address is in ${destinationDomain}.`
            : "No destination domain to compare with.",
        },
    shared.length > 0
      ? {
          id: "duplicate-destinations",
          title: "Duplicate destination users",
          status: "Warning",
          message: `Several source users migrate into the same destination user: ${listed(shared)}. Their data would merge; give each its own importName unless that is intended.`,
        }
      : {
          id: "duplicate-destinations",
          title: "Duplicate destination users",
          status: "Success",
          message: "Each destination user receives one source user.",
        },
  ];
}

function licenceTest(state: CloudMState, batches: SimBatch[]): Test {
  const base = { id: "licences", title: "Licences" };
  // Keyed as a run takes licences: per destination user, on each batch's own destination.
  const needed = new Set(
    batches
      .flatMap((b) => [...b.items.values()].filter((i) => i.migrate).map((i) => licenceKey(state, b, i)))
      .filter((key) => !state.licensedUsers.has(key)),
  ).size;
  const available = state.licencesAvailable;
  const counts = `${needed} new licence(s) needed, ${available} of ${state.limits.licenceCount} available`;
  if (needed > available)
    return {
      ...base,
      status: "Failed",
      message: `${counts}: buy ${needed - available} more, or move users out of the batches (delta re-runs are free).`,
    };
  if (available - needed < Math.ceil(state.limits.licenceCount * LICENCE_WARNING_SHARE))
    return {
      ...base,
      status: "Warning",
      message: `${counts}; ${available - needed} would be left after this.`,
    };
  return { ...base, status: "Success", message: `${counts}.` };
}

function volumeTest(state: CloudMState, batches: SimBatch[]): Test {
  const base = { id: "volume-cap", title: "Volume cap" };
  const cap = state.limits.volumeCapBytes;
  if (cap === undefined) return { ...base, status: "Info", message: "This tenant has no volume cap." };
  const estimate = migrating(batches)
    .filter((i) => !i.bulkDone)
    .reduce((sum, i) => {
      const data = Object.values(migratedData(state.seed, i.exportName, i.flags));
      return sum + data.reduce((bytes, d) => bytes + (d?.bytes ?? 0), 0);
    }, 0);
  const left = Math.max(0, cap - state.importedBytes);
  const figures = `${gb(state.importedBytes)} of the ${gb(cap)} cap used; about ${gb(estimate)} still to migrate`;
  if (left === 0)
    return {
      ...base,
      status: "Failed",
      message: `The volume cap is reached (${figures}); raise the cap before starting.`,
    };
  if (estimate > left)
    return {
      ...base,
      status: "Failed",
      message: `${figures}, more than the ${gb(left)} left: the run would stop at the cap. Raise the cap or migrate fewer users.`,
    };
  if (state.importedBytes + estimate > cap * VOLUME_WARNING_SHARE)
    return { ...base, status: "Warning", message: `${figures}; that leaves little headroom under the cap.` };
  return { ...base, status: "Success", message: `${figures}.` };
}

function settingsTest(batches: SimBatch[], now: number): Test {
  const base = { id: "batch-settings", title: "Batch settings" };
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const b of batches) {
    const g = b.general;
    for (const [from, to] of DATE_PAIRS) {
      const start = g[from] ? Date.parse(g[from]) : Number.NaN;
      const end = g[to] ? Date.parse(g[to]) : Number.NaN;
      if (start > end) failures.push(`'${b.batchName}' ${from} ${g[from]} is after ${to} ${g[to]}`);
      if (start > now) warnings.push(`'${b.batchName}' ${from} ${g[from]} is in the future`);
    }
    const both = g.includedFolders.filter((f) => g.excludedFolders.includes(f));
    if (both.length > 0) warnings.push(`'${b.batchName}' both includes and excludes ${listed(both)}`);
    if (g.folderSelection === "Custom" && g.includedFolders.length === 0)
      warnings.push(`'${b.batchName}' selects Custom folders but includes none`);
  }
  if (failures.length > 0)
    return {
      ...base,
      status: "Failed",
      message: `${failures.join("; ")}: nothing in that range would migrate. Fix the dates with update_batch_settings.`,
    };
  if (warnings.length > 0)
    return { ...base, status: "Warning", message: `${warnings.join("; ")}. Check with get_batch_settings.` };
  return { ...base, status: "Success", message: "Date ranges and folder selections are consistent." };
}

function runningTest(ctx: CloudMContext, batches: SimBatch[], now: number): Test {
  const base = { id: "running-batches", title: "Batches already running" };
  const running = batches.filter((b) => {
    advance(ctx.state, b, now);
    return isActive(b);
  });
  return running.length > 0
    ? {
        ...base,
        status: "Info",
        message: `${listed(running.map((b) => `'${b.batchName}' (${b.run.state})`))} cannot start again until ${running.length === 1 ? "its run ends" : "their runs end"}.`,
      }
    : { ...base, status: "Success", message: "No batch in scope is running." };
}

/** Every check for a project's batches in scope, in the order a run reveals them. */
export function readinessTests(
  ctx: CloudMContext,
  project: SimProject,
  batches: SimBatch[],
  now: number,
): Test[] {
  const { state } = ctx;
  const google = googleTest(state, project);
  return [
    connectionTest(ctx, project.sourceConnectionId, "source", now),
    connectionTest(ctx, project.destinationConnectionId, "destination", now),
    rolesTest(state, project),
    ...(google ? [google] : []),
    usersTest(batches),
    ...addressTests(state, project, batches),
    licenceTest(state, batches),
    volumeTest(state, batches),
    settingsTest(batches, now),
    runningTest(ctx, batches, now),
  ];
}
