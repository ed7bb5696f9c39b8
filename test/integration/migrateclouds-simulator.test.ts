/**
 * The MigrateClouds simulator over real HTTP, spoken to with plain undici requests (not the client),
 * and every answer parsed with the contract's own schemas: auth, envelopes, paging, validation, the
 * per-plan rate limit, plan permissions, transfers with each conflict resolution, recurring runs, and
 * signed webhook deliveries to a local receiver.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  type CloudFile,
  deletedEnvelope,
  errorEnvelope,
  fileList,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type Transfer,
  transferEnvelope,
  transferList,
  webhookEnvelope,
  webhookEvent,
  webhookList,
} from "../../src/api/migrateclouds/schemas.js";
import { verifyWebhook } from "../../src/api/migrateclouds/signature.js";
import {
  DEMO_ENTERPRISE_KEY,
  DEMO_PRO_KEY,
  type MigrateCloudsSimulator,
  type MigrateCloudsSimulatorOptions,
  startMigrateCloudsSimulator,
} from "../../src/simulator/migrateclouds/server.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

interface Call {
  key?: string | null;
  query?: Record<string, string>;
  json?: unknown;
  /** A raw body, sent as is. */
  raw?: string;
  headers?: Record<string, string>;
}

const sims: MigrateCloudsSimulator[] = [];
async function startSim(options: MigrateCloudsSimulatorOptions = {}): Promise<MigrateCloudsSimulator> {
  const sim = await startMigrateCloudsSimulator({ seed: 42, ...options });
  sims.push(sim);
  return sim;
}
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

