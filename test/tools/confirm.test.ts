/**
 * The confirmation gate (src/tools/confirm.ts), every outcome in one place and in both protocol eras
 * (a v1 SDK client on 2025-11-25, an SDK v2 client on 2026-07-28): the policies, each answer a
 * human can give through elicitation, the token path's issue, redeem, replay, expiry, other arguments,
 * other session, other tool and tampering, a target that changed since the preview, and the audit line.
 * Real SDK clients over the in-memory transport; the server talks HTTP to the simulator.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type ElicitRequest,
  type ElicitResult,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigrationBatch, userItem } from "../helpers/cloudm.js";
import { callTool, type InProcess, startInProcess, textOf, type ToolCaller } from "../helpers/in-process.js";

const ERAS = ["2025-11-25", "2026-07-28"] as const;
type Era = (typeof ERAS)[number];
/** A client of the era: the v1 SDK Client for 2025-11-25, an SDK v2 Client pinned to 2026-07-28. */
const connectAs = (
  env: InProcess,
  era: Era,
  name?: string,
  elicit?: (request: ElicitRequest) => ElicitResult,
): Promise<ToolCaller> =>
  era === "2026-07-28" ? env.connectModern(name, elicit) : env.connect(name, elicit);

const structured = (result: { structuredContent?: unknown }) =>
  (result.structuredContent ?? {}) as { status?: string; confirmationToken?: string };

