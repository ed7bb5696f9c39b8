/**
 * The one confirmation gate. Every tool with destructiveHint passes through `ConfirmationGate.perform`
 * before its handler runs. The policy (--confirm auto|elicitation|deny) means the same in both eras.
 *
 * - Client can ask its human (it declares elicitation), policy auto or elicitation: on 2025-11-25
 *   the server sends `elicitation/create`; on 2026-07-28 the call answers `input_required` with the
 *   form and a sealed, single-use requestState that only the client holds, and the client retries
 *   with the human's answer. Only confirm=true (and the typed name, for deletions) proceeds. No token
 *   ever reaches the model, so it cannot confirm on its own.
 * - Client cannot ask (policy auto): the first call returns the preview and a single-use token,
 *   HMAC-bound to the tool, the exact arguments, the principal (session, else HTTP credential, else
 *   connection) and the previewed facts, expiring after a few minutes. The human in the loop is then
 *   only the client's own approval prompt for a destructiveHint tool: a model on auto-approve can pass
 *   this path by itself (see README).
 * - Policy elicitation without the capability, or policy deny: the tool refuses.
 * Before acting, the target is re-read; if its stable facts changed since the preview, nothing is done.
 * Every confirmed action, done or failed, is written to the audit log; its output says status "done".
 */
import {
  type CallToolResult,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  ProtocolError,
  ProtocolErrorCode,
} from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { z } from "zod";
import { maskSecretFields, redactSecrets } from "../api/secrets.js";
import type { ConfirmPolicy } from "../config.js";
import type { FleetStore } from "../fleet/store.js";
import { answerWord, confirmationForm, isConfirmed, previewText } from "./confirm-form.js";
import { type ConfirmationClaims, type ConfirmationKind, ConfirmationSeals, digest } from "./confirm-seal.js";
import type { Preview, ToolContext, ToolDefinition, ToolOutput } from "./define.js";

/** The gate's own answer when nothing is done yet: a refusal, a preview, or (2026) an input request. */
type GateAnswer = CallToolResult | InputRequiredResult;
export type GateOutcome = { proceed: true } | { proceed: false; result: GateAnswer };

/** What a call through the gate came to: the gate's own answer (nothing was done), or the tool's output. */
export type Performed = { refused: GateAnswer } | { output: ToolOutput<z.ZodRawShape> };

function refusal(text: string): GateOutcome {
  return { proceed: false, result: { isError: true, content: [{ type: "text", text }] } };
}

export class ConfirmationGate {
  private readonly seals: ConfirmationSeals;

  /**
   * `fleet` holds which confirmations were used (one process's own, or every replica's through Redis);
   * `sharedSecret` lets instances behind a load balancer accept each other's tokens.
   */
  constructor(
    private readonly policy: ConfirmPolicy,
    ttlSeconds: number,
    private readonly logger: Logger,
    private readonly fleet: FleetStore,
    sharedSecret?: string,
  ) {
    this.seals = new ConfirmationSeals(ttlSeconds, fleet, sharedSecret);
  }

