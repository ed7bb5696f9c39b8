/** Toolsets group tools so a deployment exposes only what it needs (`--toolsets`, `--tools`, `--exclude-tools`). */
export const TOOLSETS = [
  "account",
  "connections",
  "projects",
  "batches",
  "migration",
  "reports",
  "project_admin",
  "items",
  "schedule",
  "scan",
  "readiness",
  "domains",
  "admin",
  "api",
  "files",
  "webhooks",
] as const;
export type Toolset = (typeof TOOLSETS)[number];

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
