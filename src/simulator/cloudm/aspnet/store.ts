/**
 * What the aspnet profile keeps beside the shared state: the vendor's general settings that have no
 * counterpart in the simulator's own (so a value saved reads back). Everything the engine runs on,
 * the runs' measured throughput included, stays in CloudMState, the one source of truth.
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

export class AspnetStore {
  private readonly extras = new Map<string, VendorGeneralExtras>();

  generalExtras(configurationId: string): VendorGeneralExtras {
    let extras = this.extras.get(configurationId);
    if (!extras) {
      extras = { ...DEFAULT_EXTRAS };
      this.extras.set(configurationId, extras);
    }
    return extras;
  }
}
