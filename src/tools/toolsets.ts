/** Toolsets group tools so a deployment can expose only what it needs (`--toolsets`). */
export const TOOLSETS = ["account", "connections", "projects", "batches", "migration", "reports"] as const;
export type Toolset = (typeof TOOLSETS)[number];