async function call(sim: MigrateCloudsSimulator, method: string, path: string, c: Call = {}): Promise<Reply> {
  const url = new URL(sim.url + path);
  for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
  const key = c.key === undefined ? DEMO_ENTERPRISE_KEY : c.key;
  const res = await request(url, {
    method: method as "GET",
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(c.json === undefined ? {} : { "content-type": "application/json" }),
      ...c.headers,
    },
    ...(c.json === undefined ? {} : { body: JSON.stringify(c.json) }),
    ...(c.raw === undefined ? {} : { body: c.raw }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

function data<T>(schema: z.ZodType<{ data: T }>, reply: Reply): T {
  expect(reply.status, JSON.stringify(reply.json)).toBeLessThan(300);
  return schema.parse(reply.json).data;
}

/** The error envelope, exactly as the overview shows it. */
function apiError(reply: Reply, status: number, code: string) {
  expect(reply.status, JSON.stringify(reply.json)).toBe(status);
  errorEnvelope.parse(reply.json);
  const body = reply.json as { status: string; error: { code: string; message: string; details: unknown } };
  expect(body.status).toBe("error");
  expect(Object.keys(body.error).sort()).toEqual(["code", "details", "message"]);
  expect(body.error.code).toBe(code);
  return body.error;
}

const list = (sim: MigrateCloudsSimulator, query: Record<string, string>, key?: string) =>
  call(sim, "GET", "/files/list", { query, ...(key ? { key } : {}) });

async function listAll(sim: MigrateCloudsSimulator, query: Record<string, string>): Promise<CloudFile[]> {
  const out: CloudFile[] = [];
  let token: string | null | undefined;
  do {
    const page = data(fileList, await list(sim, { ...query, ...(token ? { page_token: token } : {}) }));
    out.push(...page.files);
    token = page.next_page_token;
  } while (token);
  return out;
}

describe("authentication and envelopes", () => {
  let sim: MigrateCloudsSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });

  it("refuses a missing, malformed or unknown API key with authentication_error", async () => {
    const query = { service: "google_drive", path: "/" };
    const missing = apiError(
      await call(sim, "GET", "/files/list", { key: null, query }),
      401,
      "authentication_error",
    );
    expect(missing.message).toBe("Missing API key");
    apiError(
      await call(sim, "GET", "/files/list", { key: null, query, headers: { authorization: "Basic abc" } }),
      401,
      "authentication_error",
    );
    const unknown = apiError(
      await call(sim, "GET", "/files/list", { key: "mc_live_nope", query }),
      401,
      "authentication_error",
    );
    expect(JSON.stringify(unknown)).not.toContain("mc_live_nope");
  });

  it("answers the documented success envelope, and resource_not_found for an unknown endpoint", async () => {
    const reply = await list(sim, { service: "google_drive", path: "/Documents" });
    expect(reply.headers["content-type"]).toContain("application/json");
    expect((reply.json as { status: string }).status).toBe("success");
    expect(Object.keys((reply.json as { data: object }).data).sort()).toEqual(["files", "next_page_token"]);
    apiError(await call(sim, "GET", "/nothing/here"), 404, "resource_not_found");
    apiError(await call(sim, "PUT", "/files/list"), 405, "invalid_parameter");
  });

  it("maps an injected 503 to service_error and an injected 429 to rate_limit_exceeded with Retry-After", async () => {
    sim.faults.enqueue({ kind: "server_error" });
    apiError(await list(sim, { service: "box", path: "/" }), 503, "service_error");
    sim.faults.enqueue({ kind: "rate_limit", retryAfterSeconds: 3 });
    const reply = await list(sim, { service: "box", path: "/" });
    apiError(reply, 429, "rate_limit_exceeded");
    expect(reply.headers["retry-after"]).toBe("3");
  });
});

describe("GET /v1/files/list", () => {
  let sim: MigrateCloudsSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });

  it("lists a folder: folders first, then files, by name, with the overview's fields", async () => {
    const page = data(fileList, await list(sim, { service: "google_drive", path: "/Documents" }));
    expect(page.next_page_token).toBeNull();
    expect(page.files.map((f) => f.name)).toEqual([
      "Marketing",
      "Meeting Notes",
      "Budget 2024.xlsx",
      "Project Proposal.docx",
      "Team Offsite Agenda.docx",
      "Vendor Contract - Northwind.pdf",
    ]);
    const proposal = page.files.find((f) => f.name === "Project Proposal.docx")!;
    expect(proposal).toMatchObject({
      type: "file",
      mime_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      path: "/Documents/Project Proposal.docx",
    });
    expect(proposal.size).toBeGreaterThan(0);
    expect(Date.parse(proposal.modified_at!)).toBeGreaterThanOrEqual(Date.parse(proposal.created_at!));
    expect(page.files[0]).toMatchObject({
      type: "folder",
      mime_type: "application/vnd.google-apps.folder",
      size: 0,
    });
  });

  it("accepts google_drive, google-drive and googleDrive, and every seeded service", async () => {
    const spellings = await Promise.all(
      ["google_drive", "google-drive", "googleDrive"].map(async (service) =>
        data(fileList, await list(sim, { service, path: "/" })).files.map((f) => f.id),
      ),
    );
    expect(spellings[1]).toEqual(spellings[0]);
    expect(spellings[2]).toEqual(spellings[0]);
    for (const service of ["onedrive", "dropbox", "box", "sharepoint"])
      expect(data(fileList, await list(sim, { service, path: "/" })).files.length).toBeGreaterThan(1);
  });

  it("reads the parameters from a JSON body on GET, as the overview's curl example sends them; a body outranks the query", async () => {
    const fromBody = await call(sim, "GET", "/files/list", {
      json: { service: "google_drive", path: "/Documents", recursive: false },
    });
    expect(data(fileList, fromBody).files.map((f) => f.name)).toContain("Project Proposal.docx");
    const bodyWins = await call(sim, "GET", "/files/list", {
      query: { path: "/Shared" },
      json: { service: "google_drive", path: "/Documents" },
    });
    const names = data(fileList, bodyWins).files.map((f) => f.name);
    expect(names).toContain("Project Proposal.docx");
    expect(names).not.toContain("Board Deck Q2.pptx");
  });

  it("a path without a leading slash is invalid_parameter with the overview's exact message and details", async () => {
    const error = apiError(
      await list(sim, { service: "google_drive", path: "Documents" }),
      400,
      "invalid_parameter",
    );
    expect(error).toEqual({
      code: "invalid_parameter",
      message: "The 'path' parameter is invalid",
      details: "Path must start with a forward slash",
    });
  });

  it("names the field of every other bad parameter, and answers resource_not_found for a missing path", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ service: "icloud", path: "/" }, "service"],
      [{ path: "/" }, "service"],
      [{ service: "box", path: "/", page_size: "0" }, "page_size"],
      [{ service: "box", path: "/", page_size: "5000" }, "page_size"],
      [{ service: "box", path: "/", recursive: "yes" }, "recursive"],
      [{ service: "box", path: "/", pageSize: "10" }, "pageSize"],
      [{ service: "box", path: "/", page_token: "garbage" }, "page_token"],
    ];
    for (const [query, field] of cases) {
      const error = apiError(await list(sim, query), 400, "invalid_parameter");
      expect(error.message).toBe(`The '${field}' parameter is invalid`);
      expect(String(error.details)).toMatch(new RegExp(`^${field}: `));
    }
    const missing = apiError(
      await list(sim, { service: "box", path: "/Nope/Deeper" }),
      404,
      "resource_not_found",
    );
    expect(missing.message).toContain("/Nope/Deeper");
  });

  it("pages through the 5,050 entries of /Archive: every entry exactly once, null token on the last page", async () => {
    const all = await listAll(sim, { service: "google_drive", path: "/Archive", recursive: "true" });
    expect(all).toHaveLength(5_050);
    expect(new Set(all.map((f) => f.id)).size).toBe(5_050);
    expect(new Set(all.map((f) => f.path)).size).toBe(5_050);
    expect(all.filter((f) => f.type === "file")).toHaveLength(4_920);
    // Depth-first, folders before files: a year, its first month, that month's files...
    expect(all.slice(0, 2).map((f) => f.path)).toEqual(["/Archive/2015", "/Archive/2015/01"]);
    expect(all.at(-1)!.path).toMatch(/^\/Archive\/2024\/12\//);
    // Bigger pages give the same sequence.
    const big = await listAll(sim, {
      service: "google_drive",
      path: "/Archive",
      recursive: "true",
      page_size: "1000",
    });
    expect(big.map((f) => f.id)).toEqual(all.map((f) => f.id));
  });

  it("tokens are stable, and refused when replayed against another query", async () => {
    const query = { service: "google_drive", path: "/Archive/2019", recursive: "true", page_size: "50" };
    const first = data(fileList, await list(sim, query));
    const again = data(fileList, await list(sim, query));
    expect(again.next_page_token).toBe(first.next_page_token);
    const error = apiError(
      await list(sim, { ...query, path: "/Archive/2020", page_token: first.next_page_token! }),
      400,
      "invalid_parameter",
    );
    expect(error.details).toMatch(/^page_token: /);
  });

  it("recursive=true lists every descendant with its path; non-recursive only the children", async () => {
    const flat = await listAll(sim, { service: "google_drive", path: "/Documents" });
    const deep = await listAll(sim, { service: "google_drive", path: "/Documents", recursive: "true" });
    expect(flat).toHaveLength(6);
    expect(deep.map((f) => f.path)).toContain("/Documents/Marketing/Social Assets/logo-dark.png");
    for (const entry of deep) expect(entry.path!.endsWith(`/${entry.name}`)).toBe(true);
    const names = deep.map((f) => f.path!);
    expect(names.indexOf("/Documents/Marketing")).toBeLessThan(
      names.indexOf("/Documents/Marketing/Brand Guidelines 2023.pdf"),
    );
  });

  it("the same seed gives the same trees, another seed other ids", async () => {
    const other = await startSim({ seed: 7 });
    const twin = await startSim({ seed: 42 });
    const ids = async (s: MigrateCloudsSimulator) =>
      data(fileList, await list(s, { service: "dropbox", path: "/", recursive: "true" })).files.map(
        (f) => f.id,
      );
    expect(await ids(twin)).toEqual(await ids(sim));
    expect(await ids(other)).not.toEqual(await ids(sim));
  });
});

