/**
 * The typed CloudM Migrate client the server holds: one thin method per operation of the endpoint map
 * (endpoints.ts), each in its group's module (`*-api.ts`), every one reaching the instance through the
 * transport (transport.ts: routing, auth, and how answers are read). The guide's core calls keep their
 * flat names (`cloudm.listConnections(…)`); its "other endpoints" groups are reached by group
 * (`cloudm.admin.getUser(…)`). What the calls return is exported from here too.
 */
import { AdminApi } from "./admin-api.js";
import type { Profile } from "./auth.js";
import { BatchesApi } from "./batches-api.js";
import { ConnectionsApi } from "./connections-api.js";
import { DomainReplacementApi } from "./domains-api.js";
import { MigrationItemsApi } from "./items-api.js";
import { KnownObjects } from "./known.js";
import type { PlatformKey } from "./platforms.js";
import { ProjectsApi } from "./projects-api.js";
import { ReadinessApi } from "./readiness-api.js";
import { RunsApi } from "./runs-api.js";
import { ScanApi } from "./scan-api.js";
import { ScheduleApi } from "./schedule-api.js";
import type {
  AddMigrationItemRequest,
  ConnectionRequest,
  CreateBatchRequest,
  CreateProjectRequest,
  MigrationMode,
  ReportType,
} from "./schemas/index.js";
import { BatchSettingsApi } from "./settings-api.js";
import { type CloudMClientOptions, CloudMTransport } from "./transport.js";

export type { Connection } from "./connections-api.js";
export type { Written } from "./operation.js";
export { type Optional, optional } from "./optional.js";
export type { CloudMClientOptions } from "./transport.js";

export class CloudMClient extends CloudMTransport {
  readonly known = new KnownObjects();
  /** The "other endpoints" groups of the guide, each reached the same way: `cloudm.admin.getUser(…)`. */
  readonly admin: AdminApi;
  readonly schedules: ScheduleApi;
  readonly scans: ScanApi;
  readonly readiness: ReadinessApi;
  readonly domains: DomainReplacementApi;
  private readonly connections: ConnectionsApi;
  private readonly projects: ProjectsApi;
  private readonly batches: BatchesApi;
  private readonly items: MigrationItemsApi;
  private readonly settings: BatchSettingsApi;
  private readonly runs: RunsApi;

  constructor(options: CloudMClientOptions) {
    super(options);
    this.admin = new AdminApi(this);
    this.schedules = new ScheduleApi(this);
    this.scans = new ScanApi(this);
    this.readiness = new ReadinessApi(this);
    this.domains = new DomainReplacementApi(this);
    this.connections = new ConnectionsApi(this);
    this.projects = new ProjectsApi(this, this.known);
    this.batches = new BatchesApi(this, this.known);
    this.items = new MigrationItemsApi(this, options.logger);
    this.settings = new BatchSettingsApi(this);
    this.runs = new RunsApi(this);
  }

  // ------------------------------------------------------------ account

  /** The signed-in user (logs in if needed). */
  async profile(signal?: AbortSignal): Promise<Profile | undefined> {
    await this.auth.token(signal);
    return this.auth.profile;
  }

  // ------------------------------------------------------------ connections (connections-api.ts)

  listConnections(platform: PlatformKey, signal?: AbortSignal) {
    return this.connections.list(platform, signal);
  }

  getConnection(platform: PlatformKey, connectionId: number, signal?: AbortSignal) {
    return this.connections.get(platform, connectionId, signal);
  }

  allConnections(signal?: AbortSignal) {
    return this.connections.all(signal);
  }

  createConnection(platform: PlatformKey, body: ConnectionRequest, signal?: AbortSignal) {
    return this.connections.create(platform, body, signal);
  }

  updateConnection(
    platform: PlatformKey,
    connectionId: number,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ) {
    return this.connections.update(platform, connectionId, body, signal);
  }

