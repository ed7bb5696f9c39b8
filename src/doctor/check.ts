/** One finding of `migrate-mcp doctor`: a line of its report and, for a failure, what to change. */

export type CheckStatus = "ok" | "fail" | "warn" | "note";

export interface Check {
  status: CheckStatus;
  /** What was checked, as the report names it: "Configuration", "CloudM", "MigrateClouds", "Tools". */
  subject: string;
  message: string;
  /** For a failure or a warning: the setting to change or the step to take. */
  fix?: string;
}

export const ok = (subject: string, message: string): Check => ({ status: "ok", subject, message });

/** Worth knowing, and neither a pass nor a failure (a check that could not run, a mode in effect). */
export const note = (subject: string, message: string): Check => ({ status: "note", subject, message });

/** Something will not work as well as it could, and the server still runs: does not fail the doctor. */
export const warn = (subject: string, message: string, fix: string): Check => ({
  status: "warn",
  subject,
  message,
  fix,
});

export const fail = (subject: string, message: string, fix?: string): Check => ({
  status: "fail",
  subject,
  message,
  ...(fix === undefined ? {} : { fix }),
});
