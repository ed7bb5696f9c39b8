/**
 * MigrateClouds: files across connected clouds, and transfers between them. A transfer as these tools
 * show it is in cloud-files-view.ts.
 */
import { z } from "zod";
import type { MigrateCloudsClient } from "../api/migrateclouds/client.js";
import {
  CONFLICT_RESOLUTIONS,
  type CloudFile,
  cloudFile,
  FILE_PAGE_SIZE_MAX,
  RECURRENCES,
  SERVICES,
} from "../api/migrateclouds/schemas.js";
import { quoted } from "../api/quoted.js";
import { checkAgain } from "../views/check-again.js";
import { MIGRATECLOUDS_URIS } from "../views/uris.js";
import {
  moving,
  transferLink,
  type TransferOut,
  transferOut,
  transferText,
  transferView,
} from "./cloud-files-view.js";
import { defineTool, type Preview, type ToolContext } from "./define.js";
import { pollUntilSettled } from "./poll.js";
import { prefixedId, wellFormed } from "./ids.js";

export const service = z.enum(SERVICES);
const folderPath = wellFormed(z.string().startsWith("/", "must start with /"));
const transferId = prefixedId("trf_", "transfer");
const DEFAULT_MAX_ENTRIES = 200;
/** How much of a source tree a transfer preview counts before saying "at least". */
const PREVIEW_MAX_ENTRIES = 2_000;

const fileOut = z
  .object(cloudFile.pick({ id: true, name: true, type: true, size: true, path: true }).shape)
  .extend({ modifiedAt: z.string().optional() });

/** Follows next_page_token until `max` entries; returns the token to continue from when cut. */
async function gather(
  client: MigrateCloudsClient,
  query: { service: string; path: string; recursive: boolean },
  max: number,
  pageToken: string | undefined,
  signal: AbortSignal,
): Promise<{ files: CloudFile[]; nextPageToken: string | undefined }> {
  const files: CloudFile[] = [];
  let token = pageToken;
  do {
    const page = await client.listFiles(
      { ...query, pageToken: token, pageSize: Math.min(FILE_PAGE_SIZE_MAX, max - files.length) },
      signal,
    );
    files.push(...page.files);
    token = page.nextPageToken;
  } while (token && files.length < max);
  return { files, nextPageToken: token };
}

interface TransferArgs {
  sourceService: string;
  sourcePath: string;
  destinationService: string;
  destinationPath: string;
  conflictResolution: (typeof CONFLICT_RESOLUTIONS)[number];
  recurring?: (typeof RECURRENCES)[number] | undefined;
}

async function createTransfer(args: TransferArgs, ctx: ToolContext): Promise<TransferOut> {
  const request = {
    source: { service: args.sourceService, path: args.sourcePath },
    destination: { service: args.destinationService, path: args.destinationPath },
    conflict_resolution: args.conflictResolution,
    ...(args.recurring ? { schedule: { type: "recurring" as const, interval: args.recurring } } : {}),
  };
  return transferView(await ctx.migrateclouds.createTransfer(request, ctx.signal));
}