describe("per-plan rate limit on the simulated clock", () => {
  const query = { service: "box", path: "/" };
  const burst = (sim: MigrateCloudsSimulator, n: number, key: string) =>
    Promise.all(Array.from({ length: n }, () => list(sim, query, key)));

  it("the 61st Pro request in a simulated minute gets 429 rate_limit_exceeded with Retry-After in real seconds", async () => {
    // 30× speed: the simulated minute lasts two real seconds.
    const sim = await startSim({ clockSpeed: 30 });
    const replies = await burst(sim, 61, DEMO_PRO_KEY);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(60);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    const error = apiError(limited[0]!, 429, "rate_limit_exceeded");
    expect(error.message).toContain("60 requests per minute");
    const retryAfter = Number(limited[0]!.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(sim.rateLimitRejections(DEMO_PRO_KEY)).toBe(1);
    // The other key has its own window; waiting Retry-After out lets the Pro key in again.
    expect((await list(sim, query, DEMO_ENTERPRISE_KEY)).status).toBe(200);
    await sleep(retryAfter * 1000 + 50);
    expect((await list(sim, query, DEMO_PRO_KEY)).status).toBe(200);
  });

  it("states Retry-After at the clock's speed now, after setSpeed too", async () => {
    // Started at 1x (a simulated minute is a real one), then sped to 60x: the wait is about a second.
    const sim = await startSim({ clockSpeed: 1 });
    sim.clock.setSpeed(60);
    const limited = (await burst(sim, 61, DEMO_PRO_KEY)).filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    expect(Number(limited[0]!.headers["retry-after"])).toBe(1);
  });

  it("Enterprise keys get 300 a minute", async () => {
    const sim = await startSim({ clockSpeed: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(...(await burst(sim, 50, DEMO_ENTERPRISE_KEY)).map((r) => r.status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    apiError(await list(sim, query, DEMO_ENTERPRISE_KEY), 429, "rate_limit_exceeded");
    expect(sim.rateLimitRejections()).toBe(1);
  });

  it("refused requests do not count toward the window", async () => {
    const sim = await startSim({ clockSpeed: 1 });
    await burst(sim, 60, DEMO_PRO_KEY);
    sim.clock.advance(30_000);
    const refused = await burst(sim, 5, DEMO_PRO_KEY);
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429, 429, 429]);
    // The first 60 leave the window; had the 5 refusals counted, only 55 would fit now.
    sim.clock.advance(30_001);
    expect((await burst(sim, 60, DEMO_PRO_KEY)).every((r) => r.status === 200)).toBe(true);
  });

  it("requests paced within the limit never get a 429, over several simulated minutes", async () => {
    // 60× speed: a simulated minute is one real second; one request per 25 ms is at most 40 of them.
    const sim = await startSim({ clockSpeed: 60 });
    for (let i = 0; i < 100; i++) {
      expect((await list(sim, query, DEMO_PRO_KEY)).status).toBe(200);
      await sleep(25);
    }
    expect(sim.rateLimitRejections()).toBe(0);
  });
});

describe("plan permissions", () => {
  let sim: MigrateCloudsSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  const recurring = {
    source: { service: "dropbox", path: "/Family" },
    destination: { service: "box", path: "/Family" },
    conflict_resolution: "skip",
    schedule: { type: "recurring", interval: "daily" },
  };

  it("a Pro key may not create a recurring transfer or a webhook: permission_denied", async () => {
    const transfer = apiError(
      await call(sim, "POST", "/transfers", { key: DEMO_PRO_KEY, json: recurring }),
      403,
      "permission_denied",
    );
    expect(transfer.message).toMatch(/Recurring transfers need the Enterprise plan.*Pro plan/);
    const webhook = apiError(
      await call(sim, "POST", "/webhooks", {
        key: DEMO_PRO_KEY,
        json: { url: "http://127.0.0.1:9/hook", events: ["transfer.completed"] },
      }),
      403,
      "permission_denied",
    );
    expect(webhook.message).toMatch(/Webhooks need the Enterprise plan/);
    expect(data(webhookList, await call(sim, "GET", "/webhooks", { key: DEMO_PRO_KEY })).webhooks).toEqual(
      [],
    );
  });

  it("a Pro key may create a one-time transfer; Enterprise a recurring one", async () => {
    const { schedule: _once, ...oneTime } = recurring;
    expect(
      data(transferEnvelope, await call(sim, "POST", "/transfers", { key: DEMO_PRO_KEY, json: oneTime }))
        .schedule,
    ).toBeNull();
    const created = data(transferEnvelope, await call(sim, "POST", "/transfers", { json: recurring }));
    expect(created.schedule).toEqual({ type: "recurring", interval: "daily" });
  });
});

describe("transfers", () => {
  let sim: MigrateCloudsSimulator;
  beforeAll(async () => {
    sim = await startSim({ clockSpeed: 1 });
  });
  const notes = (conflict_resolution: string) => ({
    source: { service: "google_drive", path: "/Documents/Meeting Notes" },
    destination: { service: "onedrive", path: "/Backup/Notes" },
    conflict_resolution,
  });
  const create = async (body: unknown, key = DEMO_ENTERPRISE_KEY): Promise<Transfer> =>
    data(transferEnvelope, await call(sim, "POST", "/transfers", { json: body, key }));
  const get = async (id: string): Promise<Transfer> =>
    data(transferEnvelope, await call(sim, "GET", `/transfers/${id}`));
  /** Runs simulated time on until the transfer has had time to finish. */
  const finish = async (id: string): Promise<Transfer> => {
    sim.clock.advance(15 * 60_000);
    return get(id);
  };
  const folder = (service: string, path: string) => listAll(sim, { service, path });

  it("refuses bad bodies with invalid_parameter naming the field", async () => {
    const good = notes("skip");
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, conflict_resolution: undefined }, /^conflict_resolution: required/],
      [{ ...good, conflict_resolution: "merge" }, /^conflict_resolution: /],
      [
        { ...good, source: { service: "google_drive", path: "Documents" } },
        /^source\.path: Path must start with a forward slash$/,
      ],
      [
        { ...good, destination: { service: "icloud", path: "/x" } },
        /^destination\.service: unknown service 'icloud'/,
      ],
      [{ ...good, priority: "high" }, /^priority: not a parameter/],
      [{ ...good, schedule: { type: "recurring", interval: "monthly" } }, /^schedule\.interval: /],
      [
        { ...good, destination: { service: "google_drive", path: "/documents/meeting notes/Copy" } },
        /^destination\.path: .*inside the source/,
      ],
    ];
    for (const [body, details] of cases) {
      const error = apiError(await call(sim, "POST", "/transfers", { json: body }), 400, "invalid_parameter");
      expect(String(error.details)).toMatch(details);
    }
    const notJson = await call(sim, "POST", "/transfers", {
      headers: { "content-type": "text/plain" },
      raw: JSON.stringify(notes("skip")),
    });
    expect(apiError(notJson, 400, "invalid_parameter").message).toBe("The 'body' parameter is invalid");
  });

  it("moves queued → running → completed over simulated time and really copies the files", async () => {
    const created = await create(notes("skip"));
    expect(created).toMatchObject({
      status: "queued",
      conflict_resolution: "skip",
      schedule: null,
      next_run_at: null,
      error: null,
    });
    expect(created.id).toMatch(/^trf_[0-9a-f]{16}$/);
    sim.clock.advance(2_000);
    const running = await get(created.id);
    expect(running.status).toBe("running");
    expect(running.started_at).not.toBeNull();
    expect(running.progress.files_total).toBe(5);
    expect(running.progress.files_done).toBeLessThan(5);
    const done = await finish(created.id);
    expect(done).toMatchObject({
      status: "completed",
      progress: { files_total: 5, files_done: 5, files_skipped: 0, percent: 100 },
    });
    expect(done.progress.bytes_done).toBe(done.progress.bytes_total);
    expect(done.completed_at).not.toBeNull();
    const source = await folder("google_drive", "/Documents/Meeting Notes");
    const copied = await folder("onedrive", "/Backup/Notes");
    expect(copied.map((f) => [f.name, f.size, f.mime_type])).toEqual(
      source.map((f) => [f.name, f.size, f.mime_type]),
    );
    expect(copied[0]!.id).toMatch(/^01[A-Z2-7]{32}$/);
  });

  it("conflict_resolution: skip keeps what is there, overwrite replaces it, rename adds ' (1)'", async () => {
    const before = await folder("onedrive", "/Backup/Notes");
    const skipped = await finish((await create(notes("skip"))).id);
    expect(skipped.progress).toMatchObject({ files_done: 5, files_skipped: 5 });
    expect((await folder("onedrive", "/Backup/Notes")).map((f) => f.id)).toEqual(before.map((f) => f.id));

    const overwritten = await finish((await create(notes("overwrite"))).id);
    expect(overwritten.progress).toMatchObject({ files_done: 5, files_skipped: 0 });
    const after = await folder("onedrive", "/Backup/Notes");
    expect(after.map((f) => f.name)).toEqual(before.map((f) => f.name));
    expect(after.some((f) => before.some((b) => b.id === f.id))).toBe(false);

    await finish((await create(notes("rename"))).id);
    const renamed = (await folder("onedrive", "/Backup/Notes")).map((f) => f.name);
    expect(renamed).toHaveLength(10);
    expect(renamed).toContain("2023-05-02 Weekly Sync (1).docx");
    await finish((await create(notes("rename"))).id);
    expect((await folder("onedrive", "/Backup/Notes")).map((f) => f.name)).toContain(
      "2023-05-02 Weekly Sync (2).docx",
    );
  });

  it("folders merge rather than conflict; rename applies to the files inside", async () => {
    const marketing = {
      source: { service: "google_drive", path: "/Documents/Marketing" },
      destination: { service: "sharepoint", path: "/Shared Documents/Marketing" },
      conflict_resolution: "rename",
    };
    await finish((await create(marketing)).id);
    await finish((await create(marketing)).id);
    const tree = await listAll(sim, {
      service: "sharepoint",
      path: "/Shared Documents/Marketing",
      recursive: "true",
    });
    expect(tree.filter((f) => f.type === "folder").map((f) => f.path)).toEqual([
      "/Shared Documents/Marketing/Social Assets",
    ]);
    expect(tree.map((f) => f.path)).toContain("/Shared Documents/Marketing/Social Assets/logo-dark (1).png");
    expect(tree.filter((f) => f.type === "file")).toHaveLength(14);
  });

  it("fails with a reason when the destination is not connected or the source path is missing", async () => {
    sim.setServiceConnected("box", false);
    try {
      apiError(await list(sim, { service: "box", path: "/" }), 400, "invalid_parameter");
      const toBox = await finish(
        (await create({ ...notes("skip"), destination: { service: "box", path: "/In" } })).id,
      );
      expect(toBox).toMatchObject({ status: "failed", error: "Destination service box is not connected" });
    } finally {
      sim.setServiceConnected("box", true);
    }
    const missing = await finish(
      (await create({ ...notes("skip"), source: { service: "dropbox", path: "/Nope" } })).id,
    );
    expect(missing.status).toBe("failed");
    expect(missing.error).toBe("Source path '/Nope' does not exist in dropbox");
  });

  it("cancels a running transfer; cancelling one that completed or failed is invalid_parameter", async () => {
    const big = await create({
      source: { service: "google_drive", path: "/Archive/2016" },
      destination: { service: "dropbox", path: "/Archive 2016" },
      conflict_resolution: "skip",
    });
    sim.clock.advance(30_000);
    const running = await get(big.id);
    expect(running.status).toBe("running");
    expect(running.progress.files_done).toBeGreaterThan(0);
    const cancelled = data(transferEnvelope, await call(sim, "POST", `/transfers/${big.id}/cancel`));
    expect(cancelled.status).toBe("cancelled");
    const doneAtCancel = cancelled.progress.files_done;
    expect((await finish(big.id)).progress.files_done).toBe(doneAtCancel);
    // Cancelling it again changes nothing, so a resent cancel is harmless.
    const again = data(transferEnvelope, await call(sim, "POST", `/transfers/${big.id}/cancel`));
    expect(again).toMatchObject({ status: "cancelled", completed_at: cancelled.completed_at });
    const completed = await finish((await create(notes("skip"))).id);
    const over = apiError(
      await call(sim, "POST", `/transfers/${completed.id}/cancel`),
      400,
      "invalid_parameter",
    );
    expect(over.message).toMatch(/has already completed/);
  });

  it("a transfer belongs to its key; unknown ids are resource_not_found", async () => {
    const mine = await create(notes("skip"));
    apiError(
      await call(sim, "GET", `/transfers/${mine.id}`, { key: DEMO_PRO_KEY }),
      404,
      "resource_not_found",
    );
    apiError(await call(sim, "GET", "/transfers/trf_0000000000000000"), 404, "resource_not_found");
    apiError(await call(sim, "POST", "/transfers/trf_0000000000000000/cancel"), 404, "resource_not_found");
  });

  it("lists transfers oldest first, a page at a time, optionally by status", async () => {
    const ids: string[] = [];
    let token: string | null | undefined;
    do {
      const query: Record<string, string> = { page_size: "2", ...(token ? { page_token: token } : {}) };
      const page = data(transferList, await call(sim, "GET", "/transfers", { query }));
      expect(page.transfers.length).toBeLessThanOrEqual(2);
      ids.push(...page.transfers.map((t) => t.id));
      token = page.next_page_token;
    } while (token);
    const owned = [...sim.state.transfers.values()]
      .filter((t) => t.owner === DEMO_ENTERPRISE_KEY)
      .map((t) => t.id);
    expect(ids).toEqual(owned);
    const failed = data(transferList, await call(sim, "GET", "/transfers", { query: { status: "failed" } }));
    expect(failed.transfers.map((t) => t.status)).toEqual(["failed", "failed"]);
    apiError(await call(sim, "GET", "/transfers", { query: { status: "done" } }), 400, "invalid_parameter");
  });

  it("a recurring transfer re-runs at its interval on the simulated clock", async () => {
    const created = await create({
      source: { service: "dropbox", path: "/Family" },
      destination: { service: "box", path: "/Family Copy" },
      conflict_resolution: "rename",
      schedule: { type: "recurring", interval: "hourly" },
    });
    const createdAt = Date.parse(created.created_at);
    expect(Date.parse(created.next_run_at!)).toBe(createdAt + 3_600_000);
    const first = await finish(created.id);
    expect(first).toMatchObject({ status: "completed", run_count: 1 });
    expect((await folder("box", "/Family Copy")).map((f) => f.name)).toEqual([
      "Holiday Plans.md",
      "Passport Scan.pdf",
      "Recipes.docx",
    ]);

    sim.clock.advance(3_600_000);
    const second = await finish(created.id);
    expect(second).toMatchObject({ status: "completed", run_count: 2 });
    expect(Date.parse(second.next_run_at!)).toBe(createdAt + 2 * 3_600_000);
    expect((await folder("box", "/Family Copy")).map((f) => f.name)).toContain("Recipes (1).docx");

    // Cancelling between runs stops the recurrence.
    const stopped = data(transferEnvelope, await call(sim, "POST", `/transfers/${created.id}/cancel`));
    expect(stopped).toMatchObject({ status: "cancelled", next_run_at: null });
    sim.clock.advance(3 * 3_600_000);
    expect((await get(created.id)).run_count).toBe(2);
  });
});

