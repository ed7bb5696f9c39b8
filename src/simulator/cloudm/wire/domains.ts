/**
 * Domain replacement (api/DomainReplacement): a project's source-to-destination domain mapping, which
 * this instance takes and serves as a CSV with the columns SourceDomain,DestinationDomain.
 */
import { z } from "zod";

export const DOMAIN_CSV_COLUMNS = ["SourceDomain", "DestinationDomain"] as const;
export const DOMAIN_CSV_MAX_ROWS = 10_000;

/** A DNS domain of two or more labels (IDNs in punycode): what a mapping, or a licence, must name. */
export const DOMAIN_PATTERN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;

export interface DomainMapping {
  sourceDomain: string;
  destinationDomain: string;
}

// the whole mapping is replaced by the CSV sent as a JSON string
export const uploadDomainCsvRequest = z.strictObject({
  projectId: z.guid(),
  csv: z.string().max(1_000_000),
});

export const domainCsvSaved = z.looseObject({
  projectId: z.string(),
  mappingCount: z.number(),
  updatedOn: z.string().nullable().optional(),
});