  /**
   * Runs a tool call through the gate: a tool without a preview runs at once; a destructive one is
   * confirmed first (unless `confirmWhen` says this call changes nothing), acts, and is audited.
   * Errors propagate to the one error boundary, after the audit line. `act` is what is done once
   * admitted: the handler, or a task's start.
   */
  async perform(
    tool: ToolDefinition,
    args: Record<string, unknown>,
    ctx: ToolContext,
    act: (args: Record<string, unknown>) => Promise<ToolOutput<z.ZodRawShape>> = (a) => tool.handler(a, ctx),
  ): Promise<Performed> {
    const preview = tool.preview;
    if (!preview) return { output: await act(args) };
    const { confirmationToken, ...rest } = args;
    const gated = tool.confirmWhen?.(rest) !== false;
    const audit = (outcome: "done" | "failed") => {
      const user = ctx.caller.user;
      const entry = {
        event: "confirmed_action",
        tool: tool.name,
        args: redactSecrets(JSON.stringify(rest)),
        outcome,
        // Who asked, in OAuth mode: the person, never their token.
        ...(user ? { user: user.name, subject: user.principal } : {}),
      };
      this.logger.info(entry, "confirmed action");
      void this.fleet.audit({ ...entry, at: new Date().toISOString() }).catch(() => undefined);
    };
    try {
      if (gated) {
        const token = typeof confirmationToken === "string" ? confirmationToken : undefined;
        const gate = await this.check(tool.name, rest, token, () => preview(rest, ctx), ctx);
        if (!gate.proceed) return { refused: gate.result };
      }
      const output = await act(rest);
      if (gated) audit("done");
      // Said in the result, not only the log: the user should know the replay guard was narrower.
      const degraded =
        gated && this.fleet.shared && this.fleet.sharing() === "process"
          ? "\nNote: the replicas' Redis is unreachable, so this confirmation's single use was checked on this replica only."
          : "";
      return {
        output: {
          ...output,
          text: `${output.text}${degraded}`,
          structured: { ...output.structured, status: "done" },
        },
      };
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
    const { caller } = ctx;
    if (caller.capabilities?.elicitation !== undefined)
      return caller.era === "2026-07-28"
        ? this.askInBand(tool, args, preview, caller.principal, caller.requestState, caller.inputResponses)
        : this.elicit(tool, preview, ctx);
    if (this.policy === "elicitation") {
      return refusal(
        `${tool} needs a human to confirm, and this client cannot ask one (no elicitation support); the server runs with MIGRATE_MCP_CONFIRM=elicitation, so it refuses. Nothing was changed.`,
      );
    }
    return token === undefined
      ? this.issue(tool, args, caller.principal, await preview())
      : this.redeem(tool, args, caller.principal, token, preview);
  }

  /**
   * 2026-07-28: the first call answers input_required with the confirmation form and a sealed
   * requestState; the client puts the form before the human and retries with the answer. The state
   * never reaches the model, works once, and only for this principal, tool and these arguments.
   */
  private async askInBand(
    tool: string,
    args: Record<string, unknown>,
    preview: () => Promise<Preview>,
    principal: string,
    requestState: string | undefined,
    inputResponses: Record<string, unknown> | undefined,
  ): Promise<GateOutcome> {
    if (requestState === undefined) {
      const shown = await preview();
      const sealed = await this.seals.seal("state", tool, args, principal, shown.stable);
      return {
        proceed: false,
        result: inputRequired({
          inputRequests: { confirm: inputRequired.elicit(confirmationForm(shown)) },
          requestState: sealed.value,
        }),
      };
    }
    const claims = await this.opened("state", tool, args, principal, requestState);
    if ("refused" in claims) return claims.refused;
    const now = await preview();
    const answer = inputResponse(inputResponses, "confirm");
    if (answer.kind !== "elicit" || !isConfirmed(answer.action, answer.content, now.typedName)) {
      const why = answer.kind !== "elicit" ? "did not answer" : answerWord(answer.action);
      return this.declined(tool, `The user ${why}; nothing was changed.`, now);
    }
    return this.recheck(tool, claims.facts, async () => now);
  }

  private async elicit(
    tool: string,
    preview: () => Promise<Preview>,
    ctx: ToolContext,
  ): Promise<GateOutcome> {
    const shown = await preview();
    const answer = await ctx.askHuman(confirmationForm(shown), ctx.signal).catch((error: unknown) => {
      // An answer that does not fill the form (the typed name left out) confirms nothing.
      if (error instanceof ProtocolError && error.code === ProtocolErrorCode.InvalidParams) return undefined;
      throw error;
    });
    if (answer === undefined)
      return this.declined(tool, "The user's answer did not fill in the form; nothing was changed.", shown);
    if (!isConfirmed(answer.action, answer.content, shown.typedName))
      return this.declined(tool, `The user ${answerWord(answer.action)}; nothing was changed.`, shown);
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
    principal?: string,
    args?: Record<string, unknown>,
  ): Promise<GateOutcome> {
    const now = await preview();
    if (digest(now.stable) === confirmedFacts) return { proceed: true };
    this.logger.info({ event: "confirmation", tool, outcome: "changed" }, "target changed since the preview");
    const fresh =
      principal !== undefined && args !== undefined
        ? await this.tokenFor(tool, args, principal, now)
        : undefined;
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

  /** Opens a sealed confirmation, spending it; a refusal says why and how to be asked afresh. */
  private async opened(
    kind: ConfirmationKind,
    tool: string,
    args: Record<string, unknown>,
    principal: string,
    sealed: string,
  ): Promise<ConfirmationClaims | { refused: GateOutcome }> {
    const claims = await this.seals.open(kind, tool, args, principal, sealed);
    if (!("refusedBecause" in claims)) return claims;
    const again =
      kind === "token"
        ? `Call ${tool} again without confirmationToken to get a fresh preview. Nothing was changed.`
        : `Call ${tool} again to be asked afresh. Nothing was changed.`;
    return { refused: refusal(`${claims.refusedBecause} ${again}`) };
  }

  private async tokenFor(
    tool: string,
    args: Record<string, unknown>,
    principal: string,
    shown: Preview,
  ): Promise<{ confirmationToken: string; expiresAt: string }> {
    const { value, exp } = await this.seals.seal("token", tool, args, principal, shown.stable);
    return { confirmationToken: value, expiresAt: new Date(exp).toISOString() };
  }

  private async issue(
    tool: string,
    args: Record<string, unknown>,
    principal: string,
    shown: Preview,
  ): Promise<GateOutcome> {
    const token = await this.tokenFor(tool, args, principal, shown);
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
    principal: string,
    token: string,
    preview: () => Promise<Preview>,
  ): Promise<GateOutcome> {
    const claims = await this.opened("token", tool, args, principal, token);
    if ("refused" in claims) return claims.refused;
    return this.recheck(tool, claims.facts, preview, principal, args);
  }
}