describe("webhooks", () => {
  const SECRET = "whsec_simulator_test_0123456789";
  interface Received {
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }
  const received: Received[] = [];
  let receiver: Server;
  let base: string;
  let sim: MigrateCloudsSimulator;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({
          path: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    // 600×: a transfer of a few files finishes within a few real milliseconds.
    sim = await startSim({ clockSpeed: 600, webhookRetryDelayMs: 20 });
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  const subscribe = async (body: unknown) =>
    data(webhookEnvelope, await call(sim, "POST", "/webhooks", { json: body }));
  async function until(check: () => boolean, what: string): Promise<void> {
    for (const started = Date.now(); !check(); await sleep(20))
      if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
  }

  it("refuses bad webhook bodies with invalid_parameter naming the field", async () => {
    const good = { url: `${base}/hook`, events: ["transfer.completed"] };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, secret: "short" }, /^secret: /],
      [{ ...good, events: ["transfer.exploded"] }, /^events\.0: /],
      [{ ...good, events: [] }, /^events: /],
      [{ ...good, url: "ftp://127.0.0.1/hook" }, /^url: expected an http or https URL/],
      [{ ...good, url: "not a url" }, /^url: /],
    ];
    for (const [body, details] of cases) {
      const error = apiError(await call(sim, "POST", "/webhooks", { json: body }), 400, "invalid_parameter");
      expect(String(error.details)).toMatch(details);
    }
  });

  it("delivers a transfer's events, signed, to the registered URL, without anybody polling", async () => {
    const signed = await subscribe({
      url: `${base}/signed`,
      events: ["transfer.started", "transfer.completed", "file.created", "folder.created"],
      secret: SECRET,
    });
    expect(signed).toMatchObject({ signed: true, url: `${base}/signed` });
    expect(signed.id).toMatch(/^wh_[0-9a-f]{16}$/);
    expect(JSON.stringify(signed)).not.toContain(SECRET);
    const unsigned = await subscribe({ url: `${base}/unsigned`, events: ["transfer.completed"] });
    expect(unsigned.signed).toBe(false);

    const transfer = data(
      transferEnvelope,
      await call(sim, "POST", "/transfers", {
        json: {
          source: { service: "google_drive", path: "/Documents/Marketing" },
          destination: { service: "onedrive", path: "/Hooks" },
          conflict_resolution: "skip",
        },
      }),
    );
    // No further request: the background tick runs the transfer and raises the events.
    await until(
      () =>
        received.filter((r) => r.path === "/signed" && r.body.includes('"transfer.completed"')).length === 1,
      "transfer.completed",
    );
    await until(() => received.some((r) => r.path === "/unsigned"), "the unsigned delivery");
    await sim.webhooksSettled();

    const deliveries = received.filter((r) => r.path === "/signed");
    for (const d of deliveries) {
      const timestamp = d.headers[TIMESTAMP_HEADER] as string;
      expect(timestamp).toMatch(/^\d{10}$/);
      expect(Math.abs(Number(timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
      expect(
        verifyWebhook(SECRET, timestamp, d.body, d.headers[SIGNATURE_HEADER] as string, Date.now()),
      ).toBe(true);
      expect(
        verifyWebhook(SECRET, timestamp, `${d.body} `, d.headers[SIGNATURE_HEADER] as string, Date.now()),
      ).toBe(false);
      expect(d.headers["content-type"]).toBe("application/json");
    }
    const events = deliveries.map((d) => webhookEvent.parse(JSON.parse(d.body)));
    for (const e of events) {
      expect(e.id).toMatch(/^evt_[0-9a-f]{16}$/);
      expect(Number.isNaN(Date.parse(e.created_at))).toBe(false);
      expect(Object.keys(JSON.parse(deliveries[0]!.body) as object).sort()).toEqual([
        "created_at",
        "data",
        "id",
        "type",
      ]);
    }
    expect(events[0]!.type).toBe("transfer.started");
    expect(events.at(-1)!.type).toBe("transfer.completed");
    expect(events.at(-1)!.data).toMatchObject({ id: transfer.id, status: "completed" });
    const folders = events.filter((e) => e.type === "folder.created").map((e) => e.data.path);
    expect(folders).toEqual(["/Hooks", "/Hooks/Social Assets"]);
    const files = events.filter((e) => e.type === "file.created");
    expect(files).toHaveLength(7);
    expect(files[0]!.data).toMatchObject({ service: "onedrive", transfer_id: transfer.id });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const plain = received.filter((r) => r.path === "/unsigned");
    expect(plain).toHaveLength(1);
    expect(plain[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
    expect(plain[0]!.headers[TIMESTAMP_HEADER]).toMatch(/^\d+$/);
    expect(sim.deliveries.every((d) => d.outcome === "delivered")).toBe(true);
  });

  it("a receiver that refuses connections is retried once, then given up on; the simulator carries on", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dead = await subscribe({ url: `http://127.0.0.1:${port}/gone`, events: ["transfer.failed"] });
    const failed = data(
      transferEnvelope,
      await call(sim, "POST", "/transfers", {
        json: {
          source: { service: "box", path: "/Missing" },
          destination: { service: "onedrive", path: "/Nowhere" },
          conflict_resolution: "skip",
        },
      }),
    );
    await until(() => sim.deliveries.some((d) => d.webhookId === dead.id), "the failed delivery");
    const record = sim.deliveries.find((d) => d.webhookId === dead.id)!;
    expect(record).toMatchObject({
      outcome: "failed",
      attempts: 2,
      status: null,
      eventType: "transfer.failed",
    });
    expect(sim.state.engineError).toBeUndefined();
    expect(data(transferEnvelope, await call(sim, "GET", `/transfers/${failed.id}`)).status).toBe("failed");
  });

  it("lists and deletes webhooks", async () => {
    const listed = data(webhookList, await call(sim, "GET", "/webhooks")).webhooks;
    expect(listed.length).toBeGreaterThanOrEqual(3);
    const [first] = listed;
    const deleted = data(deletedEnvelope, await call(sim, "DELETE", `/webhooks/${first!.id}`));
    expect(deleted).toEqual({ id: first!.id, deleted: true });
    expect(data(webhookList, await call(sim, "GET", "/webhooks")).webhooks.map((w) => w.id)).not.toContain(
      first!.id,
    );
    apiError(await call(sim, "DELETE", `/webhooks/${first!.id}`), 404, "resource_not_found");
    apiError(
      await call(sim, "DELETE", `/webhooks/${listed[1]!.id}`, { key: DEMO_PRO_KEY }),
      404,
      "resource_not_found",
    );
  });
});
