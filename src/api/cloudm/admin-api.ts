/**
 * Administration endpoints: audit log, admin users, licences, notifications, migration service fleet.
 * Every path (endpoints.ts) is assumed: the guide names the groups only; see schemas/admin.ts.
 */
import type { OperationSender } from "./operation.js";
import {
  type AddAdminUserRequest,
  type AdminUser,
  type AuditPage,
  type AuditQuery,
  adminUser,
  adminUserList,
  auditPage,
  type Licence,
  licence,
  type MarkNotificationsReadRequest,
  type MarkNotificationsReadResult,
  type MigrationServer,
  markNotificationsReadResult,
  migrationServer,
  migrationServerList,
  type NotificationPage,
  notificationPage,
  type ServerAction,
  type UpdateAdminUserRequest,
} from "./schemas/index.js";

export class AdminApi {
  constructor(private readonly cloudm: OperationSender) {}

  queryAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
    return this.cloudm.request({ operation: "queryAudit", args: { ...query }, signal }, auditPage);
  }

  listUsers(signal?: AbortSignal): Promise<AdminUser[]> {
    return this.cloudm.request({ operation: "listAdminUsers", signal }, adminUserList);
  }

  getUser(id: string, signal?: AbortSignal): Promise<AdminUser> {
    return this.cloudm.request({ operation: "getAdminUser", args: { id }, signal }, adminUser);
  }

  addUser(body: AddAdminUserRequest, signal?: AbortSignal): Promise<AdminUser> {
    return this.cloudm.request({ operation: "addAdminUser", args: { ...body }, signal }, adminUser);
  }

  updateUser(id: string, body: UpdateAdminUserRequest, signal?: AbortSignal): Promise<AdminUser> {
    return this.cloudm.request({ operation: "updateAdminUser", args: { id, ...body }, signal }, adminUser);
  }

  async deleteUser(id: string, signal?: AbortSignal): Promise<void> {
    await this.cloudm.requestText({ operation: "deleteAdminUser", args: { id }, signal });
  }

  getLicence(projectId: string, signal?: AbortSignal): Promise<Licence> {
    return this.cloudm.request({ operation: "getLicence", args: { projectId }, signal }, licence);
  }

  listNotifications(
    page: { pageNumber: number; pageSize: number; unreadOnly?: boolean },
    signal?: AbortSignal,
  ): Promise<NotificationPage> {
    return this.cloudm.request(
      { operation: "listNotifications", args: { ...page }, signal },
      notificationPage,
    );
  }

  markNotificationsRead(
    body: MarkNotificationsReadRequest,
    signal?: AbortSignal,
  ): Promise<MarkNotificationsReadResult> {
    // Marking read twice leaves them read: safe to resend.
    return this.cloudm.request(
      { operation: "markNotificationsRead", args: { ...body }, idempotent: true, signal },
      markNotificationsReadResult,
    );
  }

  listServers(signal?: AbortSignal): Promise<MigrationServer[]> {
    return this.cloudm.request({ operation: "listServers", signal }, migrationServerList);
  }

  changeServerState(
    machineName: string,
    action: ServerAction,
    signal?: AbortSignal,
  ): Promise<MigrationServer> {
    return this.cloudm.request(
      {
        operation: "changeServerState",
        args: { machineName, action },
        // A restart twice is two restarts; the other actions land in the same state however often sent.
        idempotent: action !== "Restart",
        signal,
      },
      migrationServer,
    );
  }
}
