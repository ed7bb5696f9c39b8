/**
 * What a refusal says, in the words of the system that refused: a Microsoft source answers in Exchange
 * Web Services' codes, a Google destination in Google's API errors, any other platform in CloudM's own
 * wording. Each kind of failure states its cause, which side refuses and whether a retry clears it;
 * failures.ts decides who meets which.
 */
import type { PlatformKey } from "../../guide/platforms.js";
import { between, pick } from "../random.js";
import type { FailureCause, FailureSide } from "./model.js";
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

export interface Kind {
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

export const SOURCE_MISSING: Kind = {
  cause: "missingAccount",
  side: "source",
  transient: false,
  words: {
    generic: one("MailboxNotFound", "The specified mailbox could not be found"),
    microsoft: one("ErrorNonExistentMailbox", "The specified mailbox could not be found"),
    google: one("notFound", "Resource Not Found: userKey"),
  },
};
export const DESTINATION_MISSING: Kind = {
  cause: "missingAccount",
  side: "destination",
  transient: false,
  words: { generic: one("UserNotFound", "The destination user does not exist") },
};
export const ACCESS_DENIED: Kind = {
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
export const CONNECTION_FAILED: Kind = {
  cause: "other",
  side: "source",
  transient: true,
  words: { generic: one("ConnectionFailed", "Unable to connect to the remote server") },
};
export const USER_THROTTLED: Kind = {
  cause: "throttling",
  side: "either",
  transient: true,
  words: THROTTLED,
};

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
export function itemName(random: () => number, type: DataType): string {
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

export const ITEM_KINDS: readonly ItemKind[] = [
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

// ---------------------------------------------------------------- choosing the words

function dialectOf(platform: PlatformKey | undefined): Dialect {
  return (platform && DIALECTS[platform]) ?? "generic";
}

/** The words a failure of `kind` may say when the refusing side runs on `platform`. */
export function wordsFor(kind: Kind, platform: PlatformKey | undefined): readonly Wording[] {
  const dialect = dialectOf(platform);
  return dialect === "generic" ? kind.words.generic : (kind.words[dialect] ?? kind.words.generic);
}
