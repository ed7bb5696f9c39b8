/**
 * The one table that turns an instance's failure codes and reason texts into causes an admin acts on.
 * Codes are matched exactly (case-insensitive), reasons by the words CloudM, Exchange, Microsoft Graph
 * and Google answer with; the first cause that matches wins, so the order below is deliberate
 * (a "mailbox is full" 403 is a quota, not a permission). Anything unrecognised stays `other`.
 */
export const FAILURE_CAUSES = [
  "quota",
  "throttling",
  "permission",
  "missingAccount",
  "tooLarge",
  "corrupt",
  "other",
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** Whether restarting helps: at once, only after the admin fixes something, or not at all. */
export type RestartAdvice = "restart" | "fixFirst" | "noRestart";

interface CauseRule {
  label: string;
  codes: readonly string[];
  reasons: readonly RegExp[];
  fix: string;
  restart: RestartAdvice;
}

const RULES: Record<Exclude<FailureCause, "other">, CauseRule> = {
  quota: {
    label: "quota or storage full",
    codes: [
      "QuotaExceeded",
      "ErrorQuotaExceeded",
      "MailboxFull",
      "StorageQuotaExceeded",
      "InsufficientStorage",
    ],
    reasons: [
      /quota/i,
      /mailbox is full/i,
      /storage (is )?full/i,
      /insufficient storage/i,
      /out of (storage|space)/i,
    ],
    fix: "Free space or raise the destination's quota (mailbox or Drive), then restart.",
    restart: "fixFirst",
  },
  throttling: {
    label: "throttling",
    codes: ["Throttled", "ErrorServerBusy", "TooManyRequests", "RateLimitExceeded", "userRateLimitExceeded"],
    reasons: [/throttl/i, /\b429\b/, /too many requests/i, /rate limit/i, /server is busy/i, /backoff/i],
    fix: "The service slowed the migration down; a restart usually gets through. Lower simultaneous migrations if it keeps happening.",
    restart: "restart",
  },
  permission: {
    label: "authentication or permission",
    codes: [
      "AccessDenied",
      "ErrorAccessDenied",
      "Unauthorized",
      "Forbidden",
      "InvalidGrant",
      "AuthenticationFailed",
    ],
    reasons: [
      /access (is )?denied/i,
      /\b40[13]\b/,
      /unauthori[sz]ed/i,
      /forbidden/i,
      /permission/i,
      /invalid_grant/i,
      /credentials/i,
      /authenticat/i,
      /not authori[sz]ed/i,
    ],
    fix: "Fix the connection's credentials or the account's permissions (impersonation, admin consent, domain-wide delegation), run test_connection, then restart.",
    restart: "fixFirst",
  },
  missingAccount: {
    label: "missing source or destination account",
    codes: [
      "UserNotFound",
      "ErrorNonExistentMailbox",
      "MailboxNotFound",
      "SourceUserNotFound",
      "DestinationUserNotFound",
    ],
    reasons: [
      /(user|mailbox|account) (does not|doesn't) exist/i,
      /(user|mailbox|account)( could not be| was not| not) found/i,
      /non-?existent mailbox/i,
      /no such (user|mailbox|account)/i,
    ],
    fix: "Create or license the account, or correct the item's ExportName/ImportName, then restart the user. CheckUsersOnly finds these before a run.",
    restart: "fixFirst",
  },
  tooLarge: {
    label: "item too large",
    codes: ["ItemTooLarge", "ErrorMessageSizeExceeded", "FileTooLarge", "RequestEntityTooLarge"],
    reasons: [
      /too large/i,
      /exceeds the maximum size/i,
      /size (limit )?exceeded/i,
      /\b413\b/,
      /maximum (file|message) size/i,
    ],
    fix: "The destination refuses items this large: move them by hand or leave them out; a restart will fail again.",
    restart: "noRestart",
  },
  corrupt: {
    label: "corrupt or unreadable item",
    codes: ["CorruptItem", "ErrorCorruptData", "CorruptData", "UnreadableItem"],
    reasons: [/corrupt/i, /unable to read/i, /could not be read/i, /unreadable/i, /malformed/i],
    fix: "The item cannot be read at the source: repair it there (or accept the loss); a restart will fail again.",
    restart: "noRestart",
  },
};

const OTHER: CauseRule = {
  label: "other",
  codes: [],
  reasons: [],
  fix: "Not a cause this server recognises: read the instance's reason; a restart gets through if it was transient.",
  restart: "restart",
};

export function describeCause(cause: FailureCause): Omit<CauseRule, "codes" | "reasons"> {
  const { label, fix, restart } = cause === "other" ? OTHER : RULES[cause];
  return { label, fix, restart };
}

/** Codes compared without case or separators: `invalid_grant` is `InvalidGrant`. */
const codeKey = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The cause of one failure, from its code first (exact), then its reason text. */
export function causeOf(failure: { code?: string; reason: string }): FailureCause {
  const code = failure.code === undefined ? undefined : codeKey(failure.code);
  const rules = Object.entries(RULES) as Array<[Exclude<FailureCause, "other">, CauseRule]>;
  if (code) for (const [cause, rule] of rules) if (rule.codes.some((c) => codeKey(c) === code)) return cause;
  for (const [cause, rule] of rules) if (rule.reasons.some((r) => r.test(failure.reason))) return cause;
  return "other";
}
