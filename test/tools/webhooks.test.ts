/**
 * The MigrateClouds webhook tools (src/tools/webhooks.ts): create_webhook, list_webhooks and
 * delete_webhook, and what this server's receiver makes of the deliveries (resource updates, log
 * notifications, forged ones refused), through real SDK clients against the MigrateClouds simulator.
 */
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MigrateCloudsSimulator } from "../../src/simulator/migrateclouds/server.js";
import {
  accept,
  callFails,
  callOk,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  LEGAL_COPY,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface WebhookOut {
  id: string;
  url: string;
  events: string[];
  signed: boolean;
}

// One server (Enterprise key, with its webhook receiver) and simulator for the file: webhooks belong to
// its one API key, so a test looks for its own webhooks rather than expecting an empty list.
let env: InProcess;
let mc: MigrateCloudsSimulator;
beforeAll(async () => {
  env = await startInProcess({ migrateclouds: { clockSpeed: 200 }, argv: ["--toolsets", "all"] });
  if (!env.mc) throw new Error("no MigrateClouds simulator");
  mc = env.mc;
});
afterAll(() => env.close());

describe("deliveries to this server's receiver", () => {
  it("turns signed webhook deliveries into resource updates and log notifications", async () => {
    const client = await env.connect();
    const updated: string[] = [];
    const logs: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(JSON.stringify(n.params.data));
    });
    const hook = await callTool(client, "create_webhook", { events: ["transfer.completed", "file.created"] });
    expect(hook.structuredContent).toMatchObject({ webhook: { signed: true } });
    await client.subscribeResource({ uri: "migrateclouds://onedrive/files/Legal%20copy" });
    const started = await confirmWithToken(client, "start_transfer", LEGAL_COPY);
    const id = (started.structuredContent as { transfer: { id: string } }).transfer.id;
    await client.subscribeResource({ uri: `migrateclouds://transfers/${id}` });
    // file.created events name the transfer too, so wait for the completion itself.
    const completed = () => logs.some((l) => l.includes("transfer.completed"));
    for (let i = 0; i < 100 && !completed(); i++) await sleep(100);
    expect(updated).toContain(`migrateclouds://transfers/${id}`);
    expect(updated).toContain("migrateclouds://onedrive/files/Legal%20copy");
    expect(logs.some((l) => l.includes("transfer.completed"))).toBe(true);
  });

  it("refuses deliveries with a wrong or missing signature", async () => {
    const receiver = env.shared.webhookReceiver;
    if (!receiver) throw new Error("no receiver");
    const body = JSON.stringify({
      id: "evt_forged",
      type: "transfer.completed",
      created_at: "2026-01-01T00:00:00Z",
      data: { id: "trf_x" },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    for (const headers of [
      {},
      { "x-migrateclouds-timestamp": timestamp, "x-migrateclouds-signature": "sha256=00" },
    ]) {
      const response = await request(receiver.url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
      await response.body.dump();
      expect(response.statusCode).toBe(401);
    }
  });
});

describe("create, list and delete", () => {
  it("sends to a url of the caller's unsigned, lists it, and deletes it only after the human confirms", async () => {
    const admin = await env.connect("admin", () => accept());
    // Port 9 (discard): nothing listens, and no test here raises a transfer.failed for it anyway.
    const url = "http://127.0.0.1:9/migrateclouds-events";
    const created = await callTool(admin, "create_webhook", { events: ["transfer.failed"], url });
    const { webhook } = created.structuredContent as { webhook: WebhookOut };
    expect(webhook).toMatchObject({ url, events: ["transfer.failed"], signed: false });
    expect(webhook.id).toMatch(/^wh_/);
    expect(textOf(created)).toBe(`Webhook ${webhook.id} sends transfer.failed to "${url}".`);
    expect(mc.state.webhooks.get(webhook.id)).toMatchObject({ url, secret: undefined });

    // Without url it goes to this server's receiver, with the receiver's secret.
    const own = (
      await callOk<{ webhook: WebhookOut }>(admin, "create_webhook", { events: ["transfer.started"] })
    ).webhook;
    expect(own).toMatchObject({ url: env.shared.webhookReceiver?.url, signed: true });
    expect(mc.state.webhooks.get(own.id)?.secret).toBe(env.shared.webhookReceiver?.secret);

    const listed = await callTool(admin, "list_webhooks");
    const { webhooks } = listed.structuredContent as { webhooks: WebhookOut[] };
    expect(webhooks).toContainEqual(webhook);
    expect(webhooks).toContainEqual(own);
    expect(webhooks.map((w) => w.id).sort()).toEqual([...mc.state.webhooks.keys()].sort());
    expect(textOf(listed)).toContain(`${webhook.id} "${url}": transfer.failed`);

    const declining = await env.connect("declining", () => decline());
    const declined = await callTool(declining, "delete_webhook", { webhookId: webhook.id });
    expect(declined.structuredContent).toMatchObject({
      status: "declined",
      preview: { summary: `Delete webhook ${webhook.id}: stops transfer.failed deliveries to "${url}"` },
    });
    expect(mc.state.webhooks.has(webhook.id)).toBe(true);

    // A deletion: ticking the box is not enough, the human types the webhook's id.
    const untyped = await callTool(admin, "delete_webhook", { webhookId: webhook.id });
    expect(untyped.structuredContent).toMatchObject({ status: "declined" });
    expect(textOf(untyped)).toContain("did not fill in the form; nothing was changed");
    expect(mc.state.webhooks.has(webhook.id)).toBe(true);
    const typing = await env.connect("typing", () => accept({ confirm: true, name: webhook.id }));
    const deleted = await callOk(typing, "delete_webhook", { webhookId: webhook.id });
    expect(deleted).toEqual({ status: "done", deleted: webhook.id });
    expect(mc.state.webhooks.has(webhook.id)).toBe(false);
    const after = await callOk<{ webhooks: WebhookOut[] }>(admin, "list_webhooks");
    expect(after.webhooks.map((w) => w.id)).not.toContain(webhook.id);
    expect(after.webhooks).toContainEqual(own);

    expect(await callFails(admin, "delete_webhook", { webhookId: webhook.id })).toContain(
      `webhookId: no webhook ${webhook.id}; call list_webhooks`,
    );
  });

  it("names the argument to fix", async () => {
    const admin = await env.connect("admin", () => accept());
    const before = mc.state.webhooks.size;
    expect(await callFails(admin, "create_webhook", { events: [] })).toContain("events");
    expect(await callFails(admin, "create_webhook", { events: ["transfer.exploded"] })).toContain("events");
    expect(
      await callFails(admin, "create_webhook", { events: ["transfer.failed"], url: "ftp://127.0.0.1/hook" }),
    ).toContain("url");
    expect(await callFails(admin, "delete_webhook", { webhookId: "hook_1" })).toContain(
      "webhook ids start with wh_",
    );
    expect(mc.state.webhooks.size).toBe(before);
  });
});
