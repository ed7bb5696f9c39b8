/**
 * Licences, notifications and the migration server fleet, however the instance shapes them: CloudM's
 * own `LicenseInfoModel`, `GetNotificationsResult` and `RemoteConnectionModel` first, then the names
 * the full simulator answers with. Their states and types are named through the vocabulary: a value
 * it cannot name is kept as reported and left unnamed, never mapped to a default.
 */
import type { Vocabulary } from "../vocabulary.js";
import { fromBlocks, readNamed } from "./read-group.js";
import {
  field,
  isListShaped,
  isObject,
  readBoolean,
  readId,
  readIntegerId,
  readList,
  readNumber,
  readString,
} from "./read-values.js";

// ---------------------------------------------------------------- licences

export interface LicencePlatformRecord {
  source: string | undefined;
  destination: string | undefined;
  expiresOn: string | undefined;
  isExpired: boolean | undefined;
  /** One of CloudM's licence kinds, or undefined when not given or not understood. */
  licenseType: string | undefined;
  licenseTypeReported: string | undefined;
}

export interface LicenceRecord {
  /** One of CloudM's licence states, or undefined when not given or not understood. */
  state: string | undefined;
  stateReported: string | undefined;
  message: string | undefined;
  trial: boolean | undefined;
  total: number | undefined;
  used: number | undefined;
  available: number | undefined;
  usedByProject: number | undefined;
  expiresOn: string | undefined;
  destinationDomain: string | undefined;
  destinationPlatform: string | undefined;
  /** CloudM's per platform pair licences (`data.platforms`), when the instance lists them. */
  platforms: LicencePlatformRecord[];
}

/** The licence at the root, or CloudM's `{ state, licenseMessage, trial, data: { usedCount, maxCount … } }`. */
export function readLicence(raw: unknown, vocabulary: Vocabulary): LicenceRecord {
  const blocks = [raw, field(raw, ["data", "licenseData", "licence", "license"])].filter(isObject);
  const number = (names: readonly string[]) => fromBlocks(blocks, names, readNumber);
  const text = (names: readonly string[]) => fromBlocks(blocks, names, readString);
  const total = number(["total", "maxCount", "licenceCount", "licenseCount", "totalLicences"]);
  const used = number(["used", "usedCount", "usedLicences", "usedLicenses"]);
  const state = readNamed(
    vocabulary,
    "licenceState",
    field(raw, ["state", "licenseState", "licenceState", "status"]),
  );
  const platforms = field(blocks[1] ?? raw, ["platforms", "licences", "licenses"]);
  return {
    state: state.name,
    stateReported: state.reported,
    message: text(["licenseMessage", "licenceMessage", "message"]),
    trial: fromBlocks(blocks, ["trial", "isTrial"], readBoolean),
    total,
    used,
    // What is left follows from the two figures when the instance gives those and not this.
    available:
      number(["available", "availableCount", "remaining"]) ??
      (total !== undefined && used !== undefined ? total - used : undefined),
    usedByProject: number(["usedByProject", "projectUsedCount"]),
    expiresOn: text(["expiresOn", "expiryDate", "expirationDate", "expires"]),
    destinationDomain: text(["destinationDomain", "domain"]),
    destinationPlatform: text(["destinationPlatform", "platform"]),
    platforms: (Array.isArray(platforms) ? platforms : []).filter(isObject).map((p) => {
      const type = readNamed(vocabulary, "licenceType", field(p, ["licenseType", "licenceType", "type"]));
      return {
        source: readString(field(p, ["source", "sourcePlatform"])),
        destination: readString(field(p, ["destination", "destinationPlatform"])),
        expiresOn: readString(field(p, ["expiredDate", "expiresOn", "expiryDate"])),
        isExpired: readBoolean(field(p, ["isExpired", "expired"])),
        licenseType: type.name,
        licenseTypeReported: type.reported,
      };
    }),
  };
}

// ---------------------------------------------------------------- notifications

export interface NotificationRecord {
  /** An integer, as marking read by id takes. */
  id: number | undefined;
  date: string | undefined;
  title: string | undefined;
  type: string | undefined;
  typeReported: string | undefined;
  message: string | undefined;
  configurationId: string | undefined;
  projectId: string | undefined;
  isRead: boolean | undefined;
}

