/** Project management: rename, archive, restore, delete. */
import { z } from "zod";
import { optional, type Written } from "../api/cloudm/client.js";
import type { ProjectRecord } from "../api/cloudm/schemas/index.js";
import { nameOrId, quoted } from "../api/quoted.js";
import { compareReadBack } from "../views/reported.js";
import { projectLink } from "../views/uris.js";
import { defineTool, type ToolContext } from "./define.js";
import { projectId } from "./projects.js";
import {
  noteLine,
  readBackFields,
  readBackLines,
  readBackShape,
  writtenFields,
  writtenShape,
} from "./written.js";

const projectOut = {
  projectId: z.string(),
  name: z.string().optional(),
  isArchived: z.boolean().optional(),
  ...readBackShape,
  ...writtenShape,
};

type Asked = { name?: string | undefined; isArchived?: boolean };

/**
 * The project after a write the instance accepted, as read back (else its answer, else what was asked
 * for), and each asked value the read-back shows it did not take.
 */
async function afterWrite(w: Written<ProjectRecord | undefined>, id: string, asked: Asked, ctx: ToolContext) {
  const back = await optional(ctx.cloudm.getProject(id, ctx.signal));
  const found = back.ok ? compareReadBack(asked, { ...back.value }) : undefined;
  const seen = back.ok ? back.value : w.value;
  const name = seen?.name ?? asked.name;
  const isArchived = seen?.isArchived ?? asked.isArchived;
  const structured = {
    projectId: seen?.projectId ?? id,
    ...(name === undefined ? {} : { name }),
    ...(isArchived === undefined ? {} : { isArchived }),
    ...readBackFields(found),
    ...writtenFields(w),
  };
  const lines = found
    ? readBackLines(found)
    : `\nNot read back (${back.ok ? "" : back.reason}): the change could not be confirmed.`;
  return { structured, lines: `${lines}${noteLine(w)}` };
}

const archiveTool = (archive: boolean) =>
  defineTool({
    name: archive ? "archive_project" : "restore_project",
    title: archive ? "Archive project" : "Restore project",
    description: archive
      ? "Archive a project (hidden from lists, kept; restore_project undoes it). Its batches must not be running."
      : "Restore an archived project.",
    toolset: "project_admin",
    endpoints: [archive ? "archiveProject" : "restoreProject", "getProject"],
    input: { projectId },
    output: projectOut,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{scratchProjectId}" },
    handler: async (args, ctx) => {
      const w = await ctx.cloudm.setProjectArchived(args.projectId, archive, ctx.signal);
      ctx.resourcesChanged();
      const { structured: p, lines } = await afterWrite(w, args.projectId, { isArchived: archive }, ctx);
      // What this server created it as names it when neither the answer nor the read-back does.
      const name = p.name ?? ctx.cloudm.known.project(args.projectId)?.name;
      const label = nameOrId(name, p.projectId);
      return {
        structured: p,
        text: `Project ${label} is ${p.isArchived ? "archived" : "active"}.${lines}`,
        content: [projectLink(p.projectId, label)],
      };
    },
  });

export const projectAdminTools = [
  defineTool({
    name: "rename_project",
    title: "Rename project",
    description: "Rename a project.",
    toolset: "project_admin",
    endpoints: ["renameProject", "getProject"],
    input: { projectId, name: z.string().min(1) },
    output: projectOut,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{scratchProjectId}", name: "Example project, renamed" },
    handler: async (args, ctx) => {
      const w = await ctx.cloudm.renameProject(args.projectId, args.name, ctx.signal);
      ctx.resourcesChanged();
      const { structured: p, lines } = await afterWrite(w, args.projectId, { name: args.name }, ctx);
      return {
        structured: p,
        text: `Project renamed to ${quoted(args.name)}.${lines}`,
        content: [projectLink(p.projectId, quoted(p.name ?? args.name))],
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
    output: { projectId: z.string(), deletedBatches: z.number(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    example: { projectId: "{scratchProjectId}" },
    preview: async (args, ctx) => {
      const [p, batches] = await Promise.all([
        ctx.cloudm.getProject(args.projectId, ctx.signal),
        ctx.cloudm.listBatches(args.projectId, ctx.signal),
      ]);
      // A batch whose size the instance did not report leaves the total unknown, not smaller.
      const sizes = batches.map((b) => b.itemCount);
      const users = sizes.every((n) => n !== undefined)
        ? `${sizes.reduce((sum, n) => sum + n, 0)} users`
        : "number of users not reported";
      const name = p.name ?? p.projectId;
      return {
        summary: `Delete project ${nameOrId(p.name, p.projectId)} for good: ${batches.length} batch(es), ${users}; this cannot be undone (archive_project can)`,
        details: {
          batches: batches.map(
            (b) =>
              `${nameOrId(b.batchName, b.configurationId)} (${b.itemCount === undefined ? "users not reported" : `${b.itemCount} users`}, ${b.state ?? "state not reported"})`,
          ),
        },
        stable: { name: p.name, batches: batches.map((b) => [b.configurationId, b.itemCount, b.state]) },
        typedName: name,
      };
    },
    handler: async (args, ctx) => {
      const batches = await ctx.cloudm.listBatches(args.projectId, ctx.signal);
      // A resend refused 404 after a lost answer comes back done, its note saying the first attempt did it.
      const written = await ctx.cloudm.deleteProject(args.projectId, ctx.signal);
      ctx.resourcesChanged();
      return {
        structured: { projectId: args.projectId, deletedBatches: batches.length, ...writtenFields(written) },
        text: `Deleted the project and its ${batches.length} batch(es).${noteLine(written)}`,
      };
    },
  }),
];
