/**
 * schemas/read-service.ts over CloudM's LicenseInfoModel, GetNotificationsResult and
 * RemoteConnectionModel: integer enums named only from the instance's document, figures never made up.
 */
import { describe, expect, it } from "vitest";
import {
  readLicence,
  readMarkedRead,
  readNotificationPage,
  readServer,
  readServers,
} from "../../src/api/cloudm/schemas/index.js";
import { buildVocabulary, DEFAULT_VOCABULARY, ENUM_NAMES } from "../../src/api/cloudm/vocabulary.js";

const declared = (...names: string[]) => new Map(names.map((name, value) => [value, name]));
/** An instance whose OpenAPI document names its integer enums (x-enumNames). */
const named = buildVocabulary({
  declaredEnums: [
    declared(...ENUM_NAMES.licenceState),
    declared(...ENUM_NAMES.notificationType),
    declared(...ENUM_NAMES.serverStatus),
  ],
});

describe("readLicence", () => {
  const licenseInfoModel = {
    state: 1,
    licenseMessage: "The licence expired on 2026-01-01",
    trial: false,
    data: {
      domain: "fabrikam.example",
      usedCount: 30,
      maxCount: 40,
      platforms: [
        {
          source: "Office",
          destination: "GoogleApps",
          expiredDate: "2026-01-01T00:00:00Z",
          isExpired: true,
          licenseType: "User",
        },
      ],
    },
  };

  it("reads CloudM's LicenseInfoModel, its integer state named from the document", () => {
    expect(readLicence(licenseInfoModel, named)).toEqual({
      state: "Expired",
      stateReported: undefined,
      message: "The licence expired on 2026-01-01",
      trial: false,
      total: 40,
      used: 30,
      available: 10,
      usedByProject: undefined,
      expiresOn: undefined,
      destinationDomain: "fabrikam.example",
      destinationPlatform: undefined,
      platforms: [
        {
          source: "Office",
          destination: "GoogleApps",
          expiresOn: "2026-01-01T00:00:00Z",
          isExpired: true,
          licenseType: "User",
          licenseTypeReported: undefined,
        },
      ],
    });
  });

  it("names an integer licence type from the document, and otherwise keeps it only as reported", () => {
    const raw = { state: 0, data: { platforms: [{ source: "Office", licenseType: 1 }] } };
    const documented = buildVocabulary({ declaredEnums: [declared(...ENUM_NAMES.licenceType)] });
    expect(readLicence(raw, documented).platforms[0]).toMatchObject({
      licenseType: "SharedDrive",
      licenseTypeReported: undefined,
    });
    expect(readLicence(raw, DEFAULT_VOCABULARY).platforms[0]).toMatchObject({
      licenseType: undefined,
      licenseTypeReported: "1",
    });
  });

  it("keeps an integer state no document names as not understood, never as Valid", () => {
    expect(readLicence(licenseInfoModel, DEFAULT_VOCABULARY)).toMatchObject({
      state: undefined,
      stateReported: "1",
    });
    expect(readLicence({ state: "Suspended" }, named)).toMatchObject({
      state: undefined,
      stateReported: "Suspended",
    });
    expect(readLicence({ state: "invaliddomain" }, named).state).toBe("InvalidDomain");
  });

  it("reads the full profile's flat licence, and leaves figures not given undefined, not 0", () => {
    expect(
      readLicence(
        { projectId: "p", state: "Valid", total: 500, used: 0, available: 500, usedByProject: 0 },
        named,
      ),
    ).toMatchObject({ state: "Valid", total: 500, used: 0, available: 500, usedByProject: 0 });
    expect(readLicence({ state: "Valid" }, named)).toMatchObject({
      total: undefined,
      used: undefined,
      available: undefined,
      platforms: [],
    });
  });
});

describe("readNotificationPage", () => {
  const notification = {
    id: 5,
    date: "2026-05-06T10:00:00Z",
    title: "Migration completed",
    type: 3,
    message: "2 users failed",
    configurationId: "c",
    projectId: "p",
  };

  it("reads CloudM's GetNotificationsResult, its total and integer types", () => {
    const page = readNotificationPage(
      { notifications: [notification], totalFailedUsersCount: 2, totalNotificationsCount: 9 },
      named,
    );
    expect(page).toMatchObject({ total: 9, unreadCount: undefined });
    expect(page?.items).toEqual([
      { ...notification, type: "Warning", typeReported: undefined, isRead: undefined },
    ]);
    expect(
      readNotificationPage({ notifications: [notification] }, DEFAULT_VOCABULARY)?.items[0],
    ).toMatchObject({
      type: undefined,
      typeReported: "3",
    });
  });

  it("pages as items/totalCount and DataTables, with the unread count when given", () => {
    expect(
      readNotificationPage({ items: [notification], totalCount: 1, unreadCount: 1 }, named),
    ).toMatchObject({ total: 1, unreadCount: 1 });
    expect(readNotificationPage({ aaData: [notification], iTotalRecords: 4 }, named)?.total).toBe(4);
    expect(readNotificationPage({ title: "x" }, named)).toBeUndefined();
  });

  it("takes a string id only when it is an integer, as marking read needs", () => {
    const [byText, byGuid] =
      readNotificationPage([{ id: "12" }, { id: "6f1c2a4e-0000-4000-8000-000000000000" }], named)?.items ??
      [];
    expect(byText?.id).toBe(12);
    expect(byGuid?.id).toBeUndefined();
  });
});

describe("readMarkedRead", () => {
  it("reads the figures given, and nothing from an answer that gives none", () => {
    expect(readMarkedRead({ updated: 2, unreadCount: 0 })).toEqual({ updated: 2, unreadCount: 0 });
    expect(readMarkedRead({ count: 1 })).toEqual({ updated: 1, unreadCount: undefined });
    expect(readMarkedRead({})).toBeUndefined();
    expect(readMarkedRead(null)).toBeUndefined();
  });
});

describe("readServer and readServers", () => {
  const remoteConnectionModel = {
    machineName: "MIGSVR-01",
    status: 2,
    version: "5.1",
    uptime: "3.04:05:06",
    numberOfRunningTasks: 4,
    lastMigrationStartTimeUtc: "2026-05-06T09:00:00Z",
  };

  it("reads CloudM's RemoteConnectionModel, its integer status named from the document", () => {
    expect(readServer(remoteConnectionModel, named)).toEqual({
      ...remoteConnectionModel,
      status: "Offline",
      statusReported: undefined,
      acceptingTasks: undefined,
    });
    expect(readServer(remoteConnectionModel, DEFAULT_VOCABULARY)).toMatchObject({
      status: undefined,
      statusReported: "2",
    });
  });

  it("reads uptime given in seconds, and leaves a count not given undefined", () => {
    expect(readServer({ machineName: "A", uptime: 3600 }, named)).toMatchObject({
      uptime: "3600s",
      numberOfRunningTasks: undefined,
    });
    expect(readServer({ status: "Ok" }, named)).toBeUndefined();
  });

  it("finds servers in DataTables and items/totalCount pages", () => {
    expect(readServers({ aaData: [remoteConnectionModel] }, named)?.map((s) => s.machineName)).toEqual([
      "MIGSVR-01",
    ]);
    expect(readServers({ items: [remoteConnectionModel], totalCount: 1 }, named)).toHaveLength(1);
    expect(readServers({ machineName: "x" }, named)).toBeUndefined();
  });
});