function readNotification(raw: unknown, vocabulary: Vocabulary): NotificationRecord | undefined {
  if (!isObject(raw)) return undefined;
  const type = readNamed(vocabulary, "notificationType", field(raw, ["type", "notificationType", "level"]));
  return {
    id: readIntegerId(field(raw, ["id", "notificationId"])),
    date: readString(field(raw, ["date", "createdOn", "dateTime", "timestamp"])),
    title: readString(field(raw, ["title", "subject"])),
    type: type.name,
    typeReported: type.reported,
    message: readString(field(raw, ["message", "text", "body"])),
    configurationId: readId(field(raw, ["configurationId"])),
    projectId: readId(field(raw, ["projectId"])),
    isRead: readBoolean(field(raw, ["isRead", "read", "seen", "isSeen"])),
  };
}

export interface NotificationPageRecord {
  items: NotificationRecord[];
  total: number | undefined;
  totalPages: number | undefined;
  unreadCount: number | undefined;
}

const UNREAD_FIELDS = ["unreadCount", "unreadNotificationsCount", "totalUnreadCount", "unread"];

/** A page of notifications, CloudM's `GetNotificationsResult` included; undefined when it holds no list. */
export function readNotificationPage(
  raw: unknown,
  vocabulary: Vocabulary,
): NotificationPageRecord | undefined {
  const names = ["notifications"];
  if (!isListShaped(raw, names)) return undefined;
  const list = readList(raw, names);
  return {
    items: list.items
      .map((n) => readNotification(n, vocabulary))
      .filter((n): n is NotificationRecord => n !== undefined),
    total: readNumber(field(raw, ["totalNotificationsCount"])) ?? list.total,
    totalPages: list.totalPages,
    unreadCount: readNumber(field(raw, UNREAD_FIELDS)),
  };
}

export interface MarkedReadRecord {
  updated: number | undefined;
  unreadCount: number | undefined;
}

/** What marking read answered; undefined when it said neither figure. */
export function readMarkedRead(raw: unknown): MarkedReadRecord | undefined {
  const updated = readNumber(field(raw, ["updated", "updatedCount", "markedCount", "count", "affected"]));
  const unreadCount = readNumber(field(raw, UNREAD_FIELDS));
  return updated === undefined && unreadCount === undefined ? undefined : { updated, unreadCount };
}

// ---------------------------------------------------------------- migration service fleet

export interface MigrationServerRecord {
  machineName: string;
  /** One of CloudM's server statuses, or undefined when not given or not understood. */
  status: string | undefined;
  statusReported: string | undefined;
  version: string | undefined;
  /** A .NET TimeSpan as sent (`d.hh:mm:ss`), or seconds as `123s`. */
  uptime: string | undefined;
  numberOfRunningTasks: number | undefined;
  acceptingTasks: boolean | undefined;
  lastMigrationStartTimeUtc: string | undefined;
}

export function readServer(raw: unknown, vocabulary: Vocabulary): MigrationServerRecord | undefined {
  const machineName = readString(field(raw, ["machineName", "serverName", "hostName", "name"]));
  if (machineName === undefined) return undefined;
  const status = readNamed(vocabulary, "serverStatus", field(raw, ["status", "serverStatus", "state"]));
  const uptime = field(raw, ["uptime", "upTime"]);
  return {
    machineName,
    status: status.name,
    statusReported: status.reported,
    version: readString(field(raw, ["version", "serviceVersion"])),
    uptime: typeof uptime === "number" ? `${uptime}s` : readString(uptime),
    numberOfRunningTasks: readNumber(
      field(raw, ["numberOfRunningTasks", "runningTasks", "runningTaskCount"]),
    ),
    acceptingTasks: readBoolean(field(raw, ["acceptingTasks", "isAcceptingTasks"])),
    lastMigrationStartTimeUtc: readString(
      field(raw, ["lastMigrationStartTimeUtc", "lastMigrationStartTime"]),
    ),
  };
}

/** Every server a list answer holds; undefined when it holds no list at all. */
export function readServers(raw: unknown, vocabulary: Vocabulary): MigrationServerRecord[] | undefined {
  const names = ["servers", "machines", "remoteConnections"];
  if (!isListShaped(raw, names)) return undefined;
  return readList(raw, names)
    .items.map((s) => readServer(s, vocabulary))
    .filter((s): s is MigrationServerRecord => s !== undefined);
}
