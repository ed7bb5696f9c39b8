/**
 * One verdict per tool from what the instance has of the operations it calls:
 * - *cannot*: a tool that writes has none of its writes here, or a read-only tool not the first read it
 *   declares (its purpose; the others add names and details);
 * - *degraded*: some of them are missing (a preview's read, one of several saves): the tool does what
 *   it can and says what it could not read;
 * - *works*: nothing it calls was found missing (writes the document cannot vouch for are not probed).
 * The instance's own OpenAPI document is no tool's need: without it the built-in paths are used.
 */
import type { Finding } from "./probe.js";

export type Verdict = "works" | "degraded" | "cannot";

export interface ToolVerdict {
  verdict: Verdict;
  /** The operations found missing, and those that could not be checked. */
  missing: Finding[];
  unchecked: Finding[];
  /** Writes neither the document nor the guide vouches for, left unprobed. */
  unprobed: Finding[];
}

const isWrite = (f: Finding) => f.endpoint.method !== "GET";

/** The controller a route belongs to: `/api/ScheduleMigration/cancel` → `schedulemigration`. */
const groupOf = (f: Finding) => (f.endpoint.path.split("/")[2] ?? "").toLowerCase();

/**
 * Writes are never probed; but a write whose controller answered none of the reads probed on it (all
 * missing, none there) is as good as missing: the instance has no such controller.
 */
export function inferAbsentGroups(all: readonly Finding[]): (findings: readonly Finding[]) => Finding[] {
  const seen = new Set(
    all.filter((f) => f.presence === "exists" || f.presence === "documented").map(groupOf),
  );
  const absent = new Set(
    all
      .filter((f) => f.presence === "missing")
      .map(groupOf)
      .filter((g) => !seen.has(g)),
  );
  return (findings) =>
    findings.map((f) =>
      f.presence === "unprobed" && absent.has(groupOf(f))
        ? { ...f, presence: "missing", detail: "no route of its controller answered" }
        : f,
    );
}

export function verdictOf(findings: readonly Finding[]): ToolVerdict {
  const relevant = findings.filter((f) => f.endpoint.operation !== "openApi");
  const missing = relevant.filter((f) => f.presence === "missing");
  const writes = relevant.filter(isWrite);
  // The operations that are the tool's purpose: its writes when it writes, else the read it names
  // first (the others add names and details).
  const purpose = writes.length > 0 ? writes : relevant.slice(0, 1);
  const verdict: Verdict =
    purpose.length > 0 && purpose.every((f) => f.presence === "missing")
      ? "cannot"
      : missing.length > 0
        ? "degraded"
        : "works";
  return {
    verdict,
    missing,
    unchecked: relevant.filter((f) => f.presence === "unknown"),
    unprobed: relevant.filter((f) => f.presence === "unprobed"),
  };
}
