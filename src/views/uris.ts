/** The cloudm:// resource URIs, and resource_link blocks that tools return to point at them. */
import type { ContentBlock } from "@modelcontextprotocol/server";

export const URIS = {
  projects: "cloudm://projects",
  project: (projectId: string) => `cloudm://projects/${projectId}`,
  projectSummary: (projectId: string) => `cloudm://projects/${projectId}/summary`,
  connections: "cloudm://connections",
  openapi: "cloudm://openapi",
  connection: (connectionId: number | string) => `cloudm://connections/${connectionId}`,
  settings: (configurationId: string) => `cloudm://batches/${configurationId}/settings`,
  statistics: (configurationId: string) => `cloudm://batches/${configurationId}/statistics`,
  report: (configurationId: string, reportType: string) =>
    `cloudm://batches/${configurationId}/reports/${reportType}`,
  /** The live dashboard's MCP Apps view: one document for every batch and project. */
  dashboardView: "ui://migrate-mcp/dashboard.html",
} as const;

export const MIGRATECLOUDS_URIS = {
  /** A folder of a connected service; the root is `migrateclouds://box/files`. */
  folder: (service: string, path: string) =>
    `migrateclouds://${service}/files${path === "/" ? "" : path.split("/").map(encodeURIComponent).join("/")}`,
  transfer: (transferId: string) => `migrateclouds://transfers/${transferId}`,
} as const;

/**
 * Matches a CloudM statistics URI (followed by polling; MigrateClouds URIs follow webhook events),
 * derived from URIS so the URI is spelled in one place. Its one group is the configurationId.
 */
export const STATISTICS_URI = new RegExp(
  `^${URIS.statistics("\u0000")
    .replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
    .replace("\u0000", "([^/]+)")}$`,
);

const link = (uri: string, name: string, description: string): ContentBlock => ({
  type: "resource_link",
  uri,
  name,
  description,
  mimeType: "application/json",
});

export const projectLink = (projectId: string, name: string) =>
  link(URIS.project(projectId), name, "The project and its batches");
export const projectSummaryLink = (projectId: string) =>
  link(URIS.projectSummary(projectId), "Project summary", "Every batch's progress, failures and licences");
export const connectionLink = (id: number, name: string) =>
  link(URIS.connection(id), name, "The connection and its settings");
export const settingsLink = (configurationId: string) =>
  link(URIS.settings(configurationId), "Batch settings", "General, source and destination settings");
export const statisticsLink = (configurationId: string) =>
  link(URIS.statistics(configurationId), "Batch statistics", "Live progress; subscribe for updates");
