/** In-memory state of the simulated CloudM tenant: the entities the routes and the engine share. */
import type { PlatformKey } from "../../api/cloudm/platforms.js";
import type {
  DataType,
  GeneralSettings,
  ItemFailure,
  ItemState,
  MigrationMode,
  ReportType,
  RunState,
} from "../../api/cloudm/schemas/index.js";
import { seededGuid, seededRandom } from "../random.js";
import type { SimLicence } from "./admin-routes.js";
import type { SimAuditEntry } from "./audit.js";
import type { SimDomainMappings } from "./domain-routes.js";
import type { SimNotification } from "./notifications.js";
import { seedServers } from "./servers.js";
import type { SimReadiness } from "./readiness-routes.js";
import type { SimScan } from "./scan-routes.js";
import type { SimSchedule } from "./scheduler.js";

export interface SimAdmin {
  userId: string;
  userName: string;
  email: string;
  role: string;
  password: string;
  passwordResetRequired: boolean;
}

export interface SimConnection {
  id: number;
  platform: PlatformKey;
  name: string;
  connectionType: "Source" | "Destination";
  settings: Record<string, unknown>;
  createdOn: number;
}

export interface SimConnectionTest {
  testId: string;
  connectionId: number;
  startedAt: number;
  completesAt: number;
}

export interface SimProject {
  projectId: string;
  name: string;
  createdOn: number;
  isArchived: boolean;
  sourceConnectionId: number;
  destinationConnectionId: number;
}

export interface Counters {
  exportSuccess: number;
  exportFailure: number;
  importSuccess: number;
  importFailure: number;
  sizeExportedBytes: number;
  sizeImportedBytes: number;
}

export type Work = Partial<Record<DataType, { count: number; bytes: number }>>;

export interface RecordedFailure {
  failure: ItemFailure;
  /** Whether a retry clears it (a hash mismatch does; a full mailbox does not). */
  transient: boolean;
}

export type PassKind = "check" | "bulk" | "delta" | "retryItems";

/** One run of one item: planned up front from the seed, so its outcome is fixed before it starts. */
export interface Pass {
  kind: PassKind;
  work: Work;
  durationMs: number;
  /** Fraction of the work done in earlier, stopped attempts of this pass. */
  doneFraction: number;
  /** Where the pass ends: 1, or earlier for a user-level failure. */
  endFraction: number;
  userFailure?: RecordedFailure;
  itemFailures: RecordedFailure[];
  startedAt?: number;
}

export interface SimItem {
  id: number;
  configurationId: string;
  exportName: string;
  importName: string;
  exportType: number;
  importType: number;
  migrate: boolean;
  flags: Record<string, boolean>;
  extra: Record<string, unknown>;
  state: ItemState;
  bulkDone: boolean;
  lastPassKind: PassKind | null;
  attempts: number;
  totals: Partial<Record<DataType, Counters>>;
  failures: RecordedFailure[];
  startTime: number | null;
  endTime: number | null;
  server: string | null;
  pass: Pass | null;
  /** A bulk or delta pass interrupted by a stop, resumed by the next StartMigration. */
  stoppedPass: Pass | null;
}

export interface SimRun {
  state: RunState;
  mode: MigrationMode | null;
  phase: "Test" | "Bulk" | "Delta" | "Troubleshooting";
  stopReason: string;
  startedAt: number | null;
  endedAt: number | null;
  runningFrom: number;
  stopAt: number;
  selected: number[];
  queue: number[];
  running: number[];
  concurrency: number;
}

export interface SimReport {
  status: "InProgress" | "Completed" | "Failure" | "FailureBigSize";
  requestedOn: number;
  readyAt: number;
  files: Partial<Record<ReportType, string>>;
}

export interface SimBatch {
  configurationId: string;
  projectId: string;
  batchName: string;
  sourceConnectionId: number;
  destinationConnectionId: number;
  migrationItemsBatchType: number;
  tags: string;
  createdOn: number;
  items: Map<number, SimItem>;
  /** Lower-cased exportNames of the items, for the duplicate check on every add. */
  itemNames: Set<string>;
  general: GeneralSettings;
  sourceSettings: Record<string, unknown>;
  destinationSettings: Record<string, unknown>;
  run: SimRun;
  report: SimReport | null;
}

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

export interface TenantLimits {
  /** Licences the tenant owns; one per unique destination user. */
  licenceCount: number;
  /** Bytes the tenant may import in all; undefined means no cap. */
  volumeCapBytes: number | undefined;
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
  // Domain replacement and administration (domain-routes.ts, admin-routes.ts and what they use).
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
    };
    batch.items.set(item.id, item);
    batch.itemNames.add(item.exportName.toLowerCase());
    return item;
  }

  get licencesAvailable(): number {
    return Math.max(0, this.limits.licenceCount - this.licensedUsers.size);
  }
}
