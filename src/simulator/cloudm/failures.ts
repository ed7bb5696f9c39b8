/**
 * Why a run fails a user or an item, in the words the system that refused would use: a Microsoft
 * source answers in Exchange Web Services' codes, a Google destination in Google's API errors, any
 * other platform in CloudM's own wording. Which user fails for which lasting reason follows from the
 * seed and the user's names, so a retry meets the same refusal; passing refusals (a busy server, a
 * dropped connection) are drawn per attempt and clear on a retry.
 */
import type { PlatformKey } from "../../guide/platforms.js";
import { between, derivedRandom, pick } from "../random.js";
import type { FailureCause, FailureSide, RecordedFailure, SimItem, Work } from "./model.js";
import type { DataType } from "./wire/statistics.js";

type Dialect = "microsoft" | "google" | "generic";
interface Wording {
  code: string;
  reason: string;
}
/** The words per dialect; generic is also what a dialect without its own words says. */
type Words = { generic: readonly Wording[] } & Partial<
  Record<Exclude<Dialect, "generic">, readonly Wording[]>
>;

interface Kind {
  cause: FailureCause;
  /** The side that refuses; `either` draws one per failure. */
  side: FailureSide | "either";
  transient: boolean;
  words: Words;
}
interface ItemKind extends Kind {
  types: readonly DataType[];
  /** What the failure says of the item, when not just its name (itemName). */
  details?: (random: () => number) => string;
}

export interface BatchPlatforms {
  source: PlatformKey | undefined;
  destination: PlatformKey | undefined;
}

const DIALECTS: Partial<Record<PlatformKey, Dialect>> = {
  Microsoft365: "microsoft",
  Microsoft365OnlineArchive: "microsoft",
  Exchange: "microsoft",
  HostedMicrosoftExchange: "microsoft",
  SharePoint: "microsoft",
  GoogleWorkspace: "google",
  GoogleVault: "google",
  GoogleTakeout: "google",
};

const one = (code: string, reason: string): readonly Wording[] => [{ code, reason }];

const THROTTLED: Words = {
  generic: one("TooManyRequests", "The server is busy (429 Too Many Requests): the request was throttled"),
  // Exchange Web Services' code, or Microsoft Graph's status.
  microsoft: [
    { code: "ErrorServerBusy", reason: "The server cannot service this request right now. Try again later." },
    {
      code: "TooManyRequests",
      reason: "The server is busy (429 Too Many Requests): the request was throttled",
    },
  ],
  google: one("userRateLimitExceeded", "User rate limit exceeded"),
};

// ---------------------------------------------------------------- user-level

const SOURCE_MISSING: Kind = {
  cause: "missingAccount",
  side: "source",
  transient: false,
  words: {
    generic: one("MailboxNotFound", "The specified mailbox could not be found"),
    microsoft: one("ErrorNonExistentMailbox", "The specified mailbox could not be found"),
    google: one("notFound", "Resource Not Found: userKey"),
  },
};
const DESTINATION_MISSING: Kind = {
  cause: "missingAccount",
  side: "destination",
  transient: false,
  words: { generic: one("UserNotFound", "The destination user does not exist") },
};
const ACCESS_DENIED: Kind = {
  cause: "permission",
  side: "either",
  transient: false,
  words: {
    generic: one("Forbidden", "403 Forbidden: insufficient permissions"),
    microsoft: one("ErrorAccessDenied", "Access is denied. Check credentials and try again."),
    google: [
      { code: "invalid_grant", reason: "invalid_grant: Not a valid email or user ID." },
      { code: "insufficientPermissions", reason: "403 Forbidden: insufficient permissions" },
    ],
  },
};
const CONNECTION_FAILED: Kind = {
  cause: "other",
  side: "source",
  transient: true,
  words: { generic: one("ConnectionFailed", "Unable to connect to the remote server") },
};
const USER_THROTTLED: Kind = { cause: "throttling", side: "either", transient: true, words: THROTTLED };

// ---------------------------------------------------------------- what is said about the item