  startConnectionTest(platformConnectionId: number, signal?: AbortSignal) {
    return this.connections.startTest(platformConnectionId, signal);
  }

  getConnectionTest(testId: string, signal?: AbortSignal) {
    return this.connections.getTest(testId, signal);
  }

  // ------------------------------------------------------------ projects (projects-api.ts)

  createProject(body: CreateProjectRequest, signal?: AbortSignal) {
    return this.projects.create(body, signal);
  }

  listProjects(
    page: { pageNumber: number; pageSize: number; includeArchived?: boolean },
    signal?: AbortSignal,
  ) {
    return this.projects.list(page, signal);
  }

  getProject(projectId: string, signal?: AbortSignal) {
    return this.projects.get(projectId, signal);
  }

  projectFacts(projectId: string, signal?: AbortSignal) {
    return this.projects.facts(projectId, signal);
  }

  renameProject(projectId: string, name: string, signal?: AbortSignal) {
    return this.projects.rename(projectId, name, signal);
  }

  setProjectArchived(projectId: string, archived: boolean, signal?: AbortSignal) {
    return this.projects.setArchived(projectId, archived, signal);
  }

  deleteProject(projectId: string, signal?: AbortSignal) {
    return this.projects.delete(projectId, signal);
  }

  // ------------------------------------------------------------ batches (batches-api.ts)

  createBatch(body: CreateBatchRequest, signal?: AbortSignal) {
    return this.batches.create(body, signal);
  }

  listBatches(projectId: string, signal?: AbortSignal) {
    return this.batches.list(projectId, signal);
  }

  getBatch(configurationId: string, signal?: AbortSignal) {
    return this.batches.get(configurationId, signal);
  }

  batchFacts(configurationId: string, signal?: AbortSignal) {
    return this.batches.facts(configurationId, signal);
  }

  batchesOf(projectId: string, signal?: AbortSignal) {
    return this.batches.of(projectId, signal);
  }

  // ------------------------------------------------------------ migration items (items-api.ts)

  addMigrationItem(body: AddMigrationItemRequest, signal?: AbortSignal) {
    return this.items.add(body, signal);
  }

  importUsersFromFile(configurationId: string, csv: string, fileName: string, signal?: AbortSignal) {
    return this.items.importFromFile(configurationId, csv, fileName, signal);
  }

  importUsersFromSource(configurationId: string, signal?: AbortSignal) {
    return this.items.importFromSource(configurationId, signal);
  }

  // ------------------------------------------------------------ batch settings (settings-api.ts)

  getBatchSettings(configurationId: string, signal?: AbortSignal) {
    return this.settings.get(configurationId, signal);
  }

  saveGeneralSettings(configurationId: string, settings: Record<string, unknown>, signal?: AbortSignal) {
    return this.settings.save("saveGeneralSettings", configurationId, settings, signal);
  }

  saveSourceSettings(configurationId: string, settings: Record<string, unknown>, signal?: AbortSignal) {
    return this.settings.save("saveSourceSettings", configurationId, settings, signal);
  }

  saveDestinationSettings(configurationId: string, settings: Record<string, unknown>, signal?: AbortSignal) {
    return this.settings.save("saveDestinationSettings", configurationId, settings, signal);
  }

  // ------------------------------------------------------------ runs, statistics, reports (runs-api.ts)

  startMigration(configurationId: string, mode: MigrationMode, signal?: AbortSignal) {
    return this.runs.start(configurationId, mode, signal);
  }

  stopMigration(configurationId: string, signal?: AbortSignal) {
    return this.runs.stop(configurationId, signal);
  }

  getStatistics(configurationId: string, signal?: AbortSignal) {
    return this.runs.statistics(configurationId, signal);
  }

  generateReport(configurationId: string, signal?: AbortSignal) {
    return this.runs.generateReport(configurationId, signal);
  }

  downloadReport(configurationId: string, reportType: ReportType, signal?: AbortSignal) {
    return this.runs.downloadReport(configurationId, reportType, signal);
  }
}
