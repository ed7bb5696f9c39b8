/**
 * The MigrateClouds provider through real MCP clients: paging, the client-side rate limiter against a
 * fast-clock Pro simulator, error codes, transfers with confirmation, webhooks into resource updates.
 */
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_PRO_KEY } from "../../src/simulator/migrateclouds/server.js";
import {
  accept,
  callTool,
  confirmWithToken,
  decline,
  type InProcess,
  type InProcessOptions,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

let env: InProcess | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});
const start = async (migrateclouds: InProcessOptions["migrateclouds"], argv: string[] = []) => {
  env = await startInProcess({ migrateclouds, argv });
  return env;
};
const mcOf = (e: InProcess) => {
  if (!e.mc) throw new Error("no MigrateClouds simulator");
  return e.mc;
};
/** A one-time transfer of box:/Legal to onedrive:/Legal copy. */
const LEGAL_COPY = {
  sourceService: "box",
  sourcePath: "/Legal",
  destinationService: "onedrive",
  destinationPath: "/Legal copy",
  conflictResolution: "skip",
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("list_cloud_files", () => {
  it("pages through a tree of thousands of entries, each exactly once", async () => {
    const e = await start({ clockSpeed: 600 });
    const client = await e.connect();
    const paths: string[] = [];
    let pageToken: string | undefined;
    let calls = 0;
    do {
      const result = await callTool(client, "list_cloud_files", {
        service: "google_drive",
        path: "/Archive",
        recursive: true,
        maxEntries: 2_000,
        ...(pageToken ? { pageToken } : {}),
      });
      const page = result.structuredContent as {
        files: Array<{ path: string }>;
        pageToken?: string;
        truncated: boolean;
      };
      paths.push(...page.files.map((f) => f.path));
      pageToken = page.pageToken;
      expect(page.truncated).toBe(pageToken !== undefined);
      calls++;
    } while (pageToken);
    expect(calls).toBe(3);
    expect(paths).toHaveLength(5_050);
    expect(new Set(paths).size).toBe(5_050);
  });

  it("accepts the other spellings public docs use for services", async () => {
    const e = await start({});
    const page = await e.shared.migrateclouds?.client.listFiles({
      service: "google-drive",
      path: "/Documents",
    });
    expect(page?.files.map((f) => f.name)).toContain("Project Proposal.docx");
  });
});

describe("rate limits", () => {
  it("keeps 150 calls on a Pro plan under the limit, so no 429 is ever sent", async () => {
    // 120x: a simulated minute lasts half a real second, so 150 calls need about 1.3 s.
    const e = await start({ clockSpeed: 120, apiKey: DEMO_PRO_KEY, plan: "pro" });
    const mc = mcOf(e);
    const client = await e.connect();
    const results = [];
    for (let wave = 0; wave < 15; wave++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () =>
            callTool(client, "list_cloud_files", { service: "box", path: "/HR" }),
          ),
        )),
      );
    }
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(mc.countRequests("GET /v1/files/list")).toBe(150);
    expect(mc.rateLimitRejections()).toBe(0);

    // The control: the same burst without our limiter does get refused.
    await Promise.all(
      Array.from({ length: 150 }, () =>
        request(`${mc.url}/files/list?service=box&path=/HR`, {
          headers: { authorization: `Bearer ${DEMO_PRO_KEY}` },
        }).then((r) => r.body.dump()),
      ),
    );
    expect(mc.rateLimitRejections()).toBeGreaterThan(0);
  });

  it("waits out a 429 that comes anyway, for its Retry-After", async () => {
    const e = await start({});
    const mc = mcOf(e);
    mc.faults.enqueue({ kind: "rate_limit", pathPrefix: "/v1/files", retryAfterSeconds: 1 });
    const client = await e.connect();
    const result = await callTool(client, "list_cloud_files", { service: "box", path: "/" });
    expect(result.isError).toBeFalsy();
    const attempts = mc.requests.filter((r) => r.path === "/v1/files/list");
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });
});

