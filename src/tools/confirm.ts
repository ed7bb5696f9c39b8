/**
 * The one confirmation gate. Every tool with destructiveHint passes through `ConfirmationGate.check`
 * before its handler runs.
 *
 * - Client can elicit (and policy is auto or elicitation): the human is asked through
 *   `elicitation/create`; only an accept with confirm=true (and the typed name, for deletions) proceeds.
 *   No token is ever issued to such a client, so the model cannot confirm on its own.
 * - Client cannot elicit, policy auto: the first call returns the preview and a single-use token,
 *   HMAC-bound to the tool, the exact arguments, the session and the previewed facts, expiring after a
 *   few minutes. The human in the loop is then only the client's own approval prompt for a
 *   destructiveHint tool: a model on auto-approve can pass this path by itself (see README).
 * - Policy elicitation without the capability, or policy deny: the tool refuses.
 * Before acting, the target is re-read; if its stable facts changed since the preview, nothing is done.
 * Every confirmed action, done or failed, is written to the audit log; its output says status "done".
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import { z } from "zod";
import { maskSecretFields, redactSecrets } from "../api/secrets.js";
import type { ConfirmPolicy } from "../config.js";
import type { Preview, ToolContext, ToolDefinition, ToolOutput } from "./define.js";

export const CONFIRMATION_STATUSES = ["done", "confirmation_required", "declined", "changed"] as const;

/** Fields every destructive tool's output carries besides its own. */
export const confirmationOutput = {
  status: z.enum(CONFIRMATION_STATUSES).describe("done = acted; otherwise nothing was changed"),
  preview: z.object({ summary: z.string(), details: z.record(z.string(), z.unknown()) }).optional(),
  confirmationToken: z.string().optional(),
  expiresAt: z.string().optional(),
};

export const confirmationTokenInput = z
  .string()
  .optional()
  .describe("From confirmation_required, after the user's yes");

interface TokenClaims {
  tool: string;
  args: string;
  session: string;
  facts: string;
  exp: number;
  nonce: string;
}

export type GateOutcome = { proceed: true } | { proceed: false; result: CallToolResult };

/** What a call through the gate came to: the gate's own answer (nothing was done), or the tool's output. */
export type Performed = { refused: CallToolResult } | { output: ToolOutput<z.ZodRawShape> };

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const digest = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("base64url");

function refusal(text: string): GateOutcome {
  return { proceed: false, result: { isError: true, content: [{ type: "text", text }] } };
}

function previewText(preview: Preview): string {
  const lines = Object.entries(preview.details).map(
    ([k, v]) => `- ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`,
  );
  return [preview.summary, ...lines].join("\n");
}

export class ConfirmationGate {
  private readonly secret: Buffer;
  /** Nonces of tokens already used, with their expiry, so a token works once (in this process). */
  private readonly used = new Map<string, number>();

  /** `sharedSecret` lets instances behind a load balancer accept each other's tokens. */
  constructor(
    private readonly policy: ConfirmPolicy,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    sharedSecret?: string,
  ) {
    this.secret = sharedSecret ? createHash("sha256").update(sharedSecret).digest() : randomBytes(32);
  }

  /**
   * Runs a tool call through the gate: a tool without a preview runs at once; a destructive one is
   * confirmed first (unless `confirmWhen` says this call changes nothing), acts, and is audited.
   * Errors propagate to the one error boundary, after the audit line.
   */
  async perform(
    tool: ToolDefinition,
    args: Record<string, unknown>,
    ctx: ToolContext,
    session: string,
  ): Promise<Performed> {
    const preview = tool.preview;
    if (!preview) return { output: await tool.handler(args, ctx) };
    const { confirmationToken, ...rest } = args;
    const gated = tool.confirmWhen?.(rest) !== false;
    const audit = (outcome: "done" | "failed") =>
      this.logger.info(
        { event: "confirmed_action", tool: tool.name, args: redactSecrets(JSON.stringify(rest)), outcome },
        "confirmed action",
      );
    try {
      if (gated) {
        const token = typeof confirmationToken === "string" ? confirmationToken : undefined;
        const gate = await this.check(tool.name, rest, token, () => preview(rest, ctx), ctx, session);
        if (!gate.proceed) return { refused: gate.result };
      }
      const output = await tool.handler(rest, ctx);
      if (gated) audit("done");
      return { output: { ...output, structured: { ...output.structured, status: "done" } } };
    } catch (error) {
      if (gated) audit("failed");
      throw error;
    }
  }

  private async check(
    tool: string,
    args: Record<string, unknown>,
    token: string | undefined,
    buildPreview: () => Promise<Preview>,
    ctx: ToolContext,
    session: string,
  ): Promise<GateOutcome> {
    if (this.policy === "deny") {
      return refusal(
        `${tool} is disabled: this server runs with MIGRATE_MCP_CONFIRM=deny, which refuses every destructive action. Nothing was changed.`,
      );
    }
    // What a preview shows (a call_api body, say) may carry credentials the caller sent: never echo them.
    const preview = async (): Promise<Preview> => {
      const shown = await buildPreview();
      return { ...shown, details: maskSecretFields(shown.details) as Record<string, unknown> };
    };
    const canElicit = ctx.server.server.getClientCapabilities()?.elicitation !== undefined;
    if (canElicit) return this.elicit(tool, preview, ctx);
    if (this.policy === "elicitation") {
      return refusal(
        `${tool} needs a human to confirm, and this client cannot ask one (no elicitation support); the server runs with MIGRATE_MCP_CONFIRM=elicitation, so it refuses. Nothing was changed.`,
      );
    }
    return token === undefined
      ? this.issue(tool, args, session, await preview())
      : this.redeem(tool, args, session, token, preview);
  }

