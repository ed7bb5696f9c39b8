/**
 * A MigrateClouds transfer as the file tools show it: its output (source and destination as
 * `service:path`), whether it is still going, its line, and a link to its resource.
 */
import { z } from "zod";
import type { Transfer } from "../api/migrateclouds/schemas.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { MIGRATECLOUDS_URIS } from "../views/uris.js";

export const transferOut = z.object({
  id: z.string(),
  status: z.string(),
  source: z.string(),
  destination: z.string(),
  conflictResolution: z.string(),
  percent: z.number(),
  filesDone: z.number(),
  filesTotal: z.number(),
  recurring: z.string().optional(),
  error: z.string().optional(),
});
export type TransferOut = z.infer<typeof transferOut>;

const where = (l: { service: string; path: string }) => `${l.service}:${l.path}`;

export function transferView(t: Transfer): TransferOut {
  return {
    id: t.id,
    status: t.status,
    source: where(t.source),
    destination: where(t.destination),
    conflictResolution: t.conflict_resolution,
    percent: t.progress.percent,
    filesDone: t.progress.files_done,
    filesTotal: t.progress.files_total,
    ...(t.schedule ? { recurring: t.schedule.interval } : {}),
    ...(t.error ? { error: t.error } : {}),
  };
}

export const moving = (t: TransferOut) => t.status === "queued" || t.status === "running";

export const transferLink = (t: TransferOut) => ({
  type: "resource_link" as const,
  uri: MIGRATECLOUDS_URIS.transfer(t.id),
  name: plainOrQuoted(t.id),
  mimeType: "application/json",
});

export const transferText = (t: TransferOut) =>
  `${plainOrQuoted(t.id)} ${plainOrQuoted(t.status)} ${t.percent}% (${t.filesDone}/${t.filesTotal} files) ${quoted(t.source)} -> ${quoted(t.destination)}, conflicts: ${plainOrQuoted(t.conflictResolution)}${t.recurring ? `, every ${plainOrQuoted(t.recurring)}` : ""}${t.error ? `; error: ${quoted(t.error)}` : ""}`;
