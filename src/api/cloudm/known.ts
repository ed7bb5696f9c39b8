/**
 * What this process learnt of the projects and batches it created. The guide has no documented way to
 * read a project or a batch back, so on an instance without those routes this is what fills a batch's
 * connections, its name in a preview and its item type. Per process, bounded, and never trusted over
 * what the instance itself answers.
 */
import type { BatchRecord, ProjectRecord } from "./schemas/index.js";

const MAX_REMEMBERED = 1_000;

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  // Oldest first: a Map iterates in insertion order.
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}

export class KnownObjects {
  private readonly projects = new Map<string, ProjectRecord>();
  private readonly batches = new Map<string, BatchRecord>();

  rememberProject(project: ProjectRecord): void {
    remember(this.projects, project.projectId.toLowerCase(), project);
  }

  rememberBatch(batch: BatchRecord): void {
    remember(this.batches, batch.configurationId.toLowerCase(), batch);
  }

  project(projectId: string): ProjectRecord | undefined {
    return this.projects.get(projectId.toLowerCase());
  }

  batch(configurationId: string): BatchRecord | undefined {
    return this.batches.get(configurationId.toLowerCase());
  }

  /** Projects created here, newest last. */
  allProjects(): ProjectRecord[] {
    return [...this.projects.values()];
  }

  /** Batches created here in one project. */
  batchesOf(projectId: string): BatchRecord[] {
    const key = projectId.toLowerCase();
    return [...this.batches.values()].filter((b) => b.projectId?.toLowerCase() === key);
  }
}
