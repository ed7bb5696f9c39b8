/**
 * The licence pool in words, for get_license, the start_migration preview and doctor alike: each figure
 * the instance gave, and which it did not; a figure it left out is never shown as 0.
 */
import type { LICENCE_STATES, LicenceRecord } from "../api/cloudm/schemas/index.js";
import { plainOrQuoted } from "../api/quoted.js";
import { enumLabel } from "./reported.js";

type LicenceState = (typeof LICENCE_STATES)[number];

/** What to do about a licence that does not cover a migration, for get_license and doctor alike. */
const LICENCE_FIX = {
  Expired:
    "renew the licence (CloudM web UI, or your CloudM account manager) before starting more migrations",
  NotValidForCurrentPlatform:
    "the licence does not cover this project's destination platform: extend the licence, or migrate to a covered platform",
  InvalidDomain:
    "the licence does not cover the destination domain: check the domain of the project's destination connection, or extend the licence",
  NotFoundOnServer: "install a licence on this instance (CloudM web UI > Licensing)",
} satisfies Record<Exclude<LicenceState, "Valid">, string>;

/** A state CloudM names for a licence that covers no migration here (one this server does not know is not taken for it). */
export const coversNoMigration = (state: string): boolean => Object.hasOwn(LICENCE_FIX, state);

/** The fix for a state other than Valid; a state this server does not know gets the general one. */
export function licenceFix(state: string): string {
  return coversNoMigration(state)
    ? LICENCE_FIX[state as keyof typeof LICENCE_FIX]
    : "check the licence in the CloudM web UI";
}

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
