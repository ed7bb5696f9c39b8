/**
 * This MigrateClouds instance's wire format: the services, plans and error codes it knows, the requests
 * it accepts and the answers it gives, each inside `{status: "success", data}`. The files list, the
 * envelopes and the error codes are the overview's; transfers, webhooks and the paging parameters are
 * this simulator's own choice where the overview is silent.
 */
import { z } from "zod";

export const SERVICES = ["google_drive", "onedrive", "dropbox", "box", "sharepoint"] as const;
export type Service = (typeof SERVICES)[number];

/** How this instance spells a service it is given: `google-drive`, `googleDrive` and `Google Drive` all count. */
export function serviceSpelling(name: string): string {
  return name
    .trim()
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase();
}

export type ErrorCode =
  | "authentication_error"
  | "permission_denied"
  | "invalid_parameter"
  | "resource_not_found"
  | "rate_limit_exceeded"
  | "service_error";

/** Requests a minute each plan may make. */
export const PLANS = { pro: 60, enterprise: 300 } as const;
export type Plan = keyof typeof PLANS;

function successOf<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal("success"), data });
}

const timestamp = z.string();
const nextPageToken = z.string().nullable();

// ---------------------------------------------------------------- files

export const FILE_PAGE_SIZE_MAX = 1000;

/** GET /v1/files/list's query; the full profile reads the same fields from a JSON body too. */
export const fileListQuery = z.strictObject({
  service: z.string().min(1),
  path: z.string().min(1),
  recursive: z.enum(["true", "false"]).optional(),
  page_token: z.string().optional(),
  page_size: z.coerce.number().int().min(1).max(FILE_PAGE_SIZE_MAX).optional(),
});

/** The JSON body of the overview's one worked example (the guide profile reads only this). */
export const fileListBody = z.strictObject({
  service: z.string().min(1),
  path: z.string().min(1),
  recursive: z.boolean().optional(),
  page_token: z.string().optional(),
  page_size: z.number().int().min(1).max(FILE_PAGE_SIZE_MAX).optional(),
});

const cloudFile = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(["file", "folder"]),
  mime_type: z.string(),
  size: z.number(),
  created_at: timestamp,
  modified_at: timestamp,
  /** Where the entry sits, so a recursive listing can be read flat. */
  path: z.string(),
});
export const fileList = successOf(z.object({ files: z.array(cloudFile), next_page_token: nextPageToken }));

// ---------------------------------------------------------------- transfers

export const CONFLICT_RESOLUTIONS = ["skip", "overwrite", "rename"] as const;
export const TRANSFER_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export const RECURRENCES = ["hourly", "daily", "weekly"] as const;

const location = z.strictObject({ service: z.string().min(1), path: z.string().min(1) });

export const createTransferRequest = z.strictObject({
  source: location,
  destination: location,
  conflict_resolution: z.enum(CONFLICT_RESOLUTIONS),
  /** One-time when absent. Recurring transfers need the Enterprise plan. */
  schedule: z.strictObject({ type: z.literal("recurring"), interval: z.enum(RECURRENCES) }).optional(),
});

const transfer = z.object({
  id: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  source: z.object({ service: z.string(), path: z.string() }),
  destination: z.object({ service: z.string(), path: z.string() }),
  conflict_resolution: z.enum(CONFLICT_RESOLUTIONS),
  schedule: z.object({ type: z.literal("recurring"), interval: z.enum(RECURRENCES) }).nullable(),
  progress: z.object({
    files_total: z.number(),
    files_done: z.number(),
    files_skipped: z.number(),
    bytes_total: z.number(),
    bytes_done: z.number(),
    percent: z.number(),
  }),
  error: z.string().nullable(),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  next_run_at: timestamp.nullable(),
  run_count: z.number(),
});
export const transferAnswer = successOf(transfer);
export const transferList = successOf(
  z.object({ transfers: z.array(transfer), next_page_token: nextPageToken }),
);

// ---------------------------------------------------------------- webhooks

const WEBHOOK_EVENTS = [
  "transfer.started",
  "transfer.completed",
  "transfer.failed",
  "file.created",
  "file.deleted",
  "folder.created",
  "folder.deleted",
  "service.connected",
  "service.disconnected",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const createWebhookRequest = z.strictObject({
  url: z.url(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** When set, deliveries carry an HMAC-SHA256 signature made with it. */
  secret: z.string().min(16).optional(),
});

const webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  signed: z.boolean(),
  created_at: timestamp,
});
export const webhookAnswer = successOf(webhook);
export const webhookList = successOf(z.object({ webhooks: z.array(webhook) }));
export const deletedAnswer = successOf(z.object({ id: z.string(), deleted: z.literal(true) }));

/**
 * Delivery headers: the signature is `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` with the
 * webhook's secret, so a captured delivery cannot be replayed later with a new timestamp.
 */
export const SIGNATURE_HEADER = "x-migrateclouds-signature";
export const TIMESTAMP_HEADER = "x-migrateclouds-timestamp";
