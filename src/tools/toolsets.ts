/** Toolsets group tools so a deployment exposes only what it needs (`--toolsets`, `--tools`, `--exclude-tools`). */
/** Every toolset, in the order they are shown, each with the one line --help, the README and the doctor show. */
export const TOOLSET_DESCRIPTIONS = {
  account: "who the server is signed in as, and where",
  connections: "source and destination connections for the 16 platforms, and their tests",
  projects: "projects and the batches inside them",
  batches: "the users of a batch (one by one or by CSV) and its settings",
  migration: "start, stop and follow runs; statistics",
  reports: "generate and download batch reports",
  project_admin: "rename, archive, restore and delete projects",
  items: "import the source directory's users",
  schedule: "runs scheduled by date, or after another batch",
  scan: "environment scans of a project's source",
  readiness: "pre-migration readiness checks",
  domains: "domain replacement mappings",
  admin: "audit log, admin users, licensing, notifications, migration servers",
  api: "platform settings from the instance's OpenAPI, and any other /api/ call",
  files: "MigrateClouds: files across clouds, transfers between them",
  webhooks: "MigrateClouds: webhooks for transfer events",
} as const;

export const TOOLSETS = Object.keys(TOOLSET_DESCRIPTIONS) as Array<keyof typeof TOOLSET_DESCRIPTIONS>;
export type Toolset = keyof typeof TOOLSET_DESCRIPTIONS;

/**
 * The core lifecycle of each provider: what a conversation pays for by default (a provider's tools
 * appear only when it is configured). `--toolsets all` adds the rest.
 */
export const DEFAULT_TOOLSETS: readonly Toolset[] = [
  "account",
  "connections",
  "projects",
  "batches",
  "migration",
  "reports",
  "files",
];
