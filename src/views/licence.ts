/**
 * The licence pool in words, for get_license, the start_migration preview and doctor alike: each figure
 * the instance gave, and which it did not; a figure it left out is never shown as 0.
 */
import type { LicenceRecord } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted } from "../api/quoted.js";
import { enumLabel } from "./reported.js";

/** "10 of 40 user licences available", or as much of it as the instance said. */
export function licencePool(l: Pick<LicenceRecord, "total" | "available">): string {
  if (l.available !== undefined && l.total !== undefined)
    return `${l.available} of ${l.total} user licences available`;
  if (l.available !== undefined) return `${l.available} user licences available (the total not reported)`;
  if (l.total !== undefined) return `${l.total} user licences (how many are available not reported)`;
  return "user licences not reported";
}

/** "GoogleWorkspace fabrikam.example": the destination a licence covers, as far as the instance said; "" if not at all. */
export const licenceDestination = (
  l: Pick<LicenceRecord, "destinationPlatform" | "destinationDomain">,
): string =>
  [l.destinationPlatform, l.destinationDomain]
    .filter((part): part is string => part !== undefined && part !== "")
    .map(plainOrQuoted)
    .join(" ");

/** "Expired", or "state unknown" / "state not understood (3)". */
export const licenceState = (l: Pick<LicenceRecord, "state" | "stateReported">): string =>
  l.state ?? `state ${enumLabel(undefined, l.stateReported)}`;