const SUBJECTS = [
  "Q3 forecast review",
  "Re: Contract renewal - final draft",
  "Board pack (confidential)",
  "Fwd: Site photos",
  "Expenses March",
  "Welcome to the team!",
  "Re: Re: Pricing for the Northwind account",
  "Scanned document",
];
const EVENTS = ["Weekly sales sync", "1:1", "Quarterly business review", "Offsite planning", "Dentist"];
const FILES = [
  "Budget 2024.xlsx",
  "Brand assets/launch-video.mp4",
  "Contracts/MSA signed.pdf",
  "Team photos.zip",
  "Customer list (old).csv",
  "Board deck v7 FINAL.pptx",
  "Backups/laptop-image.vhdx",
];
const PEOPLE = ["Ana Souza", "Ben Okoro", "Chris Lind", "Dana Wu", "Eli Brandt"];

/** How CloudM names an item in a failure: the message subject, the event title, the file path. */
function itemName(random: () => number, type: DataType): string {
  switch (type) {
    case "email":
      return `Message '${pick(random, SUBJECTS)}'`;
    case "appointment":
      return `Calendar item '${pick(random, EVENTS)}'`;
    case "contact":
      return `Contact '${pick(random, PEOPLE)}'`;
    case "document":
      return `File '${pick(random, FILES)}'`;
    default:
      return `${type} #${between(random, 1, 9_999)}`;
  }
}

// ---------------------------------------------------------------- item-level

const MAIL_SIDE: readonly DataType[] = ["email", "appointment", "contact", "task", "note"];

const ITEM_KINDS: readonly ItemKind[] = [
  {
    cause: "quota",
    side: "destination",
    transient: false,
    types: MAIL_SIDE,
    words: {
      generic: one("QuotaExceeded", "Quota exceeded: the destination mailbox is full"),
      microsoft: one("ErrorQuotaExceeded", "Quota exceeded: the destination mailbox is full"),
      google: one("storageQuotaExceeded", "The user's Google storage quota has been exceeded"),
    },
  },
  {
    cause: "quota",
    side: "destination",
    transient: false,
    types: ["document"],
    words: {
      generic: one("QuotaExceeded", "Quota exceeded: the destination drive is full"),
      microsoft: one(
        "quotaLimitReached",
        "Insufficient space available: the OneDrive storage quota is exceeded",
      ),
      google: one("quotaExceeded", "The user has exceeded their Drive storage quota"),
    },
  },
  {
    cause: "throttling",
    side: "either",
    transient: true,
    types: [...MAIL_SIDE, "document"],
    words: THROTTLED,
  },
  {
    cause: "tooLarge",
    side: "destination",
    transient: false,
    types: ["email"],
    details: (random) => `${itemName(random, "email")} (${between(random, 151, 480)} MB)`,
    words: {
      generic: one("ItemTooLarge", "The item exceeds the maximum size allowed by the destination (150 MB)"),
      microsoft: one(
        "ErrorMessageSizeExceeded",
        "The item exceeds the maximum size allowed by the destination (150 MB)",
      ),
      google: one("messageTooLarge", "Message too large: it exceeds the maximum size Gmail accepts"),
    },
  },
  {
    cause: "tooLarge",
    side: "destination",
    transient: false,
    types: ["document"],
    words: {
      generic: one("FileTooLarge", "File too large"),
      microsoft: one("fileTooLarge", "The file exceeds the maximum size allowed by the destination (250 GB)"),
      google: one("fileTooLarge", "File too large"),
    },
  },
  {
    cause: "corrupt",
    side: "source",
    transient: false,
    types: ["email", "appointment", "document"],
    words: {
      generic: one("CorruptItem", "The item is corrupt and could not be read"),
      microsoft: one("ErrorCorruptData", "The item is corrupt and could not be read"),
      google: one("cannotDownloadFile", "This file cannot be downloaded: it is corrupt or unreadable"),
    },
  },
  {
    cause: "corrupt",
    side: "source",
    transient: false,
    types: ["email"],
    details: (random) => `Attachment '${pick(random, FILES)}' of ${itemName(random, "email")}`,
    words: {
      generic: one("AttachmentReadFailed", "Unable to read the attachment"),
      microsoft: one("ErrorCannotOpenFileAttachment", "Unable to read the attachment"),
    },
  },
  {
    cause: "other",
    side: "destination",
    transient: true,
    types: ["email"],
    words: { generic: one("MessageHashMismatch", "Message hash mismatch") },
  },
  {
    cause: "other",
    side: "destination",
    transient: true,
    types: ["appointment", "document"],
    words: { generic: one("BadRequest", "400 Bad Request") },
  },
  {
    cause: "other",
    side: "destination",
    transient: false,
    types: ["contact"],
    details: (random) => {
      const person = pick(random, PEOPLE);
      return `Contact '${person}' <${person.toLowerCase().replace(" ", ".")}@@example>`;
    },
    words: { generic: one("InvalidEmail", "Invalid email address on contact") },
  },
];

