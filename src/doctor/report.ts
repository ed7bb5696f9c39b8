/**
 * The doctor's report: one line per check (and an indented fix under a failure or a warning), written
 * as each group of checks completes, then a verdict. Every line goes through the secret mask.
 */
import { plural } from "../views/counts.js";
import type { Check, CheckStatus } from "./check.js";

const LABELS: Record<CheckStatus, string> = { ok: "ok", fail: "FAIL", warn: "WARN", note: "note" };
const INDENT = " ".repeat(6);

/**
 * Shorter values are not masked: a one-character "secret" would blank that character everywhere, and
 * no real password, token or key is that short.
 */
const MIN_MASKED_LENGTH = 4;

export class Report {
  private readonly secrets: readonly string[];
  private failed = 0;
  private passed = 0;
  private warned = 0;

  /**
   * @param secrets every credential this run knows: upstream error messages are redacted by pattern,
   *   and this catches whatever a pattern cannot recognise (a password echoed in plain words).
   */
  constructor(
    private readonly write: (text: string) => void,
    secrets: ReadonlyArray<string | undefined>,
  ) {
    this.secrets = secrets.filter((s): s is string => s !== undefined && s.length >= MIN_MASKED_LENGTH);
  }

  line(text: string): void {
    const masked = this.secrets.reduce((out, secret) => out.replaceAll(secret, "[redacted]"), text);
    this.write(`${masked}\n`);
  }

  add(checks: readonly Check[]): void {
    for (const check of checks) {
      if (check.status === "fail") this.failed++;
      if (check.status === "ok") this.passed++;
      if (check.status === "warn") this.warned++;
      this.line(`${LABELS[check.status].padEnd(INDENT.length)}${check.subject}: ${check.message}`);
      if (check.fix) this.line(`${INDENT}fix: ${check.fix}`);
    }
  }

  /** Writes the verdict; returns the exit code: 0 when nothing failed (warnings included), 1 otherwise. */
  finish(): number {
    const warnings = this.warned === 0 ? "" : `, with ${plural(this.warned, "warning")}`;
    this.line(
      this.failed === 0
        ? `All ${this.passed} checks passed${warnings}.`
        : `${plural(this.failed, "check")} failed: fix ${this.failed === 1 ? "it" : "them"} and run 'migrate-mcp doctor' again.`,
    );
    return this.failed === 0 ? 0 : 1;
  }
}
