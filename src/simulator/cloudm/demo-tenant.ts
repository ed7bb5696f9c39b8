/**
 * The demo tenant: Microsoft 365 to Google Workspace, one project and three batches as a tenant has
 * them midway through a migration: a pilot that ran to completion two days ago (so the project has a
 * measured throughput, and failures to triage), a wave never started, and a wave with more users than
 * the licence has left (so a start is refused until more are bought).
 */
import { derivedRandom } from "../random.js";
import type { CloudMContext } from "./context.js";
import { advance, RunConflict, startRun } from "./engine.js";
import type { SimBatch } from "./model.js";
import { directoryUsers, staffUsers } from "./seed.js";
import type { CloudMState } from "./state.js";

export interface DemoTenant {
  sourceConnectionId: number;
  destinationConnectionId: number;
  projectId: string;
  /** "Wave 1 - Sales": 30 users, never started. */
  configurationId: string;
  /**
   * "Pilot - IT": ran to completion two days before the simulator started, some users failed and
   * some with failed items; left never run when the licence pool cannot cover its users.
   */
  pilotConfigurationId: string;
  /**
   * "Wave 2 - All staff": as many users as the licence has left after the pilot, and 40 more. None
   * when that would be more than 5,000 users (a licenceCount far above the default).
   */
  overLicenceConfigurationId: string | undefined;
}

const DAY_MS = 86_400_000;
const SOURCE_DOMAIN = "contoso.example";
const PILOT_USERS = 24;
/** How many users Wave 2 has beyond the licences left. */
const OVER_LICENCE_BY = 40;
const MAX_WAVE_USERS = 5_000;
const DATA = { mail: true, calendar: true, contacts: true, drive: true };

function addUsers(state: CloudMState, batch: SimBatch, users: readonly string[]): void {
  for (const user of users) {
    state.addItem(batch, {
      exportName: user,
      importName: user.replace(`@${SOURCE_DOMAIN}`, "@fabrikam.example"),
      exportType: 0,
      importType: 0,
      migrate: true,
      flags: { ...DATA },
      extra: {},
    });
  }
}

/** Runs the pilot as it ran two days ago, to its end; a pool too small for it leaves it never run. */
function runPilot(state: CloudMState, pilot: SimBatch, now: number): void {
  // It ran before the tenant's volume cap was set: the cap meters only what moves from now on.
  const cap = state.limits.volumeCapBytes;
  state.limits.volumeCapBytes = undefined;
  try {
    startRun(state, pilot, "StartMigration", now - 2 * DAY_MS);
    advance(state, pilot, now);
  } catch (error) {
    if (!(error instanceof RunConflict)) throw error;
  } finally {
    state.limits.volumeCapBytes = cap;
    state.importedBytes = 0;
  }
}

export function seedDemoTenant(ctx: CloudMContext): DemoTenant {
  const { state } = ctx;
  const now = ctx.clock.now();
  const setUp = now - 7 * DAY_MS;
  const source = {
    id: state.connectionId(),
    platform: "Microsoft365" as const,
    name: "Contoso Microsoft 365 (simulated)",
    connectionType: "Source" as const,
    settings: {
      domainName: SOURCE_DOMAIN,
      adminName: "migration-admin@contoso.example",
      adminPassword: "simulated-secret",
      testUserName: "amara.adams@contoso.example",
    },
    createdOn: setUp,
  };
  const destination = {
    id: state.connectionId(),
    platform: "GoogleWorkspace" as const,
    name: "Fabrikam Google Workspace (simulated)",
    connectionType: "Destination" as const,
    settings: {
      domainName: "fabrikam.example",
      adminUsername: "admin@fabrikam.example",
      serviceAccountEmailAddress: "migrate@fabrikam-sim.iam.example",
      key: "simulated-key",
      googleAuthenticationMethod: "JSON",
    },
    createdOn: setUp,
  };
  state.connections.set(source.id, source);
  state.connections.set(destination.id, destination);
  const projectId = state.guid();
  state.projects.set(projectId, {
    projectId,
    name: "Contoso to Fabrikam (simulated)",
    createdOn: setUp,
    isArchived: false,
    sourceConnectionId: source.id,
    destinationConnectionId: destination.id,
  });
  const batch = (batchName: string, tags: string, createdOn: number) =>
    state.addBatch(
      {
        projectId,
        batchName,
        sourceConnectionId: source.id,
        destinationConnectionId: destination.id,
        migrationItemsBatchType: 0,
        tags,
      },
      createdOn,
    );
  const wave1 = batch("Wave 1 - Sales", "wave1", now);
  const sales = directoryUsers(SOURCE_DOMAIN, 30, derivedRandom(state.seed, "demo-batch"));
  addUsers(state, wave1, sales);

  const pilot = batch("Pilot - IT", "pilot", now - 5 * DAY_MS);
  const it = staffUsers(SOURCE_DOMAIN, PILOT_USERS, derivedRandom(state.seed, "demo-pilot-2"), sales);
  addUsers(state, pilot, it);
  runPilot(state, pilot, now);

  const staff = state.licencesAvailable + OVER_LICENCE_BY;
  let overLicence: SimBatch | undefined;
  if (staff <= MAX_WAVE_USERS) {
    overLicence = batch("Wave 2 - All staff", "wave2", now - DAY_MS);
    addUsers(
      state,
      overLicence,
      staffUsers(SOURCE_DOMAIN, staff, derivedRandom(state.seed, "demo-staff"), [...sales, ...it]),
    );
  }
  return {
    sourceConnectionId: source.id,
    destinationConnectionId: destination.id,
    projectId,
    configurationId: wave1.configurationId,
    pilotConfigurationId: pilot.configurationId,
    overLicenceConfigurationId: overLicence?.configurationId,
  };
}