// ---------------------------------------------------------------- choosing

function dialectOf(platform: PlatformKey | undefined): Dialect {
  return (platform && DIALECTS[platform]) ?? "generic";
}

/** A failure of `kind`, worded by the platform of the side that refused; `details` names what failed. */
function record(
  random: () => number,
  kind: Kind,
  platforms: BatchPlatforms,
  type: "User" | DataType,
  details: (side: FailureSide) => string,
): RecordedFailure {
  const side: FailureSide = kind.side === "either" ? (random() < 0.5 ? "source" : "destination") : kind.side;
  const dialect = dialectOf(side === "source" ? platforms.source : platforms.destination);
  const words = dialect === "generic" ? kind.words.generic : (kind.words[dialect] ?? kind.words.generic);
  const { code, reason } = pick(random, words);
  return {
    failure: { type, code, reason, details: details(side) },
    transient: kind.transient,
    cause: kind.cause,
    side,
  };
}

/** Share of users whose source mailbox, destination account or access is missing, each. */
const SOURCE_MISSING_SHARE = 0.02;
const DESTINATION_MISSING_SHARE = 0.04;
const ACCESS_DENIED_SHARE = 0.02;

/** A user-level failure that is a property of the user, so it recurs on every retry until fixed. */
export function lastingUserFailure(
  seed: number,
  item: SimItem,
  platforms: BatchPlatforms,
): RecordedFailure | undefined {
  const source = item.exportName.toLowerCase();
  const destination = item.importName.toLowerCase();
  const account = (side: FailureSide) => (side === "source" ? item.exportName : item.importName);
  if (item.exportType === 0 && !destination.includes("@")) {
    return {
      failure: {
        type: "User",
        code: "InvalidEmail",
        reason: "Invalid email address",
        details: item.importName,
      },
      transient: false,
      cause: "other",
      side: "destination",
    };
  }
  // One stream per question, so whether a user has a mailbox does not hang on the other answers.
  const absentSource = derivedRandom(seed, "absent-source", source);
  if (absentSource() < SOURCE_MISSING_SHARE)
    return record(absentSource, SOURCE_MISSING, platforms, "User", account);
  const absent = derivedRandom(seed, "absent", destination);
  if (absent() < DESTINATION_MISSING_SHARE)
    return record(absent, DESTINATION_MISSING, platforms, "User", account);
  const denied = derivedRandom(seed, "denied", source, destination);
  if (denied() < ACCESS_DENIED_SHARE) return record(denied, ACCESS_DENIED, platforms, "User", account);
  return undefined;
}

/** A user-level failure that a retry gets past: a dropped connection, or a throttled account. */
export function passingUserFailure(
  random: () => number,
  item: SimItem,
  platforms: BatchPlatforms,
): RecordedFailure {
  return random() < 0.6
    ? record(random, CONNECTION_FAILED, platforms, "User", () => "The operation has timed out")
    : record(random, USER_THROTTLED, platforms, "User", (side) =>
        side === "source" ? item.exportName : item.importName,
      );
}

/** `count` item failures among the data types the pass moves, never more of a type than it moves. */
export function itemFailures(
  random: () => number,
  work: Work,
  platforms: BatchPlatforms,
  count: number,
): RecordedFailure[] {
  const failures: RecordedFailure[] = [];
  const left = (type: DataType) =>
    (work[type]?.count ?? 0) - failures.filter((f) => f.failure.type === type).length;
  for (let i = 0; i < count; i++) {
    const kinds = ITEM_KINDS.filter((k) => k.types.some((t) => left(t) > 0));
    if (kinds.length === 0) break;
    const kind = pick(random, kinds);
    const type = pick(
      random,
      kind.types.filter((t) => left(t) > 0),
    );
    const details = kind.details?.(random) ?? itemName(random, type);
    failures.push(record(random, kind, platforms, type, () => details));
  }
  return failures;
}
