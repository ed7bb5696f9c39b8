/**
 * Typed MigrateClouds client: API-key auth, the plan's rate limit kept on our side, the error envelope
 * mapped to ApiError with its code and details. Shares the one HTTP layer with CloudM.
 */
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { z } from "zod";
import { AuthError, type ErrorBody } from "../errors.js";
import { HttpClient, type HttpRequest, type QueryValue, type RetryPolicy } from "../http.js";
import { LocalRateWindows, RateLimiter, type RateWindows } from "./limiter.js";
import {
  type CloudFile,
  type CreateTransferRequest,
  canonicalService,
  deletedEnvelope,
  errorEnvelope,
  type FileListBody,
  fileList,
  PLANS,
  type Plan,
  type Transfer,
  transferEnvelope,
  transferList,
  type Webhook,
  type WebhookEventType,
  webhookEnvelope,
  webhookList,
} from "./schemas.js";

export const MIGRATECLOUDS_PROVIDER = "MigrateClouds";

export interface MigrateCloudsClientOptions {
  baseUrl: string;
  apiKey: string;
  plan: Plan;
  logger: Logger;
  /** Upstream minutes per real minute (a fast simulator's clock speed); 1 for the real service. */
  timeScale?: number;
  /** Where the plan's window is counted: this process's own unless replicas share one. */
  rateWindows?: RateWindows;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxResponseBytes?: number;
}

/** The error envelope → code and a message that carries the details. */
export function parseErrorEnvelope(body: unknown): ErrorBody {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success)
    return typeof body === "string" && body.length > 0 ? { message: body.slice(0, 300) } : {};
  const error = parsed.data.error;
  if (typeof error === "string") return { message: error };
  const details =
    typeof error.details === "string"
      ? error.details
      : error.details === undefined
        ? ""
        : JSON.stringify(error.details);
  return {
    ...(error.code ? { code: error.code } : {}),
    message: [error.code, error.message, details].filter(Boolean).join(": "),
  };
}

export interface FilePage {
  files: CloudFile[];
  nextPageToken: string | undefined;
}

export class MigrateCloudsClient {
  private readonly http: HttpClient;
  private readonly apiKey: string;
  /** The plan whose rate limit this client keeps. */
  readonly plan: Plan;

  constructor(options: MigrateCloudsClientOptions) {
    this.plan = options.plan;
    const limiter = new RateLimiter(
      PLANS[options.plan],
      options.timeScale ?? 1,
      options.rateWindows ?? new LocalRateWindows(),
      // The plan's limit is per API key; the key itself is never stored, only a digest.
      `migrateclouds:${createHash("sha256").update(options.apiKey).digest("base64url").slice(0, 22)}`,
    );
    this.apiKey = options.apiKey;
    this.http = new HttpClient({
      provider: MIGRATECLOUDS_PROVIDER,
      baseUrl: options.baseUrl,
      logger: options.logger,
      parseErrorBody: parseErrorEnvelope,
      beforeAttempt: (signal) => limiter.acquire(signal),
      onRetryAfter: (seconds) => limiter.pauseFor(seconds),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    });
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async call<T extends z.ZodType>(request: HttpRequest, schema: T): Promise<z.infer<T>> {
    try {
      return await this.http.json(
        { ...request, headers: { authorization: `Bearer ${this.apiKey}` } },
        schema,
      );
    } catch (error) {
      if (error instanceof AuthError && error.status === 401) {
        throw new AuthError(
          "MigrateClouds rejected the API key (MIGRATECLOUDS_API_KEY): generate a new one under Settings > API Keys and restart the server",
          {
            provider: MIGRATECLOUDS_PROVIDER,
            operation: error.operation,
            status: 401,
            code: "authentication_error",
          },
          false,
        );
      }
      throw error;
    }
  }

  async listFiles(
    options: { service: string; path: string; recursive?: boolean; pageToken?: string; pageSize?: number },
    signal?: AbortSignal,
  ): Promise<FilePage> {
    const body: FileListBody = {
      service: canonicalService(options.service),
      path: options.path,
      recursive: options.recursive ?? false,
      ...(options.pageToken === undefined ? {} : { page_token: options.pageToken }),
      ...(options.pageSize === undefined ? {} : { page_size: options.pageSize }),
    };
    // The overview's example sends these as a JSON body on the GET, so that is the form an instance is
    // known to read; the same values go in the query too, for an instance (or proxy) that reads only that.
    const query: Record<string, QueryValue> = { ...body };
    const { data } = await this.call(
      { method: "GET", path: "/files/list", query, json: body, signal },
      fileList,
    );
    return { files: data.files, nextPageToken: data.next_page_token ?? undefined };
  }

  // assumed: not in the overview (transfer and webhook endpoints)

  async createTransfer(body: CreateTransferRequest, signal?: AbortSignal): Promise<Transfer> {
    const normalized = {
      ...body,
      source: { ...body.source, service: canonicalService(body.source.service) },
      destination: { ...body.destination, service: canonicalService(body.destination.service) },
    };
    return (
      await this.call({ method: "POST", path: "/transfers", json: normalized, signal }, transferEnvelope)
    ).data;
  }

  async getTransfer(id: string, signal?: AbortSignal): Promise<Transfer> {
    return (
      await this.call(
        { method: "GET", path: `/transfers/${encodeURIComponent(id)}`, signal },
        transferEnvelope,
      )
    ).data;
  }

  async listTransfers(
    pageToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ transfers: Transfer[]; nextPageToken: string | undefined }> {
    const { data } = await this.call(
      { method: "GET", path: "/transfers", query: { page_token: pageToken }, signal },
      transferList,
    );
    return { transfers: data.transfers, nextPageToken: data.next_page_token ?? undefined };
  }

  async cancelTransfer(id: string, signal?: AbortSignal): Promise<Transfer> {
    // Cancelling a cancelled transfer leaves it cancelled: safe to resend.
    const request: HttpRequest = {
      method: "POST",
      path: `/transfers/${encodeURIComponent(id)}/cancel`,
      idempotent: true,
      signal,
    };
    return (await this.call(request, transferEnvelope)).data;
  }

  async createWebhook(
    body: { url: string; events: WebhookEventType[]; secret?: string },
    signal?: AbortSignal,
  ): Promise<Webhook> {
    return (await this.call({ method: "POST", path: "/webhooks", json: body, signal }, webhookEnvelope)).data;
  }

  async listWebhooks(signal?: AbortSignal): Promise<Webhook[]> {
    return (await this.call({ method: "GET", path: "/webhooks", signal }, webhookList)).data.webhooks;
  }

  async deleteWebhook(id: string, signal?: AbortSignal): Promise<void> {
    await this.call(
      { method: "DELETE", path: `/webhooks/${encodeURIComponent(id)}`, signal },
      deletedEnvelope,
    );
  }
}
