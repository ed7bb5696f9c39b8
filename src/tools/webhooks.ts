/** MigrateClouds webhooks: events delivered to our local receiver become resource updates and log notices. */
import { z } from "zod";
import { WEBHOOK_EVENTS, webhook } from "../api/migrateclouds/schemas.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { prefixedId } from "./ids.js";

const webhookOut = z.object(webhook.pick({ id: true, url: true, events: true, signed: true }).shape);
const webhookId = prefixedId("wh_", "webhook");

export const webhookTools = [
  defineTool({
    name: "create_webhook",
    title: "Create webhook",
    description:
      "Subscribe to MigrateClouds events (Enterprise plan). Without url they go to this server's receiver, signed, and reach subscribed clients as resource updates.",
    toolset: "webhooks",
    provider: "migrateclouds",
    input: {
      events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
      url: z
        .url()
        .optional()
        .describe("Your own endpoint instead of this server's receiver (deliveries unsigned)"),
    },
    output: { webhook: webhookOut },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { events: ["transfer.completed"] },
    handler: async (args, ctx) => {
      const receiver = ctx.webhookReceiver;
      if (!args.url && !receiver) {
        throw new ToolInputError(
          "url: this server runs no webhook receiver (set MIGRATECLOUDS_WEBHOOK_PORT to start one), so give the url of your own endpoint",
        );
      }
      const body = args.url
        ? { url: args.url, events: args.events }
        : { url: receiver?.url ?? "", events: args.events, secret: receiver?.secret };
      const w = await ctx.migrateclouds.createWebhook(body, ctx.signal);
      const webhook = { id: w.id, url: w.url, events: w.events, signed: w.signed };
      return {
        structured: { webhook },
        text: `Webhook ${plainOrQuoted(w.id)} sends ${w.events.map(plainOrQuoted).join(", ")} to ${args.url ? quoted(w.url) : "this server's receiver"}${w.signed ? " (signed)" : ""}.`,
      };
    },
  }),
  defineTool({
    name: "list_webhooks",
    title: "List webhooks",
    description: "MigrateClouds webhooks: id, url, events.",
    toolset: "webhooks",
    provider: "migrateclouds",
    input: {},
    output: { webhooks: z.array(webhookOut) },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: {},
    handler: async (_args, ctx) => {
      const webhooks = (await ctx.migrateclouds.listWebhooks(ctx.signal)).map((w) => ({
        id: w.id,
        url: w.url,
        events: w.events,
        signed: w.signed,
      }));
      return {
        structured: { webhooks },
        text:
          webhooks.length === 0
            ? "No webhooks."
            : webhooks
                .map(
                  (w) => `${plainOrQuoted(w.id)} ${quoted(w.url)}: ${w.events.map(plainOrQuoted).join(", ")}`,
                )
                .join("\n"),
      };
    },
  }),
  defineTool({
    name: "delete_webhook",
    title: "Delete webhook",
    description: "Stop a webhook's deliveries for good. Asks for confirmation (the user types its id).",
    toolset: "webhooks",
    provider: "migrateclouds",
    input: { webhookId },
    output: { deleted: z.string() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    example: { webhookId: "{webhookId}" },
    preview: async (args, ctx) => {
      const w = (await ctx.migrateclouds.listWebhooks(ctx.signal)).find((x) => x.id === args.webhookId);
      if (!w) throw new ToolInputError(`webhookId: no webhook ${args.webhookId}; call list_webhooks`);
      return {
        summary: `Delete webhook ${plainOrQuoted(w.id)}: stops ${w.events.map(plainOrQuoted).join(", ")} deliveries to ${quoted(w.url)}`,
        details: {},
        stable: { url: w.url, events: w.events },
        typedName: w.id,
      };
    },
    handler: async (args, ctx) => {
      await ctx.migrateclouds.deleteWebhook(args.webhookId, ctx.signal);
      return { structured: { deleted: args.webhookId }, text: `Deleted webhook ${args.webhookId}.` };
    },
  }),
];
