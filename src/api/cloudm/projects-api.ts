/**
 * Typed calls of api/ConnectionsProject: create, list, read, rename, archive or restore, delete. A
 * project this process created is remembered (known.ts), so an instance that cannot read one back
 * still has its facts. Answers are read by schemas/readers.ts; a write answered 2xx is done.
 */
import type { KnownObjects } from "./known.js";
import type { OperationSender, Written } from "./operation.js";
import { type Optional, readOrRemembered } from "./optional.js";
import {
  type CreateProjectRequest,
  isListShaped,
  type ProjectRecord,
  readList,
  readProject,
} from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export class ProjectsApi {
  constructor(
    private readonly cloudm: OperationSender,
    private readonly known: KnownObjects,
  ) {}

  async create(
    body: CreateProjectRequest,
    signal?: AbortSignal,
  ): Promise<Written<ProjectRecord | undefined>> {
    const written = await this.cloudm.write(
      { operation: "createProject", json: body, signal },
      readProject,
      "the new project's projectId",
    );
    if (written.value) {
      // What we asked for fills what the answer left out.
      const project = {
        ...written.value,
        name: written.value.name ?? body.name,
        sourceConnectionId: written.value.sourceConnectionId ?? body.sourceConnectionId,
        destinationConnectionId: written.value.destinationConnectionId ?? body.destinationConnectionId,
      };
      this.known.rememberProject(project);
      return { ...written, value: project };
    }
    return written;
  }

  async list(
    page: { pageNumber: number; pageSize: number; includeArchived?: boolean },
    signal?: AbortSignal,
  ): Promise<{ projects: ProjectRecord[]; total: number | undefined; totalPages: number | undefined }> {
    const raw = await this.cloudm.read({ operation: "listProjects", args: { ...page }, signal });
    if (!isListShaped(raw))
      throw unexpectedAnswer(this.cloudm, "listProjects", "a list of projects", "readers.ts");
    const list = readList(raw);
    return {
      projects: list.items.map(readProject).filter((p): p is ProjectRecord => p !== undefined),
      total: list.total,
      totalPages: list.totalPages,
    };
  }

  async get(projectId: string, signal?: AbortSignal): Promise<ProjectRecord> {
    const project = readProject(
      await this.cloudm.read({ operation: "getProject", args: { projectId }, signal }),
    );
    if (!project)
      throw unexpectedAnswer(this.cloudm, "getProject", "a project with a projectId", "readers.ts");
    return project;
  }

  /** A project as the instance has it, else as this server created it, else why neither is known. */
  async facts(projectId: string, signal?: AbortSignal): Promise<Optional<ProjectRecord>> {
    return readOrRemembered(this.get(projectId, signal), () => this.known.project(projectId));
  }

  rename(projectId: string, name: string, signal?: AbortSignal): Promise<Written<ProjectRecord | undefined>> {
    return this.cloudm.write(
      { operation: "renameProject", args: { projectId, name }, signal },
      readProject,
      "the renamed project",
    );
  }

  setArchived(
    projectId: string,
    archived: boolean,
    signal?: AbortSignal,
  ): Promise<Written<ProjectRecord | undefined>> {
    // Archiving an archived project leaves it archived: safe to resend.
    return this.cloudm.write(
      {
        operation: archived ? "archiveProject" : "restoreProject",
        args: { projectId },
        idempotent: true,
        signal,
      },
      readProject,
      "the project",
    );
  }

  /** Deletes a project; a resend refused 404 after a lost answer comes back done, with a note saying so. */
  delete(projectId: string, signal?: AbortSignal): Promise<Written<undefined>> {
    return this.cloudm.write(
      { operation: "deleteProject", args: { projectId }, signal },
      () => undefined,
      undefined,
    );
  }
}
