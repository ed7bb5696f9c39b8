/** schemas/read-admin.ts over CloudM's AuditModel and UserAdminModel, bare and paged as instances page. */
import { describe, expect, it } from "vitest";
import {
  readAdminUser,
  readAdminUsers,
  readAuditEntry,
  readAuditPage,
} from "../../src/api/cloudm/schemas/index.js";

const userAdminModel = {
  id: 7,
  role: "ProjectManager",
  firstName: "Sam",
  lastName: "Support",
  login: "sam@contoso.example",
  isActive: false,
};

describe("readAdminUser", () => {
  it("reads CloudM's UserAdminModel, its integer id as text", () => {
    expect(readAdminUser(userAdminModel)).toEqual({ ...userAdminModel, id: "7" });
  });

  it("reads PascalCase names, and leaves what is not there undefined (never a default)", () => {
    expect(readAdminUser({ Id: "usr-1", Login: "a@contoso.example" })).toEqual({
      id: "usr-1",
      login: "a@contoso.example",
      firstName: undefined,
      lastName: undefined,
      role: undefined,
      isActive: undefined,
    });
  });

  it("takes a create answer that is only the id, and refuses what names no user", () => {
    expect(readAdminUser(12)?.id).toBe("12");
    expect(readAdminUser("usr-0003")?.id).toBe("usr-0003");
    expect(readAdminUser({})).toBeUndefined();
    // A word is an acknowledgement, not an id: "Created" must not become the new user's id.
    expect(readAdminUser("Created")).toBeUndefined();
    expect(readAdminUser("User added")).toBeUndefined();
    expect(readAdminUser(null)).toBeUndefined();
    expect(readAdminUser([userAdminModel])).toBeUndefined();
  });
});

describe("readAdminUsers", () => {
  it.each([
    ["a bare array", [userAdminModel]],
    ["DataTables", { aaData: [userAdminModel], iTotalRecords: 1, iTotalDisplayRecords: 1, sEcho: "1" }],
    ["items/totalCount", { items: [userAdminModel], totalCount: 1 }],
    ["an OData value list", { value: [userAdminModel] }],
  ])("finds the users in %s", (_shape, raw) => {
    expect(readAdminUsers(raw)?.map((u) => u.id)).toEqual(["7"]);
  });

  it("is undefined when the answer holds no list", () => {
    expect(readAdminUsers({ id: 7 })).toBeUndefined();
  });
});

describe("readAuditEntry and readAuditPage", () => {
  const auditModel = {
    auditId: 41,
    userEmail: "admin@contoso.example",
    dateFormatted: "06/05/2026 10:00",
    auditType: "Login",
    message: "Signed in",
    ipAddress: "10.0.0.1",
    userAgent: "curl/8",
  };

  it("reads CloudM's AuditModel, its display date when it gives no other", () => {
    const { dateFormatted, ...rest } = auditModel;
    expect(readAuditEntry(auditModel)).toEqual({ ...rest, auditId: "41", date: dateFormatted });
    expect(readAuditEntry({ ...auditModel, date: "2026-05-06T10:00:00Z" })?.date).toBe(
      "2026-05-06T10:00:00Z",
    );
  });

  it("leaves an auditType sent as an integer as sent, and what is missing undefined", () => {
    expect(readAuditEntry({ auditId: 1, auditType: 3 })).toMatchObject({
      auditType: "3",
      userEmail: undefined,
      message: undefined,
    });
  });

  it("pages as DataTables and as items/totalCount, and says when the total was not given", () => {
    expect(readAuditPage({ aaData: [auditModel], iTotalRecords: 40 })).toMatchObject({
      total: 40,
      totalPages: undefined,
      entries: [{ auditId: "41" }],
    });
    expect(readAuditPage({ items: [auditModel], totalCount: 3, totalPages: 3 })).toMatchObject({
      total: 3,
      totalPages: 3,
    });
    expect(readAuditPage([auditModel])?.total).toBeUndefined();
    expect(readAuditPage({ message: "no" })).toBeUndefined();
  });
});