describe("errors", () => {
  it("reports a bad API key at the first call, and keeps serving", async () => {
    const e = await start({ apiKey: "mc_wrong_key_0000000000" });
    const client = await e.connect();
    const result = await callTool(client, "list_cloud_files", { service: "box", path: "/" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("MIGRATECLOUDS_API_KEY");
    expect(textOf(result)).not.toContain("mc_wrong_key");
    expect((await callTool(client, "whoami")).isError).toBeFalsy();
  });

  it("maps each documented error code to a tool error that names it", async () => {
    const e = await start({ clockSpeed: 600, apiKey: DEMO_PRO_KEY, plan: "pro" }, ["--toolsets", "all"]);
    const mc = mcOf(e);
    const client = await e.connect();
    const expectCode = async (code: string, name: string, args: Record<string, unknown>) => {
      const result = await confirmWithToken(client, name, args);
      expect(result.isError, `${name} → ${code}`).toBe(true);
      expect(textOf(result)).toContain(code);
    };
    await expectCode("resource_not_found", "list_cloud_files", { service: "box", path: "/No such folder" });
    await expectCode("permission_denied", "create_webhook", { events: ["transfer.completed"] });
    await expectCode("permission_denied", "start_transfer", {
      sourceService: "box",
      sourcePath: "/HR",
      destinationService: "onedrive",
      destinationPath: "/HR copy",
      conflictResolution: "skip",
      recurring: "daily",
    });
    const started = await confirmWithToken(client, "start_transfer", LEGAL_COPY);
    const id = (started.structuredContent as { transfer: { id: string } }).transfer.id;
    for (let i = 0; i < 100; i++) {
      const t = await callTool(client, "get_transfer", { transferId: id });
      if ((t.structuredContent as { transfer: { status: string } }).transfer.status === "completed") break;
      await sleep(50);
    }
    await expectCode("invalid_parameter", "cancel_transfer", { transferId: id });
    mc.faults.enqueue({ kind: "rate_limit", pathPrefix: "/v1/files", retryAfterSeconds: 120 });
    await expectCode("rate_limit_exceeded", "list_cloud_files", { service: "box", path: "/" });
    mc.faults.enqueue({ kind: "server_error", pathPrefix: "/v1/files" }, 3);
    await expectCode("service_error", "list_cloud_files", { service: "box", path: "/" });
  });
});

describe("transfers and webhooks", () => {
  it("copies only after the human confirms; declined creates nothing", async () => {
    const e = await start({ clockSpeed: 600 });
    const answers = [decline, () => accept()];
    const client = await e.connect("human", () => (answers.shift() ?? decline)());
    const args = {
      sourceService: "dropbox",
      sourcePath: "/Family",
      destinationService: "box",
      destinationPath: "/Family",
      conflictResolution: "rename",
    };
    const declined = await callTool(client, "start_transfer", args);
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect((await callTool(client, "list_transfers")).structuredContent).toMatchObject({ transfers: [] });
    const done = await callTool(client, "start_transfer", args);
    expect(done.structuredContent).toMatchObject({ status: "done", transfer: { status: "queued" } });
    const id = (done.structuredContent as { transfer: { id: string } }).transfer.id;
    for (let i = 0; i < 100; i++) {
      const t = (await callTool(client, "get_transfer", { transferId: id })).structuredContent as {
        transfer: { status: string };
      };
      if (t.transfer.status === "completed") break;
      await sleep(50);
    }
    const copied = (await callTool(client, "list_cloud_files", { service: "box", path: "/Family" }))
      .structuredContent as { count: number };
    const original = (await callTool(client, "list_cloud_files", { service: "dropbox", path: "/Family" }))
      .structuredContent as { count: number };
    expect(copied.count).toBe(original.count);
  });

  it("turns signed webhook deliveries into resource updates and log notifications", async () => {
    const e = await start({ clockSpeed: 200 }, ["--toolsets", "all"]);
    const client = await e.connect();
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
    const e = await start({});
    const receiver = e.shared.webhookReceiver;
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
