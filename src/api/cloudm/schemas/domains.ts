/**
 * Domain replacement (api/DomainReplacement): a project's mapping of source to destination domains,
 * which travels as a CSV with the columns SourceDomain,DestinationDomain.
 */
import { z } from "zod";

// assumed: not in the guide (it names the group and says the mappings are a CSV, nothing more)
export const DOMAIN_CSV_COLUMNS = ["SourceDomain", "DestinationDomain"] as const;
export const DOMAIN_CSV_MAX_ROWS = 10_000;

/** A DNS domain of two or more labels (IDNs in punycode), as a mapping must name. */
export const DOMAIN_PATTERN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;
export const domainName = z
  .string()
  .regex(DOMAIN_PATTERN, "Expected a domain name such as contoso.com (no scheme, no @, no spaces)");

export const domainMapping = z.object({ sourceDomain: domainName, destinationDomain: domainName });
export type DomainMapping = z.infer<typeof domainMapping>;

// assumed: not in the guide
export const domainCsvSaved = z.looseObject({
  projectId: z.string(),
  mappingCount: z.number(),
  updatedOn: z.string().nullable().optional(),
});
export type DomainCsvSaved = z.infer<typeof domainCsvSaved>;
