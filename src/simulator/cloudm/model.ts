/**
 * The simulated CloudM tenant's entities: what state.ts holds and the engine, the behaviour modules and
 * the routes read and change. Types only, so every layer can import them without importing behaviour.
 */
import type { PlatformKey } from "../../guide/platforms.js";
import type { DomainMapping } from "./wire/domains.js";
import type { ReadinessTestStatus } from "./wire/readiness.js";
import type { ItemState, MigrationMode, ReportType, RunState } from "./wire/runs.js";
import type { ScanSourceOption, ScanState, ScanType } from "./wire/scan.js";
import type { ScheduleRepeat, ScheduleStatus, ScheduleType } from "./wire/schedule.js";
import type { GeneralSettings } from "./wire/settings.js";
import type { DataType, ItemFailure } from "./wire/statistics.js";

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

/**
 * What a failure comes down to, as an admin groups them: the simulator's own truth, which tests hold
 * a triage against. Never on the wire: a client must tell it from the code and the reason.
 */
export type FailureCause =
  "quota" | "throttling" | "permission" | "missingAccount" | "tooLarge" | "corrupt" | "other";

/** Whose system refused: a source refusal is an export failure, a destination one an import failure. */
export type FailureSide = "source" | "destination";

export interface RecordedFailure {
  failure: ItemFailure;
  /** Whether a retry clears it (a hash mismatch or a busy server does; a full mailbox does not). */
  transient: boolean;
  cause: FailureCause;
  side: FailureSide;
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
  /**
   * Fraction of the bulk work moved before the user failed: the next bulk pass goes on from there, as
   * CloudM skips what it has already migrated, so a restart does not count that data twice.
   */
  failedBulkShare: number;
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

/** What a run has moved so far: items imported and bytes, since it started. */
export interface RunFigures {
  importedItems: number;
  sizeExportedBytes: number;
  sizeImportedBytes: number;
}

/** A point of a run's measured progress, taken as each of its users finished. */
export interface RunSample extends RunFigures {
  at: number;
  /** Users migrating right after that moment. */
  currentUsers: number;
}

/** One run of a batch, kept after it ends: what it moved and when, so its throughput stays measured. */
export interface SimRunRecord {
  mode: MigrationMode;
  phase: SimRun["phase"];
  startedAt: number;
  /** Null while it runs. */
  endedAt: number | null;
  /** How it ended; null while it runs. */
  outcome: "Completed" | "Stopped" | null;
  stopReason: string;
  users: number;
  moved: RunFigures;
  samples: RunSample[];
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
  /** Every run the batch has had, oldest first; the last is `run`'s. */
  history: SimRunRecord[];
  report: SimReport | null;
}

export interface TenantLimits {
  /** Licences the tenant owns; one per unique destination user. */
  licenceCount: number;
  /**
   * Bytes the tenant may import in all, counted from the simulator's start (the demo tenant's seeded
   * earlier runs are not metered); undefined means no cap.
   */
  volumeCapBytes: number | undefined;
}

// ---------------------------------------------------------------- schedules

export interface SimScheduleOutcome {
  firedOn: number;
  result: "Started" | "NotStarted";
  message: string;
}

export interface SimSchedule {
  scheduleId: string;
  /** The batch whose run this schedule starts. */
  configurationId: string;
  scheduleType: ScheduleType;
  mode: MigrationMode;
  scheduleOn: number | null;
  repeat: ScheduleRepeat;
  completedConfigurationId: string | null;
  completedPercent: number | null;
  createdOn: number;
  /** Who created it: the runs it starts are audited in their name. */
  createdBy: string;
  status: ScheduleStatus;
  /** DateTime schedules: when it fires next (occurrence `occurrence` of scheduleOn + n × repeat). */
  nextRunOn: number | null;
  occurrence: number;
  firedCount: number;
  lastOutcome: SimScheduleOutcome | null;
}

// ---------------------------------------------------------------- scans and readiness

export interface SimScan {
  scanId: string;
  projectId: string;
  scanType: ScanType;
  sourceOption: ScanSourceOption;
  users: string[];
  state: ScanState;
  startedAt: number;
  /** When the last user has been read; UpdateStatistics follows. */
  processedAt: number;
  completedAt: number | null;
  /** Users read when a stop was asked for; the report covers only them. */
  stoppedScanned: number | null;
  stopAt: number;
  /** Why the scan will end in Error (the source connection fails), or null. */
  error: string | null;
}

export interface SimReadinessTest {
  id: string;
  title: string;
  message: string;
  status: ReadinessTestStatus;
}

export interface SimReadiness {
  readinessId: string;
  projectId: string;
  configurationId: string | null;
  startedAt: number;
  /** Decided when the run starts; revealed one by one as the clock passes each. */
  tests: SimReadinessTest[];
  /** Digest of the configuration the tests read. */
  fingerprint: string;
}

// ---------------------------------------------------------------- domains, licence, audit, notifications, fleet

export interface SimDomainMappings {
  mappings: DomainMapping[];
  updatedOn: number;
}

export interface SimLicence {
  /** Set when the simulator starts: a year later, as licences are valid 12 months. */
  expiresOn: number | null;
  /** Destination platforms and domains the licence covers; null covers any. */
  platforms: PlatformKey[] | null;
  domains: string[] | null;
}

export interface SimAuditEntry {
  auditId: number;
  userEmail: string;
  date: number;
  auditType: string;
  message: string;
  ipAddress: string;
  userAgent: string;
}

export interface SimNotification {
  id: number;
  date: number;
  title: string;
  type: "Success" | "Error" | "Info" | "Warning";
  message: string;
  configurationId: string | null;
  projectId: string | null;
  isRead: boolean;
}

export interface SimServer {
  machineName: string;
  version: string;
  state: "Running" | "Draining" | "Stopped";
  /** When it last started; set when the simulator starts. */
  bootedAt: number | null;
}
