/**
 * A pre-flight in words: the verdict first, then one line per check (preflight_batch), and the part of
 * it a human must see before confirming a start (start_migration's preview).
 */
import { plural } from "./counts.js";
import { quoted } from "../api/quoted.js";
import { type Check, INFORMATIONAL_CHECKS, type Preflight } from "../insight/preflight-model.js";

const VERDICT_WORDS: Record<Preflight["verdict"], string> = {
  ready: "READY",
  "ready with warnings": "READY WITH WARNINGS",
  blocked: "BLOCKED",
};

/** "licences: BLOCKED — needs 30 new user licences, … Do: buy 20 more …" */
export function checkLine(c: Check): string {
  const name = INFORMATIONAL_CHECKS.has(c.check) ? `${c.check} (informational)` : c.check;
  const status = c.status === "blocked" ? "BLOCKED" : c.status;
  return `${name}: ${status} — ${c.found}${c.action ? ` Do: ${c.action}` : ""}`;
}

const counted = (p: Preflight, status: Check["status"]) =>
  p.checks.filter((c) => c.status === status && !INFORMATIONAL_CHECKS.has(c.check)).length;

/** "BLOCKED (1 blocked, 2 warnings, 1 unknown)" */
export function verdictWords(p: Preflight): string {
  const blocked = counted(p, "blocked");
  const warnings = counted(p, "warning");
  const unknown = counted(p, "unknown");
  const parts = [
    ...(blocked > 0 ? [`${blocked} blocked`] : []),
    ...(warnings > 0 ? [plural(warnings, "warning")] : []),
    ...(unknown > 0 ? [`${unknown} unknown`] : []),
  ];
  return `${VERDICT_WORDS[p.verdict]}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

export function preflightText(p: Preflight): string {
  const batch = p.batchName ? `batch ${quoted(p.batchName)}` : `batch ${p.configurationId}`;
  return [`Pre-flight of ${batch}: ${verdictWords(p)}.`, ...p.checks.map((c) => `- ${checkLine(c)}`)].join(
    "\n",
  );
}

/** The longest a check's finding runs in a preview's one-line summary; the details carry it whole. */
const SUMMARY_FINDING_CHARS = 140;

const short = (text: string) =>
  text.length > SUMMARY_FINDING_CHARS ? `${text.slice(0, SUMMARY_FINDING_CHARS - 1)}…` : text;

/** For a preview's summary: " — pre-flight BLOCKED by licences (needs 30 …)", or the verdict alone. */
export function preflightSummary(p: Preflight): string {
  const blocked = p.checks.filter((c) => c.status === "blocked");
  if (blocked.length === 0) return ` — pre-flight ${verdictWords(p)}`;
  return ` — pre-flight BLOCKED by ${blocked.map((c) => `${c.check} (${short(c.found)})`).join("; ")}`;
}

/** For a preview's details: the verdict and when, and every line that is not ok. */
export function preflightDetails(p: Preflight, reused: boolean): Record<string, unknown> {
  const lines = (statuses: ReadonlyArray<Check["status"]>) =>
    p.checks.filter((c) => statuses.includes(c.status) && !INFORMATIONAL_CHECKS.has(c.check)).map(checkLine);
  const blocked = lines(["blocked"]);
  const warnings = lines(["warning", "unknown"]);
  return {
    preflight: `${verdictWords(p)}, checked ${p.checkedAt}${reused ? " (a recent pre-flight; preflight_batch checks again)" : ""}`,
    ...(blocked.length > 0 ? { preflightBlocked: blocked } : {}),
    ...(warnings.length > 0 ? { preflightWarnings: warnings } : {}),
  };
}
