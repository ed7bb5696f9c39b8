/**
 * What a connection's checks find, decided by its settings alone: connection tests report them;
 * environment scans and readiness runs reuse them.
 */
import { platformInfo } from "../../guide/platforms.js";
import type { SimConnection } from "./model.js";
import { SECRET_SETTINGS } from "./wire/connections.js";

/** The checks a test runs, and how each turns out for these settings. Deterministic, so tests can aim at an outcome. */
export function checksFor(connection: SimConnection) {
  const s = connection.settings;
  const domain = String(
    s.domainName ??
      s.domain ??
      s.serverAddress ??
      s.bucketName ??
      s.documentsTopLevelFolder ??
      s.pstArchiveLabel ??
      "",
  );
  const secrets = Object.entries(s).filter(([key]) => SECRET_SETTINGS.has(key));
  const reachable = !domain.endsWith(".invalid");
  const authenticated = !secrets.some(([, value]) => String(value).toLowerCase().includes("wrong"));
  const testUser = s.testUserName ?? s.testUsername;
  return [
    {
      name: "Reach server",
      status: reachable ? "Success" : "Failed",
      message: reachable
        ? `Connected to ${domain || platformInfo(connection.platform).label}`
        : `Unable to connect to the remote server (${domain})`,
    },
    {
      name: "Authenticate",
      status: !reachable ? "Failed" : authenticated ? "Success" : "Failed",
      message: !reachable
        ? "Skipped: the server could not be reached"
        : authenticated
          ? "Credentials accepted"
          : "Authentication failed: the credentials were rejected",
    },
    {
      name: "Access test user",
      status: !reachable || !authenticated ? "Failed" : testUser ? "Success" : "Warning",
      message: testUser
        ? `Opened ${String(testUser)}`
        : "No test user configured; mailbox and drive access were not verified",
    },
  ];
}
