/**
 * Wire format of the MigrateClouds API as the client sees it: the single place where the client
 * writes its shapes down (the simulator states its own in src/simulator/migrateclouds/wire.ts).
 *
 * From the overview (`migrateclouds-api-overview.txt`): base `/v1`, `Authorization: Bearer <API key>`,
 * `GET /v1/files/list` with service, path, recursive, the success envelope `{status: "success", data}`,
 * the error envelope `{status: "error", error: {code, message, details}}` with its six codes, paging by
 * `next_page_token`, 429 with Retry-After at 60 (Pro) or 300 (Enterprise) requests a minute.
 * Everything else (transfers, webhooks, the page-size and page-token parameter names) is marked
 * `assumed: not in the overview`; correct it here against the real endpoint reference.
 *
 * Public docs of this API disagree on spellings, so responses are read tolerantly: camelCase keys
 * become snake_case, `google-drive` becomes `google_drive`, and `{success: true}` counts as success.
 */
import { z } from "zod";

export const SERVICES = ["google_drive", "onedrive", "dropbox", "box", "sharepoint"] as const;

export const PLANS = { pro: 60, enterprise: 300 } as const;
export type Plan = keyof typeof PLANS;

/** `google-drive`, `googleDrive`, `Google Drive` → `google_drive`. */
export function canonicalService(name: string): string {
  return name
    .trim()
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase();
}

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase(),
      snakeKeys(v),
    ]),
  );
}

/** Parses a success envelope, tolerating `{success: true, data}` and camelCase fields. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.preprocess(
    snakeKeys,
    z
      .looseObject({ status: z.string().optional(), success: z.boolean().optional(), data })
      .refine((e) => e.status === "success" || e.success === true, "not a success envelope"),
  );
}

/** The error envelope, tolerating `{success: false, error}` and a bare `{error: "message"}`. */
export const errorEnvelope = z.preprocess(
  snakeKeys,
  z.looseObject({
    error: z.union([
      z.looseObject({
        code: z.string().optional(),
        message: z.string().optional(),
        details: z.unknown().optional(),
      }),
      z.string(),
    ]),
  }),
);

const timestamp = z.string();

// ---------------------------------------------------------------- files (overview)

export const cloudFile = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(["file", "folder"]),
  mime_type: z.string().optional(),
  size: z.number(),
  created_at: timestamp.optional(),
  modified_at: timestamp.optional(),
  // assumed: not in the overview (where the entry sits, for recursive listings)
  path: z.string().optional(),
});
export type CloudFile = z.infer<typeof cloudFile>;

export const fileList = envelope(
  z.looseObject({ files: z.array(cloudFile), next_page_token: z.string().nullable().optional() }),
);

/** The most entries one page of GET /v1/files/list holds (assumed: not in the overview). */
export const FILE_PAGE_SIZE_MAX = 1000;

/**
 * The parameters of GET /v1/files/list, as the JSON body the overview's one worked example sends with
 * its GET: `{"service": "google_drive", "path": "/Documents", "recursive": false}`. The paging fields
 * are assumed: not in the overview.
 */
export interface FileListBody {
  service: string;
  path: string;
  recursive?: boolean;
  page_token?: string;
  page_size?: number;
}

// ---------------------------------------------------------------- transfers (assumed: not in the overview)

export const CONFLICT_RESOLUTIONS = ["skip", "overwrite", "rename"] as const;
export const RECURRENCES = ["hourly", "daily", "weekly"] as const;

export interface CreateTransferRequest {
  source: { service: string; path: string };
  destination: { service: string; path: string };
  conflict_resolution: (typeof CONFLICT_RESOLUTIONS)[number];
  /** One-time when absent. Recurring transfers need the Enterprise plan. */
  schedule?: { type: "recurring"; interval: (typeof RECURRENCES)[number] };
}

export const transfer = z.looseObject({
  id: z.string(),
  status: z.string(),
  source: z.looseObject({ service: z.string(), path: z.string() }),
  destination: z.looseObject({ service: z.string(), path: z.string() }),
  conflict_resolution: z.string(),
  schedule: z.looseObject({ type: z.string(), interval: z.string() }).nullable().optional(),
  progress: z.looseObject({
    files_total: z.number(),
    files_done: z.number(),
    files_skipped: z.number().optional(),
    bytes_total: z.number(),
    bytes_done: z.number(),
    percent: z.number(),
  }),
  error: z.string().nullable().optional(),
  created_at: timestamp,
  started_at: timestamp.nullable().optional(),
  completed_at: timestamp.nullable().optional(),
  next_run_at: timestamp.nullable().optional(),
});
export type Transfer = z.infer<typeof transfer>;
export const transferEnvelope = envelope(transfer);
export const transferList = envelope(
  z.looseObject({ transfers: z.array(transfer), next_page_token: z.string().nullable().optional() }),
);

// ---------------------------------------------------------------- webhooks (assumed: not in the overview)

export const WEBHOOK_EVENTS = [
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

export const webhook = z.looseObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  signed: z.boolean(),
  created_at: timestamp,
});
export type Webhook = z.infer<typeof webhook>;
export const webhookEnvelope = envelope(webhook);
export const webhookList = envelope(z.looseObject({ webhooks: z.array(webhook) }));
export const deletedEnvelope = envelope(z.looseObject({ id: z.string(), deleted: z.boolean() }));

/** A delivered event: `{id: "evt_...", type, created_at, data}`. */
export const webhookEvent = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: timestamp,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof webhookEvent>;

/**
 * Delivery headers: the signature is `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` with the
 * webhook's secret, so a captured delivery cannot be replayed later with a new timestamp.
 */
export const SIGNATURE_HEADER = "x-migrateclouds-signature";
export const TIMESTAMP_HEADER = "x-migrateclouds-timestamp";
