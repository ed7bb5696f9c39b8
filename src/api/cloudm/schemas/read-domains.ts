/**
 * Domain replacement answers in JSON, however the instance shapes them: CloudM's own
 * `ReplacementValuesModel` (`values: [{ name, value }]`, `totalCount`) first, then our mapping names.
 * The CSV form of the same list is read in ../domains-api.ts.
 */
import type { DomainMapping } from "./domains.js";
import { field, isListShaped, readId, readList, readNumber, readString } from "./read-values.js";

/** Every complete mapping a JSON answer lists; undefined when it holds no list at all. */
export function readDomainMappings(raw: unknown): DomainMapping[] | undefined {
  const names = ["values", "mappings", "replacements", "domainReplacements"];
  if (!isListShaped(raw, names)) return undefined;
  return readList(raw, names).items.flatMap((row) => {
    const sourceDomain = readString(field(row, ["sourceDomain", "name", "source", "from", "oldDomain"]));
    const destinationDomain = readString(
      field(row, ["destinationDomain", "value", "destination", "to", "newDomain"]),
    );
    return sourceDomain && destinationDomain ? [{ sourceDomain, destinationDomain }] : [];
  });
}

export interface DomainsSavedRecord {
  projectId: string | undefined;
  mappingCount: number | undefined;
  updatedOn: string | undefined;
}

/** What an upload answered; undefined when it said nothing we read. */
export function readDomainsSaved(raw: unknown): DomainsSavedRecord | undefined {
  const saved = {
    projectId: readId(field(raw, ["projectId"])),
    mappingCount: readNumber(field(raw, ["mappingCount", "totalCount", "count", "savedCount"])),
    updatedOn: readString(field(raw, ["updatedOn", "savedOn", "modifiedOn"])),
  };
  return Object.values(saved).every((v) => v === undefined) ? undefined : saved;
}
