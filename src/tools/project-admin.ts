/** Project management: rename, archive, restore, delete. */
import { z } from "zod";
import type { Written } from "../api/cloudm/client.js";
import type { ProjectRecord } from "../api/cloudm/schemas/index.js";
import { projectLink } from "../views/uris.js";
import { defineTool } from "./define.js";
import { projectId } from "./projects.js";
import { noteLine, writtenFields, writtenShape } from "./written.js";

const projectOut = {
  projectId: z.string(),
  name: z.string().optional(),
  isArchived: z.boolean().optional(),
  ...writtenShape,
};

/** The project after a write the instance accepted: its answer, else what was asked for. */
function written(
  w: Written<ProjectRecord | undefined>,
  asked: { projectId: string; name?: string | undefined; isArchived?: boolean },
) {
  const name = w.value?.name ?? asked.name;
  const isArchived = w.value?.isArchived ?? asked.isArchived;
  return {
    projectId: w.value?.projectId ?? asked.projectId,
    ...(name === undefined ? {} : { name }),
    ...(isArchived === undefined ? {} : { isArchived }),
    ...writtenFields(w),
  };
}

const archiveTool = (archive: boolean) =>
  defineTool({
    name: archive ? "archive_project" : "restore_project",
    title: archive ? "Archive project" : "Restore project",
    description: archive
      ? "Archive a project (hidden from lists, kept; restore_project undoes it). Its batches must not be running."
      : "Restore an archived project.",
    toolset: "project_admin",
    endpoints: [archive ? "archiveProject" : "restoreProject"],
    input: { projectId },
    output: projectOut,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const w = await ctx.cloudm.setProjectArchived(args.projectId, archive, ctx.signal);
      ctx.resourcesChanged();
      // What this server created it as names it when the answer does not.
      const known = ctx.cloudm.known.project(args.projectId)?.name;
      const p = written(w, { projectId: args.projectId, name: known, isArchived: archive });
      const label = p.name === undefined ? p.projectId : `'${p.name}'`;
      return {
        structured: p,
        text: `Project ${label} is ${p.isArchived ? "archived" : "active"}.${noteLine(w)}`,
        content: [projectLink(p.projectId, p.name ?? p.projectId)],
      };
    },
  });

export const projectAdminTools = [
  defineTool({
    name: "rename_project",
    title: "Rename project",
    description: "Rename a project.",
    toolset: "project_admin",
    endpoints: ["renameProject"],
    input: { projectId, name: z.string().min(1) },
    output: projectOut,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const w = await ctx.cloudm.renameProject(args.projectId, args.name, ctx.signal);
      ctx.resourcesChanged();
      const p = written(w, { projectId: args.projectId, name: args.name });
      return {
        structured: p,
        text: `Project renamed to '${p.name ?? args.name}'.${noteLine(w)}`,
        content: [projectLink(p.projectId, p.name ?? args.name)],
      };
    },
  }),
  archiveTool(true),
  archiveTool(false),
  defineTool({
    name: "delete_project",
    title: "Delete project",
    description:
      "Permanently delete a project and all its batches. Asks for confirmation (the user types the project name).",
    toolset: "project_admin",
    endpoints: ["getProject", "listBatches", "deleteProject"],
    input: { projectId },
    output: { projectId: z.string(), deletedBatches: z.number() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    preview: async (args, ctx) => {
      const [p, batches] = await Promise.all([
        ctx.cloudm.getProject(args.projectId, ctx.signal),
        ctx.cloudm.listBatches(args.projectId, ctx.signal),
      ]);
      const users = batches.reduce((sum, b) => sum + (b.itemCount ?? 0), 0);
      return {
        summary: `Delete project '${p.name}' for good: ${batches.length} batch(es), ${users} users; this cannot be undone (archive_project can)`,
        details: {
          batches: batches.map(
            (b) => `${b.batchName} (${b.itemCount ?? "?"} users, ${b.state ?? "unknown"})`,
          ),
        },
        stable: { name: p.name, batches: batches.map((b) => [b.configurationId, b.itemCount, b.state]) },
        typedName: p.name,
      };
    },
    handler: async (args, ctx) => {
      const batches = await ctx.cloudm.listBatches(args.projectId, ctx.signal);
      await ctx.cloudm.deleteProject(args.projectId, ctx.signal);
      ctx.resourcesChanged();
      return {
        structured: { projectId: args.projectId, deletedBatches: batches.length },
        text: `Deleted the project and its ${batches.length} batch(es).`,
      };
    },
  }),
];
