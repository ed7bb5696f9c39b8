/** Projects and the batches inside them. */
import { z } from "zod";
import { ITEM_OBJECT_TYPES, PAGE_SIZE_MAX } from "../api/cloudm/schemas/index.js";
import { projectLink, settingsLink, statisticsLink } from "../resources/uris.js";
import { defineTool } from "./define.js";
import { cursorInput, decodeCursor, encodeCursor } from "./paging.js";

export const projectId = z.string().describe("From list_projects");

const projectOut = z.object({
  projectId: z.string(),
  name: z.string(),
  createdOn: z.string(),
  isArchived: z.boolean(),
  sourceConnectionId: z.number(),
  destinationConnectionId: z.number(),
});
const batchOut = z.object({
  configurationId: z.string(),
  batchName: z.string(),
  itemCount: z.number().optional(),
  state: z.string().optional(),
  tags: z.string().optional(),
});

const pick = <T extends Record<string, unknown>, K extends keyof T>(o: T, keys: K[]) =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<T, K>;
const projectFields = [
  "projectId",
  "name",
  "createdOn",
  "isArchived",
  "sourceConnectionId",
  "destinationConnectionId",
] as const;
const batchFields = ["configurationId", "batchName", "itemCount", "state", "tags"] as const;

export const projectTools = [
  defineTool({
    name: "list_projects",
    title: "List projects",
    description: "List projects, one page at a time.",
    toolset: "projects",
    input: {
      includeArchived: z.boolean().optional(),
      pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).optional().describe("Default 25"),
      cursor: cursorInput,
    },
    output: { projects: z.array(projectOut), totalResults: z.number(), nextCursor: z.string().optional() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const pageNumber = decodeCursor(args.cursor) + 1;
      const pageSize = args.pageSize ?? 25;
      const result = await ctx.cloudm.listProjects(
        { pageNumber, pageSize, includeArchived: args.includeArchived ?? false },
        ctx.signal,
      );
      const projects = result.items.map((p) => pick(p, [...projectFields]));
      const nextCursor = pageNumber < result.totalPages ? encodeCursor(pageNumber) : undefined;
      const lines = projects.map((p) => `${p.projectId} ${p.name}${p.isArchived ? " (archived)" : ""}`);
      return {
        structured: { projects, totalResults: result.totalResults, ...(nextCursor ? { nextCursor } : {}) },
        text:
          projects.length === 0
            ? "No projects. Create one with create_project."
            : `${result.totalResults} project(s):\n${lines.join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "get_project",
    title: "Get project",
    description: "A project and its batches (configurationId, users, state).",
    toolset: "projects",
    input: { projectId },
    output: { project: projectOut, batches: z.array(batchOut) },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (args, ctx) => {
      const [project, batches] = await Promise.all([
        ctx.cloudm.getProject(args.projectId, ctx.signal),
        ctx.cloudm.listBatches(args.projectId, ctx.signal),
      ]);
      const out = batches.map((b) => pick(b, [...batchFields]));
      const lines = out.map(
        (b) =>
          `- ${b.configurationId} '${b.batchName}': ${b.itemCount ?? "?"} items, ${b.state ?? "unknown"}`,
      );
      return {
        structured: { project: pick(project, [...projectFields]), batches: out },
        text: `Project '${project.name}' (source #${project.sourceConnectionId} -> destination #${project.destinationConnectionId}), ${out.length} batch(es)${lines.length ? `:\n${lines.join("\n")}` : ". Create one with create_batch."}`,
      };
    },
  }),
  defineTool({
    name: "create_project",
    title: "Create project",
    description: "Create a project from a tested Source and Destination connection. Next: create_batch.",
    toolset: "projects",
    input: {
      name: z.string().min(1),
      sourceConnectionId: z.number().int().positive(),
      destinationConnectionId: z.number().int().positive(),
    },
    output: { project: projectOut },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      const project = await ctx.cloudm.createProject(args, ctx.signal);
      ctx.resourcesChanged();
      return {
        structured: { project: pick(project, [...projectFields]) },
        content: [projectLink(project.projectId, project.name)],
        text: `Created project '${project.name}' (${project.projectId}). Next: create_batch.`,
      };
    },
  }),
  defineTool({
    name: "create_batch",
    title: "Create batch",
    description: "Create a batch in a project. Next: add_migration_items or import_migration_items.",
    toolset: "projects",
    input: {
      projectId,
      batchName: z.string().min(1),
      itemType: z.enum(ITEM_OBJECT_TYPES).optional().describe("Default User"),
      tags: z.string().optional(),
    },
    output: { batch: batchOut },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: async (args, ctx) => {
      const project = await ctx.cloudm.getProject(args.projectId, ctx.signal);
      const batch = await ctx.cloudm.createBatch(
        {
          projectId: project.projectId,
          batchName: args.batchName,
          sourceConnectionId: project.sourceConnectionId,
          destinationConnectionId: project.destinationConnectionId,
          migrationItemsBatchType: ITEM_OBJECT_TYPES.indexOf(args.itemType ?? "User"),
          tags: args.tags ?? "",
        },
        ctx.signal,
      );
      ctx.resourcesChanged();
      return {
        structured: { batch: pick(batch, [...batchFields]) },
        content: [
          statisticsLink(batch.configurationId),
          settingsLink(batch.configurationId),
          projectLink(project.projectId, project.name),
        ],
        text: `Created batch '${batch.batchName}' with configurationId ${batch.configurationId}. Next: add users with add_migration_items or import_migration_items.`,
      };
    },
  }),
];
