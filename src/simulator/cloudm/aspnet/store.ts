/**
 * What the aspnet profile keeps beside the shared state: the vendor's general settings that have no
 * counterpart in the simulator's own (so a value saved reads back), and the throughput history its
 * statistics report. Everything the engine runs on stays in CloudMState, the one source of truth.
 */

/** General settings of CloudM's model the engine does not use. */
export interface VendorGeneralExtras {
  migrateChats: boolean;
  replaceDomainAddresses: boolean;
  createUserReports: boolean;
  autoRestartCrashedUsers: boolean;
  /** A migrationFolders value the simulator's folder selection cannot say; undefined follows it. */
  migrationFolders?: number;
}

const DEFAULT_EXTRAS: VendorGeneralExtras = {
  migrateChats: true,
  replaceDomainAddresses: false,
  createUserReports: false,
  autoRestartCrashedUsers: true,
};

/** One point of a run's measured throughput, taken when its statistics were read. */
export interface HistorySample {
  at: number;
  currentUsers: number;
  importedItems: number;
  sizeExported: number;
  sizeImported: number;
}

export class AspnetStore {
  private readonly extras = new Map<string, VendorGeneralExtras>();
  private readonly history = new Map<string, { runStartedAt: number; samples: HistorySample[] }>();

  generalExtras(configurationId: string): VendorGeneralExtras {
    let extras = this.extras.get(configurationId);
    if (!extras) {
      extras = { ...DEFAULT_EXTRAS };
      this.extras.set(configurationId, extras);
    }
    return extras;
  }

  /** The samples of the batch's current run; a new run starts an empty history. */
  samples(configurationId: string, runStartedAt: number): HistorySample[] {
    const kept = this.history.get(configurationId);
    if (kept?.runStartedAt === runStartedAt) return kept.samples;
    const fresh = { runStartedAt, samples: [] };
    this.history.set(configurationId, fresh);
    return fresh.samples;
  }
}
