/**
 * Environment scans (api/EnvironmentScan): what a project's source holds before anything moves. The
 * guide names the group; the facts file gives scanType, the source option and the states.
 * The answer shapes are the full simulator's; the client reads answers with read-scan.ts.
 */

export const SCAN_TYPES = ["AllItems", "SelectedToMigrateItems"] as const;
export type ScanType = (typeof SCAN_TYPES)[number];
export const SCAN_SOURCE_OPTIONS = ["Both", "Email", "File"] as const;
export type ScanSourceOption = (typeof SCAN_SOURCE_OPTIONS)[number];

// assumed: not in the guide (body of POST api/EnvironmentScan/start)
export interface StartScanRequest {
  projectId: string;
  scanType: ScanType;
  sourceOption: ScanSourceOption;
}
