/**
 * What a pre-flight says: one line per check, each with what it found and what to do, and one verdict.
 * Shared by the checks, the pre-flight that gathers them and the views that show them.
 */
import { type Optional } from "../api/cloudm/client.js";
import { ApiError, RouteMissingError } from "../api/errors.js";

export const CHECK_STATUSES = ["ok", "warning", "blocked", "unknown", "not applicable"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const VERDICTS = ["ready", "ready with warnings", "blocked"] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Check {
  check: string;
  status: CheckStatus;
  /** What it found, in words, upstream strings quoted. */
  found: string;
  /** What to do about it, when something is to be done. */
  action?: string;
  /** The figures behind it, as the instance gave them. */
  figures?: Record<string, unknown>;
}

export interface Preflight {
  configurationId: string;
  batchName?: string;
  verdict: Verdict;
  checks: Check[];
  checkedAt: string;
}

/**
 * The estimate informs; it cannot stop or spoil a run, so a project with nothing measured yet is not
 * held back from "ready" by it.
 */
export const INFORMATIONAL_CHECKS: ReadonlySet<string> = new Set(["estimate"]);

/** Blocked if any check is; ready only when every check that weighs is ok or not applicable. */
export function verdictOf(checks: readonly Check[]): Verdict {
  const weighed = checks.filter((c) => !INFORMATIONAL_CHECKS.has(c.check));
  if (weighed.some((c) => c.status === "blocked")) return "blocked";
  return weighed.every((c) => c.status === "ok" || c.status === "not applicable")
    ? "ready"
    : "ready with warnings";
}

/** The worst of several statuses: blocked, then unknown, then warning, then ok. */
export function worstOf(statuses: readonly CheckStatus[]): CheckStatus {
  for (const status of ["blocked", "unknown", "warning", "ok"] as const)
    if (statuses.includes(status)) return status;
  return "not applicable";
}

/**
 * A read one check depends on: its value, or why the instance did not give it. Any refusal or failure
 * of the instance becomes that check's "unknown", with the instance's words; the others go on.
 */
export async function attempt<T>(read: Promise<T>): Promise<Optional<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, reason: error.message, routeMissing: error instanceof RouteMissingError };
  }
}

/** A list of names for a sentence: the first few, and how many more. */
export function someOf(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
