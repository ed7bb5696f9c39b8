/**
 * Administration endpoints: audit log, admin users, licences, notifications, migration service fleet.
 * Every path (endpoints.ts) is assumed: the guide names the groups only. Answers are read by
 * schemas/read-admin.ts and read-service.ts; a write the instance answered 2xx is done (`Written`),
 * whatever its body.
 */
import type { OperationSender, Written } from "./operation.js";
import {
  type AddAdminUserRequest,
  type AdminUserRecord,
  type AuditPageRecord,
  type AuditQuery,
  type LicenceRecord,
  type MarkedReadRecord,
  type MarkNotificationsReadRequest,
  type MigrationServerRecord,
  type NotificationPageRecord,
  readAdminUser,
  readAdminUsers,
  readAuditPage,
  readLicence,
  readMarkedRead,
  readNotificationPage,
  readServer,
  readServers,
  type ServerAction,
  type UpdateAdminUserRequest,
} from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export class AdminApi {
  constructor(private readonly cloudm: OperationSender) {}

  async queryAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPageRecord> {
    const raw = await this.cloudm.read({ operation: "queryAudit", args: { ...query }, signal });
    const page = readAuditPage(raw);
    if (!page) throw unexpectedAnswer(this.cloudm, "queryAudit", "a list of audit entries", "read-admin.ts");
    return page;
  }

  async listUsers(signal?: AbortSignal): Promise<AdminUserRecord[]> {
    const users = readAdminUsers(await this.cloudm.read({ operation: "listAdminUsers", signal }));
    if (!users)
      throw unexpectedAnswer(this.cloudm, "listAdminUsers", "a list of admin users", "read-admin.ts");
    return users;
  }

  async getUser(id: string, signal?: AbortSignal): Promise<AdminUserRecord> {
    const user = readAdminUser(await this.cloudm.read({ operation: "getAdminUser", args: { id }, signal }));
    if (!user) throw unexpectedAnswer(this.cloudm, "getAdminUser", "an admin user", "read-admin.ts");
    return user;
  }

  /** Done once answered 2xx; the value is the new user when the answer carried its id. */
  addUser(body: AddAdminUserRequest, signal?: AbortSignal): Promise<Written<AdminUserRecord | undefined>> {
    return this.cloudm.write(
      { operation: "addAdminUser", args: { ...body }, signal },
      (raw) => {
        const user = readAdminUser(raw);
        return user?.id === undefined ? undefined : user;
      },
      "the new admin user's id",
    );
  }

  /** Done once answered 2xx; the answer may be the user as saved, or nothing (read it back). */
  updateUser(
    id: string,
    body: UpdateAdminUserRequest,
    signal?: AbortSignal,
  ): Promise<Written<AdminUserRecord | undefined>> {
    return this.cloudm.write(
      { operation: "updateAdminUser", args: { id, ...body }, signal },
      readAdminUser,
      undefined,
    );
  }

  async deleteUser(id: string, signal?: AbortSignal): Promise<void> {
    await this.cloudm.requestText({ operation: "deleteAdminUser", args: { id }, signal });
  }

  async getLicence(projectId: string, signal?: AbortSignal): Promise<LicenceRecord> {
    return readLicence(
      await this.cloudm.read({ operation: "getLicence", args: { projectId }, signal }),
      this.cloudm.vocabulary,
    );
  }

  async listNotifications(
    page: { pageNumber: number; pageSize: number; unreadOnly?: boolean },
    signal?: AbortSignal,
  ): Promise<NotificationPageRecord> {
    const raw = await this.cloudm.read({ operation: "listNotifications", args: { ...page }, signal });
    const read = readNotificationPage(raw, this.cloudm.vocabulary);
    if (!read)
      throw unexpectedAnswer(this.cloudm, "listNotifications", "a list of notifications", "read-service.ts");
    return read;
  }

  markNotificationsRead(
    body: MarkNotificationsReadRequest,
    signal?: AbortSignal,
  ): Promise<Written<MarkedReadRecord | undefined>> {
    // Marking read twice leaves them read: safe to resend.
    return this.cloudm.write(
      { operation: "markNotificationsRead", args: { ...body }, idempotent: true, signal },
      readMarkedRead,
      "how many were marked read",
    );
  }

  async listServers(signal?: AbortSignal): Promise<MigrationServerRecord[]> {
    const servers = readServers(
      await this.cloudm.read({ operation: "listServers", signal }),
      this.cloudm.vocabulary,
    );
    if (!servers)
      throw unexpectedAnswer(this.cloudm, "listServers", "a list of migration servers", "read-service.ts");
    return servers;
  }

  /** Done once answered 2xx; the answer may be the server as it is now, or nothing (list it again). */
  changeServerState(
    machineName: string,
    action: ServerAction,
    signal?: AbortSignal,
  ): Promise<Written<MigrationServerRecord | undefined>> {
    return this.cloudm.write(
      {
        operation: "changeServerState",
        args: { machineName, action },
        // A restart twice is two restarts; the other actions land in the same state however often sent.
        idempotent: action !== "Restart",
        signal,
      },
      (raw) => readServer(raw, this.cloudm.vocabulary),
      undefined,
    );
  }
}
