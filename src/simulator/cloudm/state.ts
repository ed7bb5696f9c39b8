/** In-memory state of the simulated CloudM tenant: the entities (model.ts) the routes and the engine share. */
import { seededGuid, seededRandom } from "../random.js";
import type {
  SimAdmin,
  SimAuditEntry,
  SimBatch,
  SimConnection,
  SimConnectionTest,
  SimDomainMappings,
  SimItem,
  SimLicence,
  SimNotification,
  SimProject,
  SimReadiness,
  SimRun,
  SimScan,
  SimSchedule,
  TenantLimits,
} from "./model.js";
import { seedServers } from "./seed.js";
import type { GeneralSettings } from "./wire/settings.js";

export const DEFAULT_GENERAL_SETTINGS: GeneralSettings = {
  emailDateFrom: null,
  emailDateTo: null,
  appointmentDateFrom: null,
  appointmentDateTo: null,
  documentDateFrom: null,
  documentDateTo: null,
  chatDateFrom: null,
  chatDateTo: null,
  folderSelection: "All",
  includedFolders: [],
  excludedFolders: [],
  addressReplacements: [],
  autoCancelPeriodHours: 0,
  retryFailedItems: true,
  simultaneousMigrations: 10,
  sendReportOnCompletion: false,
};

export function idleRun(): SimRun {
  return {
    state: "None",
    mode: null,
    phase: "Bulk",
    stopReason: "None",
    startedAt: null,
    endedAt: null,
    runningFrom: 0,
    stopAt: 0,
    selected: [],
    queue: [],
    running: [],
    concurrency: DEFAULT_GENERAL_SETTINGS.simultaneousMigrations,
  };
}

export class CloudMState {
  readonly admins: SimAdmin[] = [];
  readonly connections = new Map<number, SimConnection>();
  readonly tests = new Map<string, SimConnectionTest>();
  readonly projects = new Map<string, SimProject>();
  readonly batches = new Map<string, SimBatch>();
  readonly schedules = new Map<string, SimSchedule>();
  /** The latest environment scan per projectId. */
  readonly scans = new Map<string, SimScan>();
  readonly readinessRuns = new Map<string, SimReadiness>();
  /** Destination users holding a licence, keyed `platform|domain-less user`. */
  readonly licensedUsers = new Set<string>();
  // Domain replacement and administration (domain-routes.ts, admin-routes.ts, licence-routes.ts and
  // what they use).
  /** Per projectId. */
  readonly domainMappings = new Map<string, SimDomainMappings>();
  /** Admin accounts switched off (isActive false): they exist but cannot sign in, unlike `admins`. */
  readonly inactiveAdmins: SimAdmin[] = [];
  readonly audit: SimAuditEntry[] = [];
  readonly notifications: SimNotification[] = [];
  readonly servers = seedServers();
  /** What the tenant's licence covers (null: any) and when it expires (set when the simulator starts). */
  readonly licence: SimLicence = { expiresOn: null, platforms: null, domains: null };
  importedBytes = 0;
  private nextConnectionId = 1;
  private nextItemId = 1;
  private readonly idRandom: () => number;

  constructor(
    readonly seed: number,
    readonly limits: TenantLimits,
  ) {
    this.idRandom = seededRandom(seed ^ 0x1d);
  }

  guid(): string {
    return seededGuid(this.idRandom);
  }

  connectionId(): number {
    return this.nextConnectionId++;
  }

  addBatch(
    fields: Pick<
      SimBatch,
      | "projectId"
      | "batchName"
      | "sourceConnectionId"
      | "destinationConnectionId"
      | "migrationItemsBatchType"
      | "tags"
    >,
    now: number,
  ): SimBatch {
    const batch: SimBatch = {
      ...fields,
      configurationId: this.guid(),
      createdOn: now,
      items: new Map(),
      itemNames: new Set(),
      general: structuredClone(DEFAULT_GENERAL_SETTINGS),
      sourceSettings: {},
      destinationSettings: {},
      run: idleRun(),
      history: [],
      report: null,
    };
    this.batches.set(batch.configurationId, batch);
    return batch;
  }

  addItem(
    batch: SimBatch,
    fields: Pick<
      SimItem,
      "exportName" | "importName" | "exportType" | "importType" | "migrate" | "flags" | "extra"
    >,
  ): SimItem {
    const item: SimItem = {
      ...fields,
      id: this.nextItemId++,
      configurationId: batch.configurationId,
      state: "None",
      bulkDone: false,
      lastPassKind: null,
      attempts: 0,
      totals: {},
      failures: [],
      startTime: null,
      endTime: null,
      server: null,
      pass: null,
      stoppedPass: null,
      failedBulkShare: 0,
    };
    batch.items.set(item.id, item);
    batch.itemNames.add(item.exportName.toLowerCase());
    return item;
  }

  get licencesAvailable(): number {
    return Math.max(0, this.limits.licenceCount - this.licensedUsers.size);
  }
}