describe.each(ERAS)("policies (%s)", (era) => {
  it("deny refuses every destructive call and changes nothing", async () => {
    const env = await startInProcess({ env: { MIGRATE_MCP_CONFIRM: "deny" } });
    try {
      const client = await connectAs(env, era, "denied", () => ({
        action: "accept",
        content: { confirm: true },
      }));
      const result = await callTool(client, "start_migration", {
        configurationId: env.sim.demo?.configurationId,
        mode: "CheckUsersOnly",
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("MIGRATE_MCP_CONFIRM=deny");
      expect(env.sim.countRequests("POST /api/ConnectionBatchesProgress/start-migration")).toBe(0);
    } finally {
      await env.close();
    }
  });

  it("elicitation refuses a client that cannot ask its human", async () => {
    const env = await startInProcess({ env: { MIGRATE_MCP_CONFIRM: "elicitation" } });
    try {
      const result = await callTool(await connectAs(env, era), "stop_migration", {
        configurationId: env.sim.demo?.configurationId,
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("cannot ask one");
      expect(structured(result).confirmationToken).toBeUndefined();
    } finally {
      await env.close();
    }
  });
});

describe.each(ERAS)("elicitation (%s)", (era) => {
  let env: InProcess;
  const answers: ElicitResult[] = [];
  let client: ToolCaller;
  beforeAll(async () => {
    env = await startInProcess({ argv: ["--toolsets", "all"] });
    client = await connectAs(env, era, "human", () => answers.shift() ?? { action: "cancel" });
  });
  afterAll(() => env.close());
  const settings = (folderSelection: string) => ({
    configurationId: env.sim.demo?.configurationId,
    general: { folderSelection },
  });
  const saved = () => env.sim.state.batches.get(env.sim.demo?.configurationId ?? "")?.general.folderSelection;

  it.each([
    ["declines", { action: "decline" } as ElicitResult, "declined"],
    ["cancels", { action: "cancel" } as ElicitResult, "cancelled"],
    [
      "accepts without ticking confirm",
      { action: "accept", content: { confirm: false } } as ElicitResult,
      "did not confirm",
    ],
  ])("the human %s: nothing is changed", async (_what, answer, said) => {
    answers.push(answer);
    const result = await callTool(client, "update_batch_settings", settings("InboxOnly"));
    expect(result.isError).toBeFalsy();
    expect(structured(result).status).toBe("declined");
    expect(textOf(result)).toContain(said);
    expect(saved()).not.toBe("InboxOnly");
  });

  it("the human accepts: done, and no token ever reaches the model", async () => {
    answers.push({ action: "accept", content: { confirm: true } });
    const result = await callTool(client, "update_batch_settings", settings("InboxOnly"));
    expect(structured(result)).toMatchObject({ status: "done" });
    expect(structured(result).confirmationToken).toBeUndefined();
    expect(saved()).toBe("InboxOnly");
  });

  it("a deletion needs the project's name typed: a wrong name deletes nothing", async () => {
    const projectId = env.sim.demo?.projectId ?? "";
    answers.push({ action: "accept", content: { confirm: true, name: "not the name" } });
    const wrong = await callTool(client, "delete_project", { projectId });
    expect(structured(wrong).status).toBe("declined");
    expect(env.sim.state.projects.has(projectId)).toBe(true);
  });

  it("a target that changed while the human looked at the form: nothing is done", async () => {
    const configurationId = env.sim.demo?.configurationId ?? "";
    const changing = await connectAs(env, era, "changing", () => {
      const batch = env.sim.state.batches.get(configurationId);
      if (batch) batch.general.simultaneousMigrations = 7;
      return { action: "accept", content: { confirm: true } };
    });
    const result = await callTool(changing, "update_batch_settings", {
      configurationId,
      general: { simultaneousMigrations: 12 },
    });
    expect(structured(result).status).toBe("changed");
    expect(textOf(result)).toContain("changed since the preview");
    expect(env.sim.state.batches.get(configurationId)?.general.simultaneousMigrations).toBe(7);
  });
});

describe.each(ERAS)("the token path, a client without elicitation (%s)", (era) => {
  let env: InProcess;
  let client: ToolCaller;
  const logged: unknown[] = [];
  beforeAll(async () => {
    env = await startInProcess({ env: { MIGRATE_MCP_CONFIRM_TTL_SECONDS: "1" } });
    client = await connectAs(env, era, "agent");
    // The audit line is read by a 2025 session's log subscription (the 2026 revision has none).
    const auditor = await env.connect("auditor");
    auditor.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logged.push(n.params.data);
    });
    await auditor.setLoggingLevel("info");
  });
  afterAll(() => env.close());
  const args = () => ({
    configurationId: env.sim.demo?.configurationId ?? "",
    general: { simultaneousMigrations: 7 },
  });
  const issue = async (a: Record<string, unknown> = args()) => {
    const preview = await callTool(client, "update_batch_settings", a);
    expect(structured(preview).status).toBe("confirmation_required");
    return structured(preview).confirmationToken ?? "";
  };

  it("issues a token with the preview, acts once on it, refuses it replayed, and audits the action", async () => {
    const token = await issue();
    const done = await callTool(client, "update_batch_settings", { ...args(), confirmationToken: token });
    expect(structured(done).status).toBe("done");
    const replay = await callTool(client, "update_batch_settings", { ...args(), confirmationToken: token });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toContain("already been used");
    await expect
      .poll(() => JSON.stringify(logged))
      .toContain('"event":"confirmed_action","tool":"update_batch_settings"');
    expect(JSON.stringify(logged)).toContain('"outcome":"done"');
  });

  it("refuses a token for other arguments, for another tool, or altered", async () => {
    const token = await issue();
    const other = await callTool(client, "update_batch_settings", {
      ...args(),
      general: { simultaneousMigrations: 9 },
      confirmationToken: token,
    });
    expect(textOf(other)).toContain("different arguments");
    const tool = await callTool(client, "stop_migration", {
      configurationId: args().configurationId,
      confirmationToken: token,
    });
    expect(textOf(tool)).toContain("issued for update_batch_settings");
    const altered = await callTool(client, "update_batch_settings", {
      ...args(),
      confirmationToken: `${token}x`,
    });
    expect(textOf(altered)).toContain("not valid");
  });

  it("refuses a token from another session", async () => {
    const token = await issue();
    const elsewhere = await connectAs(env, era, "another agent");
    const result = await callTool(elsewhere, "update_batch_settings", {
      ...args(),
      confirmationToken: token,
    });
    expect(textOf(result)).toContain("issued in another session");
  });

  it("refuses an expired token", async () => {
    const token = await issue();
    await new Promise((r) => setTimeout(r, 1_100));
    const result = await callTool(client, "update_batch_settings", { ...args(), confirmationToken: token });
    expect(textOf(result)).toContain("expired at");
  });

  it("does nothing when the target changed since the preview, and shows the new state with a fresh token", async () => {
    const token = await issue({ ...args(), general: { simultaneousMigrations: 11 } });
    const batch = env.sim.state.batches.get(args().configurationId);
    if (batch) batch.general.folderSelection = "NoDeletedNoJunk";
    const result = await callTool(client, "update_batch_settings", {
      ...args(),
      general: { simultaneousMigrations: 11 },
      confirmationToken: token,
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result).status).toBe("changed");
    expect(textOf(result)).toContain("The target changed since the preview, so nothing was done");
    expect(structured(result).confirmationToken).toBeTruthy();
    expect(batch?.general.simultaneousMigrations).not.toBe(11);
  });
});

describe("policies given with --confirm", () => {
  it("fails closed under --confirm elicitation without the capability, and refuses under deny", async () => {
    for (const [policy, phrase] of [
      ["elicitation", "cannot ask one"],
      ["deny", "MIGRATE_MCP_CONFIRM=deny"],
    ] as const) {
      const env = await startInProcess({ argv: ["--confirm", policy] });
      try {
        const result = await callTool(await env.connect(), "stop_migration", {
          configurationId: "00000000-0000-4000-8000-000000000000",
        });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain(phrase);
      } finally {
        await env.close();
      }
    }
  });
});

describe("the token path on start_migration and stop_migration", () => {
  let env: InProcess;
  let client: Client;
  let first: string;
  let second: string;
  beforeAll(async () => {
    env = await startInProcess({ env: { MIGRATE_MCP_CONFIRM_TTL_SECONDS: "2" } });
    client = await env.connect("agent");
    const batchOfOne = async (name: string) => {
      const { configurationId } = await createMigrationBatch(env.cloudm, name);
      await env.cloudm.addMigrationItem(userItem(configurationId, "x@src.example", "x@dst.example"));
      return configurationId;
    };
    first = await batchOfOne("Tok A");
    second = await batchOfOne("Tok B");
  });
  afterAll(() => env.close());
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await callTool(client, name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  };

  it("acts only with the token, once, for exactly the previewed arguments", async () => {
    const preview = await ok("start_migration", { configurationId: first, mode: "CheckUsersOnly" });
    expect(preview.status).toBe("confirmation_required");
    expect((preview.preview as { summary: string }).summary).toContain("Tok A");
    expect((await ok("get_batch_statistics", { configurationId: first })).state).toBe("None");
    const token = String(preview.confirmationToken);

    const wrongBatch = await callTool(client, "start_migration", {
      configurationId: second,
      mode: "CheckUsersOnly",
      confirmationToken: token,
    });
    expect(wrongBatch.isError).toBe(true);
    expect(textOf(wrongBatch)).toContain("different arguments");
    const wrongTool = await callTool(client, "stop_migration", {
      configurationId: first,
      confirmationToken: token,
    });
    expect(textOf(wrongTool)).toContain("issued for start_migration");
    const tampered = await callTool(client, "start_migration", {
      configurationId: first,
      mode: "CheckUsersOnly",
      confirmationToken: `${token.slice(0, -2)}xx`,
    });
    expect(textOf(tampered)).toContain("not valid");

    const done = await ok("start_migration", {
      configurationId: first,
      mode: "CheckUsersOnly",
      confirmationToken: token,
    });
    expect(done.status).toBe("done");
    const reused = await callTool(client, "start_migration", {
      configurationId: first,
      mode: "CheckUsersOnly",
      confirmationToken: token,
    });
    expect(reused.isError).toBe(true);
    expect(textOf(reused)).toContain("already been used");
    expect((await ok("get_batch_statistics", { configurationId: second })).state).toBe("None");
  });

  it("refuses an expired token", async () => {
    const preview = await ok("start_migration", { configurationId: second, mode: "CheckUsersOnly" });
    await new Promise((r) => setTimeout(r, 2_200));
    const expired = await callTool(client, "start_migration", {
      configurationId: second,
      mode: "CheckUsersOnly",
      confirmationToken: String(preview.confirmationToken),
    });
    expect(expired.isError).toBe(true);
    expect(textOf(expired)).toContain("expired");
  });
});
