/**
 * The MigrateClouds file tools (src/tools/cloud-files.ts): list_cloud_files, start_transfer, get_transfer,
 * list_transfers and cancel_transfer, through real SDK clients against the MigrateClouds simulator.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MigrateCloudsSimulator } from "../../src/simulator/migrateclouds/server.js";
import {
  accept,
  callOk,
  callTool,
  decline,
  type InProcess,
  startInProcess,
  textOf,
} from "../helpers/in-process.js";

const CLOCK_SPEED = 600;
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TransferOut {
  id: string;
  status: string;
  source: string;
  destination: string;
  conflictResolution: string;
  percent: number;
  filesDone: number;
  filesTotal: number;
  error?: string;
}

// One server and simulator for the file: transfers belong to its one API key, so a test compares
// with what was there before it rather than expecting an empty account.
let env: InProcess;
let mc: MigrateCloudsSimulator;
/** A session whose human says yes to every confirmation. */
let admin: Client;
beforeAll(async () => {
  env = await startInProcess({ migrateclouds: { clockSpeed: CLOCK_SPEED } });
  if (!env.mc) throw new Error("no MigrateClouds simulator");
  mc = env.mc;
  admin = await env.connect("admin", () => accept());
});
afterAll(() => env.close());

describe("list_cloud_files", () => {
  it("pages through a tree of thousands of entries, each exactly once", async () => {
    const client = await env.connect();
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

  it("lists a folder, its whole tree when recursive, cut at maxEntries, and links the folder", async () => {
    const top = await callTool(admin, "list_cloud_files", { service: "box", path: "/HR" });
    expect(top.structuredContent).toMatchObject({
      count: 2,
      truncated: false,
      files: [
        { name: "Benefits", type: "folder", path: "/HR/Benefits" },
        { name: "Policies", type: "folder", path: "/HR/Policies" },
      ],
    });
    expect(textOf(top)).toContain('2 entries in box:/HR\n[dir] "/HR/Benefits"\n[dir] "/HR/Policies"');
    expect(top.content).toContainEqual(
      expect.objectContaining({ type: "resource_link", uri: "migrateclouds://box/files/HR" }),
    );

    type Page = {
      files: Array<{ path: string; type: string; size: number }>;
      count: number;
      pageToken?: string;
    };
    const tree = await callOk<Page>(admin, "list_cloud_files", {
      service: "box",
      path: "/HR",
      recursive: true,
    });
    expect(tree.count).toBe(7);
    const handbook = tree.files.find((f) => f.path === "/HR/Policies/Employee Handbook 2024.pdf");
    expect(handbook).toMatchObject({ type: "file" });
    expect(handbook!.size).toBeGreaterThan(0);

    const first = await callTool(admin, "list_cloud_files", {
      service: "box",
      path: "/HR",
      recursive: true,
      maxEntries: 3,
    });
    const cut = first.structuredContent as Page;
    expect(cut).toMatchObject({ count: 3, truncated: true });
    expect(textOf(first)).toContain("3 entries in box:/HR (more: pass pageToken)");
    const rest = await callOk<Page>(admin, "list_cloud_files", {
      service: "box",
      path: "/HR",
      recursive: true,
      pageToken: cut.pageToken,
    });
    expect(rest).toMatchObject({ count: 4, truncated: false });
    expect([...cut.files, ...rest.files].map((f) => f.path)).toEqual(tree.files.map((f) => f.path));
  });

  it("refuses a path holding a lone UTF-16 surrogate, naming it, instead of listing another folder", async () => {
    const before = mc.requests.length;
    const result = await callTool(admin, "list_cloud_files", { service: "box", path: "/Legal\udfff" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("path: must be well-formed text");
    expect(mc.requests.length).toBe(before);
  });

  it("reads a folder resource, and refuses a URI whose path is not valid percent-encoding, saying so", async () => {
    const read = await admin.readResource({ uri: "migrateclouds://box/files/HR" });
    const folder = JSON.parse((read.contents[0] as { text: string }).text) as {
      path: string;
      files: unknown[];
    };
    expect(folder).toMatchObject({ path: "/HR", files: expect.arrayContaining([expect.anything()]) });
    const before = mc.requests.length;
    await expect(admin.readResource({ uri: "migrateclouds://box/files/HR%E0%A4" })).rejects.toThrow(
      /not valid percent-encoding/,
    );
    expect(mc.requests.length).toBe(before);
  });

  it("accepts the other spellings public docs use for services", async () => {
    const page = await env.shared.migrateclouds?.client.listFiles({
      service: "google-drive",
      path: "/Documents",
    });
    expect(page?.files.map((f) => f.name)).toContain("Project Proposal.docx");
  });
});

describe("transfers", () => {
  it("copies only after the human confirms; declined creates nothing", async () => {
    const answers = [decline, () => accept()];
    const client = await env.connect("human", () => (answers.shift() ?? decline)());
    const args = {
      sourceService: "dropbox",
      sourcePath: "/Family",
      destinationService: "box",
      destinationPath: "/Family",
      conflictResolution: "rename",
    };
    const before = (await callTool(client, "list_transfers")).structuredContent;
    const count = mc.state.transfers.size;
    const declined = await callTool(client, "start_transfer", args);
    expect(declined.structuredContent).toMatchObject({ status: "declined" });
    expect((await callTool(client, "list_transfers")).structuredContent).toEqual(before);
    expect(mc.state.transfers.size).toBe(count);
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

  it("cancels a running transfer once the human confirms; declined, it keeps copying", async () => {
    // Held still, the transfer is exactly where the test moves it.
    mc.clock.setSpeed(0);
    try {
      const started = await callTool(admin, "start_transfer", {
        sourceService: "google_drive",
        sourcePath: "/Archive",
        destinationService: "onedrive",
        destinationPath: "/Archive copy",
        conflictResolution: "skip",
      });
      expect(started.structuredContent).toMatchObject({
        status: "done",
        transfer: {
          status: "queued",
          source: "google_drive:/Archive",
          destination: "onedrive:/Archive copy",
          conflictResolution: "skip",
        },
      });
      const id = (started.structuredContent as { transfer: TransferOut }).transfer.id;
      expect(started.content).toContainEqual(
        expect.objectContaining({ type: "resource_link", uri: `migrateclouds://transfers/${id}` }),
      );

      // Past the 2 s queue, and half a minute into copying thousands of files.
      mc.clock.advance(32_000);
      const got = await callTool(admin, "get_transfer", { transferId: id });
      const running = (got.structuredContent as { transfer: TransferOut }).transfer;
      expect(running.status).toBe("running");
      expect(running.filesDone).toBeGreaterThan(0);
      expect(running.filesDone).toBeLessThan(running.filesTotal);
      expect(running.percent).toBeLessThan(100);
      expect(textOf(got)).toBe(
        `${id} running ${running.percent}% (${running.filesDone}/${running.filesTotal} files) "google_drive:/Archive" -> "onedrive:/Archive copy", conflicts: skip. Check again after 15 s with get_transfer.`,
      );

      const declining = await env.connect("declining", () => decline());
      const declined = await callTool(declining, "cancel_transfer", { transferId: id });
      expect(declined.structuredContent).toMatchObject({
        status: "declined",
        preview: { summary: `Cancel ${textOf(got).replace(/\. Check again.*$/, "")}` },
      });
      expect(mc.state.transfers.get(id)!.status).toBe("running");

      const cancelled = await callOk<{ status: string; transfer: TransferOut }>(admin, "cancel_transfer", {
        transferId: id,
      });
      expect(cancelled).toMatchObject({
        status: "done",
        transfer: { id, status: "cancelled", filesDone: running.filesDone },
      });
      mc.clock.advance(HOUR);
      const after = await callOk<{ transfer: TransferOut }>(admin, "get_transfer", { transferId: id });
      expect(after.transfer).toMatchObject({ status: "cancelled", filesDone: running.filesDone });
    } finally {
      mc.clock.setSpeed(CLOCK_SPEED);
    }
  });

  it("cancels a transfer that started between the preview and the confirmation, but not one that ended", async () => {
    mc.clock.setSpeed(0);
    try {
      const tokenClient = await env.connect("no-elicitation");
      const start = async () =>
        (
          (
            await callTool(admin, "start_transfer", {
              sourceService: "google_drive",
              sourcePath: "/Archive",
              destinationService: "onedrive",
              destinationPath: "/Archive again",
              conflictResolution: "skip",
            })
          ).structuredContent as { transfer: TransferOut }
        ).transfer.id;
      const preview = async (id: string) =>
        (
          (await callTool(tokenClient, "cancel_transfer", { transferId: id })).structuredContent as {
            confirmationToken: string;
          }
        ).confirmationToken;

      const queued = await start();
      const token = await preview(queued);
      mc.clock.advance(5_000); // past the 2 s queue: now running
      const now = await callOk<{ transfer: TransferOut }>(admin, "get_transfer", { transferId: queued });
      expect(now.transfer.status).toBe("running");
      const cancelled = await callTool(tokenClient, "cancel_transfer", {
        transferId: queued,
        confirmationToken: token,
      });
      expect(cancelled.structuredContent).toMatchObject({
        status: "done",
        transfer: { status: "cancelled" },
      });

      const finishing = await start();
      const late = await preview(finishing);
      mc.clock.advance(10 * HOUR); // it finished while the human looked at the preview
      const refused = await callTool(tokenClient, "cancel_transfer", {
        transferId: finishing,
        confirmationToken: late,
      });
      expect(refused.structuredContent).toMatchObject({ status: "changed" });
      const ended = await callOk<{ transfer: TransferOut }>(admin, "get_transfer", { transferId: finishing });
      expect(ended.transfer.status).toBe("completed");
    } finally {
      mc.clock.setSpeed(CLOCK_SPEED);
    }
  });

  it("lists transfers oldest first a page at a time, each once, with why a run failed", async () => {
    const api = env.shared.migrateclouds?.client;
    if (!api) throw new Error("MigrateClouds is not configured");
    // Setup through the API client: 100 transfers from a folder that does not exist, so none copies.
    const created = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const t = await api.createTransfer({
        source: { service: "box", path: "/Nowhere" },
        destination: { service: "onedrive", path: `/Nowhere ${i}` },
        conflict_resolution: "skip",
      });
      created.add(t.id);
    }
    // Every run past its queue, so each has failed at its start.
    mc.clock.advance(3_000);

    const seen: TransferOut[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    let lastText = "";
    // Bounded: a tool that dropped pageToken would return the first page for ever.
    do {
      const page = await callTool(admin, "list_transfers", pageToken ? { pageToken } : {});
      const out = page.structuredContent as { transfers: TransferOut[]; pageToken?: string };
      seen.push(...out.transfers);
      pageToken = out.pageToken;
      lastText = textOf(page);
      pages++;
    } while (pageToken && pages < 5);
    expect(pages).toBe(2);
    expect(seen.map((t) => t.id)).toEqual([...mc.state.transfers.keys()]);
    const failed = seen.filter((t) => created.has(t.id));
    expect(failed).toHaveLength(100);
    for (const t of failed)
      expect(t).toMatchObject({
        status: "failed",
        source: "box:/Nowhere",
        error: "Source path '/Nowhere' does not exist in box",
      });
    expect(lastText).toContain(
      `failed 0% (0/0 files) "box:/Nowhere" -> "onedrive:/Nowhere 99", conflicts: skip; error: "Source path '/Nowhere' does not exist in box"`,
    );
  });
});
