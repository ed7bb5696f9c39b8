/**
 * The doctor's report: one line per check (and an indented fix under a failure), written as each
 * group of checks completes, then a verdict. Every line goes through the secret mask.
 */
import type { Check, CheckStatus } from "./check.js";

const LABELS: Record<CheckStatus, string> = { ok: "ok", fail: "FAIL", note: "note" };
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
      this.line(`${LABELS[check.status].padEnd(INDENT.length)}${check.subject}: ${check.message}`);
      if (check.fix) this.line(`${INDENT}fix: ${check.fix}`);
    }
  }

  /** Writes the verdict; returns the exit code: 0 when nothing failed, 1 otherwise. */
  finish(): number {
    this.line(
      this.failed === 0
        ? `All ${this.passed} checks passed.`
        : `${this.failed} check${this.failed === 1 ? "" : "s"} failed: fix ${this.failed === 1 ? "it" : "them"} and run 'migrate-mcp doctor' again.`,
    );
    return this.failed === 0 ? 0 : 1;
  }
}