  private async elicit(
    tool: string,
    preview: () => Promise<Preview>,
    ctx: ToolContext,
  ): Promise<GateOutcome> {
    const shown = await preview();
    const properties = {
      confirm: { type: "boolean" as const, title: "Confirm", description: "Tick to go ahead" },
      ...(shown.typedName
        ? {
            name: {
              type: "string" as const,
              title: "Name",
              description: `Type ${shown.typedName} to confirm`,
            },
          }
        : {}),
    };
    const answer = await ctx.server.server.elicitInput(
      {
        message: `${previewText(shown)}\n\nDo you want to go ahead?`,
        requestedSchema: { type: "object", properties, required: Object.keys(properties) },
      },
      { signal: ctx.signal, timeout: 10 * 60_000 },
    );
    const confirmed =
      answer.action === "accept" &&
      answer.content?.confirm === true &&
      (!shown.typedName || answer.content?.name === shown.typedName);
    if (!confirmed) {
      const why =
        answer.action === "accept"
          ? "did not confirm"
          : answer.action === "decline"
            ? "declined"
            : "cancelled";
      return this.declined(tool, `The user ${why}; nothing was changed.`, shown);
    }
    return this.recheck(tool, digest(shown.stable), preview);
  }

  private declined(tool: string, text: string, shown: Preview): GateOutcome {
    this.logger.info({ event: "confirmation", tool, outcome: "declined" }, "destructive action declined");
    return {
      proceed: false,
      result: {
        content: [{ type: "text", text }],
        structuredContent: {
          status: "declined",
          preview: { summary: shown.summary, details: shown.details },
        },
      },
    };
  }

  /** Re-reads the target just before acting; refuses when what was confirmed is no longer true. */
  private async recheck(
    tool: string,
    confirmedFacts: string,
    preview: () => Promise<Preview>,
    session?: string,
    args?: Record<string, unknown>,
  ): Promise<GateOutcome> {
    const now = await preview();
    if (digest(now.stable) === confirmedFacts) return { proceed: true };
    this.logger.info({ event: "confirmation", tool, outcome: "changed" }, "target changed since the preview");
    const fresh =
      session !== undefined && args !== undefined ? this.tokenFor(tool, args, session, now) : undefined;
    return {
      proceed: false,
      result: {
        content: [
          {
            type: "text",
            text: `The target changed since the preview, so nothing was done. Current state:\n${previewText(now)}${fresh ? "\nShow this to the user; if they still agree, call again with the new confirmationToken." : ""}`,
          },
        ],
        structuredContent: {
          status: "changed",
          preview: { summary: now.summary, details: now.details },
          ...(fresh ?? {}),
        },
      },
    };
  }

  private tokenFor(
    tool: string,
    args: Record<string, unknown>,
    session: string,
    shown: Preview,
  ): { confirmationToken: string; expiresAt: string } {
    const exp = Date.now() + this.ttlSeconds * 1000;
    const claims: TokenClaims = {
      tool,
      args: digest(args),
      session,
      facts: digest(shown.stable),
      exp,
      nonce: randomUUID(),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const mac = createHmac("sha256", this.secret).update(payload).digest("base64url");
    return { confirmationToken: `${payload}.${mac}`, expiresAt: new Date(exp).toISOString() };
  }

  private issue(tool: string, args: Record<string, unknown>, session: string, shown: Preview): GateOutcome {
    const token = this.tokenFor(tool, args, session, shown);
    return {
      proceed: false,
      result: {
        content: [
          {
            type: "text",
            text: `Confirmation required; nothing has been done yet.\n${previewText(shown)}\nShow this preview to the user and wait for their explicit yes. Then call ${tool} again with the same arguments and confirmationToken (valid once, until ${token.expiresAt}).`,
          },
        ],
        structuredContent: {
          status: "confirmation_required",
          preview: { summary: shown.summary, details: shown.details },
          ...token,
        },
      },
    };
  }

  private async redeem(
    tool: string,
    args: Record<string, unknown>,
    session: string,
    token: string,
    preview: () => Promise<Preview>,
  ): Promise<GateOutcome> {
    const again = `Call ${tool} again without confirmationToken to get a fresh preview. Nothing was changed.`;
    const [payload, mac] = token.split(".");
    const expected = payload ? createHmac("sha256", this.secret).update(payload).digest() : undefined;
    const given = mac ? Buffer.from(mac, "base64url") : undefined;
    if (
      !payload ||
      !expected ||
      !given ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      return refusal(
        `The confirmationToken is not valid (altered, truncated, or issued by another server run). ${again}`,
      );
    }
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    if (claims.tool !== tool)
      return refusal(`The confirmationToken was issued for ${claims.tool}, not ${tool}. ${again}`);
    if (claims.session !== session)
      return refusal(`The confirmationToken was issued in another session. ${again}`);
    if (claims.args !== digest(args))
      return refusal(
        `The confirmationToken was issued for different arguments; it only confirms exactly what was previewed. ${again}`,
      );
    const now = Date.now();
    for (const [nonce, exp] of this.used) if (exp < now) this.used.delete(nonce);
    if (claims.exp < now)
      return refusal(`The confirmationToken expired at ${new Date(claims.exp).toISOString()}. ${again}`);
    if (this.used.has(claims.nonce))
      return refusal(`The confirmationToken has already been used; each one works once. ${again}`);
    this.used.set(claims.nonce, claims.exp);
    return this.recheck(tool, claims.facts, preview, session, args);
  }
}