export const cloudFileTools = [
  defineTool({
    name: "list_cloud_files",
    title: "List cloud files",
    description: "List a cloud folder, up to maxEntries; continue with pageToken.",
    toolset: "files",
    provider: "migrateclouds",
    input: {
      service,
      path: folderPath.default("/"),
      recursive: z.boolean().optional(),
      maxEntries: z.number().int().min(1).max(5_000).optional().describe(`Default ${DEFAULT_MAX_ENTRIES}`),
      pageToken: z.string().optional(),
    },
    output: {
      files: z.array(fileOut),
      count: z.number(),
      pageToken: z.string().optional(),
      truncated: z.boolean(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { service: "box", path: "/", maxEntries: 20 },
    handler: async (args, ctx) => {
      const max = args.maxEntries ?? DEFAULT_MAX_ENTRIES;
      const query = { service: args.service, path: args.path, recursive: args.recursive ?? false };
      const { files, nextPageToken } = await gather(
        ctx.migrateclouds,
        query,
        max,
        args.pageToken,
        ctx.signal,
      );
      const out = files.map((f) => ({
        name: f.name,
        type: f.type,
        size: f.size,
        id: f.id,
        ...(f.path ? { path: f.path } : {}),
        ...(f.modified_at ? { modifiedAt: f.modified_at } : {}),
      }));
      const lines = out
        .slice(0, 50)
        .map(
          (f) =>
            `${f.type === "folder" ? "[dir] " : ""}${quoted(f.path ?? f.name)}${f.type === "file" ? ` (${f.size} B)` : ""}`,
        );
      return {
        structured: {
          files: out,
          count: out.length,
          truncated: nextPageToken !== undefined,
          ...(nextPageToken ? { pageToken: nextPageToken } : {}),
        },
        text: `${out.length} entries in ${args.service}:${args.path}${nextPageToken ? " (more: pass pageToken)" : ""}\n${lines.join("\n")}${out.length > 50 ? "\n…" : ""}`,
        content: [
          {
            type: "resource_link",
            uri: MIGRATECLOUDS_URIS.folder(args.service, args.path),
            name: `${args.service}:${args.path}`,
            mimeType: "application/json",
          },
        ],
      };
    },
  }),
  defineTool({
    name: "start_transfer",
    title: "Start transfer",
    description: "Copy a folder between clouds, once or recurring. Asks for confirmation.",
    toolset: "files",
    provider: "migrateclouds",
    input: {
      sourceService: service,
      sourcePath: folderPath,
      destinationService: service,
      destinationPath: folderPath,
      conflictResolution: z.enum(CONFLICT_RESOLUTIONS),
      recurring: z.enum(RECURRENCES).optional(),
    },
    output: { transfer: transferOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    example: {
      sourceService: "box",
      sourcePath: "/Legal",
      destinationService: "onedrive",
      destinationPath: "/Legal copy",
      conflictResolution: "skip",
    },
    preview: async (args, ctx): Promise<Preview> => {
      const source = await gather(
        ctx.migrateclouds,
        { service: args.sourceService, path: args.sourcePath, recursive: true },
        PREVIEW_MAX_ENTRIES,
        undefined,
        ctx.signal,
      );
      const files = source.files.filter((f) => f.type === "file");
      const bytes = files.reduce((n, f) => n + f.size, 0);
      const atLeast = source.nextPageToken ? "at least " : "";
      return {
        summary: `Copy ${atLeast}${files.length} files (${(bytes / 1e6).toFixed(1)} MB) from ${args.sourceService}:${args.sourcePath} to ${args.destinationService}:${args.destinationPath}${args.recurring ? `, repeating ${args.recurring}` : ", once"}`,
        details: {
          conflicts:
            args.conflictResolution === "overwrite"
              ? "overwrite: existing files at the destination are REPLACED"
              : args.conflictResolution,
        },
        stable: { files: files.length, bytes, more: source.nextPageToken !== undefined },
      };
    },
    handler: async (args, ctx) => {
      const t = await createTransfer(args, ctx);
      return {
        structured: { transfer: t },
        text: `Started ${transferText(t)}.${checkAgain("transfer", "get_transfer")}`,
        content: [transferLink(t)],
      };
    },
    task: {
      job: "transfer",
      start: async (args, ctx) => {
        const t = await createTransfer(args, ctx);
        return { message: `Started ${transferText(t)}.`, jobId: t.id };
      },
      finish: async (_args, ctx, started) => {
        const id = started.jobId ?? "";
        // A recurring transfer's task ends with its first run.
        const t = await pollUntilSettled(
          async () => transferView(await ctx.migrateclouds.getTransfer(id, ctx.signal)),
          moving,
          (now) => ctx.progress(now.percent, 100, transferText(now)),
          ctx.signal,
        );
        return { structured: { transfer: t }, text: `${transferText(t)}.`, content: [transferLink(t)] };
      },
      leftRunning:
        "The transfer itself goes on: follow it with get_transfer; cancel it with cancel_transfer.",
    },
  }),
  defineTool({
    name: "get_transfer",
    title: "Get transfer",
    description: "A transfer's status and progress.",
    toolset: "files",
    provider: "migrateclouds",
    input: { transferId },
    output: { transfer: transferOut },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { transferId: "{transferId}" },
    handler: async (args, ctx) => {
      const t = transferView(await ctx.migrateclouds.getTransfer(args.transferId, ctx.signal));
      return {
        structured: { transfer: t },
        text: `${transferText(t)}${moving(t) ? `.${checkAgain("transfer", "get_transfer")}` : ""}`,
      };
    },
  }),
  defineTool({
    name: "list_transfers",
    title: "List transfers",
    description: "Transfers, paged.",
    toolset: "files",
    provider: "migrateclouds",
    input: { pageToken: z.string().optional() },
    output: { transfers: z.array(transferOut), pageToken: z.string().optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: {},
    handler: async (args, ctx) => {
      const page = await ctx.migrateclouds.listTransfers(args.pageToken, ctx.signal);
      const transfers = page.transfers.map(transferView);
      return {
        structured: { transfers, ...(page.nextPageToken ? { pageToken: page.nextPageToken } : {}) },
        text: transfers.length === 0 ? "No transfers." : transfers.map(transferText).join("\n"),
      };
    },
  }),
  defineTool({
    name: "cancel_transfer",
    title: "Cancel transfer",
    description: "Cancel a queued or running transfer. Asks for confirmation.",
    toolset: "files",
    provider: "migrateclouds",
    input: { transferId },
    output: { transfer: transferOut },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { transferId: "{transferId}" },
    preview: async (args, ctx) => {
      const t = transferView(await ctx.migrateclouds.getTransfer(args.transferId, ctx.signal));
      return {
        summary: `Cancel ${transferText(t)}`,
        details: { status: t.status, percent: t.percent },
        // A queued transfer starts within seconds: still cancellable, so not a change that matters.
        stable: { active: moving(t), recurring: t.recurring },
      };
    },
    handler: async (args, ctx) => {
      const t = transferView(await ctx.migrateclouds.cancelTransfer(args.transferId, ctx.signal));
      return { structured: { transfer: t }, text: `Cancelled: ${transferText(t)}` };
    },
  }),
];
