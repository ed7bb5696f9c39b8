/**
 * Administration endpoints: audit log, admin users, licences, notifications, migration service fleet.
 * Every path here is assumed (the guide names the groups only); see schemas/admin.ts.
 */
import type { CloudMClient } from "./client.js";
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

const userPath = (id: string) => `/api/AdminUser/${encodeURIComponent(id)}`;

export class AdminApi {
  constructor(private readonly cloudm: CloudMClient) {}

  queryAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
    return this.cloudm.request(
      { method: "GET", path: "/api/AdminAudit", query: { ...query }, signal },
      auditPage,
    );
  }

  listUsers(signal?: AbortSignal): Promise<AdminUser[]> {
    return this.cloudm.request({ method: "GET", path: "/api/AdminUser", signal }, adminUserList);
  }

  getUser(id: string, signal?: AbortSignal): Promise<AdminUser> {
    return this.cloudm.request({ method: "GET", path: userPath(id), signal }, adminUser);
  }

  addUser(body: AddAdminUserRequest, signal?: AbortSignal): Promise<AdminUser> {
    return this.cloudm.request({ method: "POST", path: "/api/AdminUser", json: body, signal }, adminUser);
  }

  updateUser(id: string, body: UpdateAdminUserRequest, signal?: AbortSignal): Promise<AdminUser> {
    return this.cloudm.request({ method: "PUT", path: userPath(id), json: body, signal }, adminUser);
  }

  async deleteUser(id: string, signal?: AbortSignal): Promise<void> {
    await this.cloudm.requestText({ method: "DELETE", path: userPath(id), signal });
  }

  getLicence(projectId: string, signal?: AbortSignal): Promise<Licence> {
    return this.cloudm.request(
      { method: "GET", path: `/api/License/${encodeURIComponent(projectId)}`, signal },
      licence,
    );
  }

  listNotifications(
    page: { pageNumber: number; pageSize: number; unreadOnly?: boolean },
    signal?: AbortSignal,
  ): Promise<NotificationPage> {
    return this.cloudm.request(
      { method: "GET", path: "/api/Notification", query: { ...page }, signal },
      notificationPage,
    );
  }

  markNotificationsRead(
    body: MarkNotificationsReadRequest,
    signal?: AbortSignal,
  ): Promise<MarkNotificationsReadResult> {
    // Marking read twice leaves them read: safe to resend.
    return this.cloudm.request(
      { method: "POST", path: "/api/Notification/mark-read", json: body, idempotent: true, signal },
      markNotificationsReadResult,
    );
  }

  listServers(signal?: AbortSignal): Promise<MigrationServer[]> {
    return this.cloudm.request({ method: "GET", path: "/api/ServiceManager", signal }, migrationServerList);
  }

  changeServerState(
    machineName: string,
    action: ServerAction,
    signal?: AbortSignal,
  ): Promise<MigrationServer> {
    return this.cloudm.request(
      {
        method: "POST",
        path: "/api/ServiceManager/change-state",
        json: { machineName, action },
        // A restart twice is two restarts; the other actions land in the same state however often sent.
        idempotent: action !== "Restart",
        signal,
      },
      migrationServer,
    );
  }
}
