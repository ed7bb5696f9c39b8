/** Projects and the batches inside them. */
import { z } from "zod";
import { optional } from "../api/cloudm/client.js";
import {
  type BatchRecord,
  ITEM_OBJECT_TYPES,
  PAGE_SIZE_MAX,
  type ProjectRecord,
} from "../api/cloudm/schemas/index.js";
import { nameOrId, plainOrQuoted, quoted } from "../api/quoted.js";
import { projectLink, settingsLink, statisticsLink } from "../views/uris.js";
import { defineTool } from "./define.js";
import { ToolInputError } from "../views/input-error.js";
import { cursorInput, decodeCursor, encodeCursor, page } from "../views/paging.js";
import { orNotReported } from "../views/reported.js";
import { noteLine, writtenFields, writtenShape } from "./written.js";
import { idArgument } from "./ids.js";

export const projectId = idArgument("From list_projects");

const projectOut = z.object({
  projectId: z.string(),
  name: z.string().optional(),
  createdOn: z.string().optional(),
  isArchived: z.boolean().optional(),
  sourceConnectionId: z.number().optional(),
  destinationConnectionId: z.number().optional(),
});
const batchOut = z.object({
  configurationId: z.string(),
  batchName: z.string().optional(),
  itemCount: z.number().optional(),
  state: z.string().optional(),
  tags: z.string().optional(),
});

/** The fields shown of a record, without the ones the instance left out. */
function shown<T extends object, K extends keyof T>(record: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]])) as Pick<
    T,
    K
  >;
}
const projectView = (p: ProjectRecord) =>
  shown(p, [
    "projectId",
    "name",
    "createdOn",
    "isArchived",
    "sourceConnectionId",
    "destinationConnectionId",
  ] as const) as z.infer<typeof projectOut>;
const batchView = (b: BatchRecord) =>
  shown(b, ["configurationId", "batchName", "itemCount", "state", "tags"] as const) as z.infer<
    typeof batchOut
  >;

/** `<projectId> "<name>" (archived)`: a project's line in a list. */
const projectLine = (p: z.infer<typeof projectOut>) =>
  `${plainOrQuoted(p.projectId)}${p.name === undefined ? "" : ` ${quoted(p.name)}`}${p.isArchived ? " (archived)" : ""}`;

/** What to do on an instance without a readable project list or project record. */
const UNLISTED_ADVICE =
  "Use a projectId you know (create_project's answer, or the project's page in the CloudM web UI), or map this instance's route with MIGRATE_MCP_ENDPOINTS (run migrate-mcp doctor to see which routes it has).";

export const projectTools = [
  defineTool({
    name: "list_projects",
    title: "List projects",
    description: "List projects, one page at a time.",
    toolset: "projects",
    endpoints: ["listProjects"],
    fallback: "lists the projects this server created",
    input: {
      includeArchived: z.boolean().optional(),
      pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).optional().describe("Default 25"),
      cursor: cursorInput,
    },
    output: {
      projects: z.array(projectOut),
      totalResults: z.number().optional(),
      nextCursor: z.string().optional(),
      note: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: {},
    handler: async (args, ctx) => {
      const pageSize = args.pageSize ?? 25;
      const offset = decodeCursor(args.cursor);
      const listed = await optional(
        ctx.cloudm.listProjects(
          {
            pageNumber: Math.floor(offset / pageSize) + 1,
            pageSize,
            includeArchived: args.includeArchived ?? false,
          },
          ctx.signal,
        ),
      );
      if (!listed.ok) {
        // The guide documents no project list: say so, and offer what this server itself created.
        const known = ctx.cloudm.known.allProjects().map(projectView);
        const note = `This instance offers no project list this server can read (${listed.reason}). ${UNLISTED_ADVICE}`;
        const lines = known.map(projectLine);
        return {
          structured: { projects: known, note },
          text: `${note}${known.length > 0 ? `\nProjects created through this server since it started:\n${lines.join("\n")}` : ""}`,
        };
      }
      const { projects: received, total, totalPages } = listed.value;
      // An instance that ignores the paging parameters sends everything: page it here.
      const ignoredPaging = received.length > pageSize;
      const local = ignoredPaging ? page(received, args.cursor, pageSize) : undefined;
      const projects = (local?.items ?? received).map(projectView);
      const more = ignoredPaging
        ? local?.nextCursor !== undefined
        : totalPages !== undefined
          ? Math.floor(offset / pageSize) + 1 < totalPages
          : total !== undefined && offset + received.length < total;
      const nextCursor = ignoredPaging
        ? local?.nextCursor
        : more
          ? encodeCursor(offset + pageSize)
          : undefined;
      const totalResults = total ?? (ignoredPaging ? received.length : undefined);
      const lines = projects.map(projectLine);
      return {
        structured: {
          projects,
          ...(totalResults === undefined ? {} : { totalResults }),
          ...(nextCursor ? { nextCursor } : {}),
        },
        text:
          projects.length === 0
            ? "No projects. Create one with create_project."
            : `${totalResults ?? projects.length} project(s):\n${lines.join("\n")}${nextCursor ? "\nMore: pass nextCursor." : ""}`,
      };
    },
  }),
  defineTool({
    name: "get_project",
    title: "Get project",
    description: "A project and its batches (configurationId, users, state).",
    toolset: "projects",
    endpoints: ["getProject", "listBatches"],
    fallback: "shows what this server knows of projects and batches it created",
    input: { projectId },
    output: {
      project: projectOut,
      batches: z.array(batchOut).optional().describe("Absent when they could not be listed"),
      notes: z.array(z.string()).optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { projectId: "{projectId}" },
    handler: async (args, ctx) => {
      const [project, batches] = await Promise.all([
        ctx.cloudm.projectFacts(args.projectId, ctx.signal),
        ctx.cloudm.batchesOf(args.projectId, ctx.signal),
      ]);
      // A 404 from a route the instance has is "no such project": that is the caller's to fix.
      if (!project.ok && !project.routeMissing && !batches.ok)
        throw new ToolInputError(`projectId: ${project.reason}; call list_projects for valid ids`);
      const notes = [
        ...(project.ok ? [] : [`The project's record could not be read: ${project.reason}.`]),
        ...(batches.ok ? [] : [`Its batches could not be listed: ${batches.reason}.`]),
        ...(project.ok && batches.ok ? [] : [UNLISTED_ADVICE]),
      ];
      const p = project.ok ? projectView(project.value) : { projectId: args.projectId };
      // Batches not listed are unknown, not none: the structured answer leaves them out.
      const out = batches.ok ? batches.value.map(batchView) : undefined;
      const lines = (out ?? []).map(
        (b) =>
          `- ${plainOrQuoted(b.configurationId)} ${b.batchName === undefined ? "(name not reported)" : quoted(b.batchName)}: ${b.itemCount === undefined ? "number of items not reported" : `${b.itemCount} items`}, ${b.state ?? "state unknown"}`,
      );
      const connections =
        p.sourceConnectionId === undefined && p.destinationConnectionId === undefined
          ? "connections not reported"
          : `source #${orNotReported(p.sourceConnectionId)} -> destination #${orNotReported(p.destinationConnectionId)}`;
      return {
        structured: { project: p, ...(out ? { batches: out } : {}), ...(notes.length > 0 ? { notes } : {}) },
        text: [
          `Project ${nameOrId(p.name, p.projectId)} (${connections}), ${out ? `${out.length} batch(es)` : "batches unknown"}${lines.length ? `:\n${lines.join("\n")}` : out ? ". Create one with create_batch." : ""}`,
          ...notes,
        ].join("\n"),
      };
    },
  }),
  defineTool({
    name: "create_project",
    title: "Create project",
    description: "Create a project from a tested Source and Destination connection. Next: create_batch.",
    toolset: "projects",
    endpoints: ["createProject"],
    input: {
      name: z.string().min(1),
      sourceConnectionId: z.number().int().positive(),
      destinationConnectionId: z.number().int().positive(),
    },
    output: { project: projectOut.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: {
      name: "Example project",
      sourceConnectionId: "{sourceConnectionId}",
      destinationConnectionId: "{destinationConnectionId}",
    },
    handler: async (args, ctx) => {
      const written = await ctx.cloudm.createProject(args, ctx.signal);
      ctx.resourcesChanged();
      const project = written.value;
      if (!project)
        return {
          structured: writtenFields(written),
          text: `Created project ${quoted(args.name)}, but its projectId was not in the answer: do not create it again; find it in the CloudM web UI or with list_projects.${noteLine(written)}`,
        };
      return {
        structured: { project: projectView(project), ...writtenFields(written) },
        content: [projectLink(project.projectId, quoted(project.name ?? args.name))],
        text: `Created project ${quoted(project.name ?? args.name)} (${plainOrQuoted(project.projectId)}). Next: create_batch.`,
      };
    },
  }),
  defineTool({
    name: "create_batch",
    title: "Create batch",
    description:
      "Create a batch in a project (connections default to the project's). Next: add_migration_items or import_migration_items.",
    toolset: "projects",
    endpoints: ["getProject", "createBatch"],
    input: {
      projectId,
      batchName: z.string().min(1),
      itemType: z.enum(ITEM_OBJECT_TYPES).optional().describe("Default User"),
      tags: z.string().optional(),
      sourceConnectionId: z.number().int().positive().optional(),
      destinationConnectionId: z.number().int().positive().optional(),
    },
    output: { batch: batchOut.optional(), ...writtenShape },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    example: { projectId: "{scratchProjectId}", batchName: "Example batch" },
    handler: async (args, ctx) => {
      let { sourceConnectionId, destinationConnectionId } = args;
      let projectName: string | undefined;
      if (sourceConnectionId === undefined || destinationConnectionId === undefined) {
        const project = await ctx.cloudm.projectFacts(args.projectId, ctx.signal);
        if (project.ok) {
          sourceConnectionId ??= project.value.sourceConnectionId;
          destinationConnectionId ??= project.value.destinationConnectionId;
          projectName = project.value.name;
        }
        if (sourceConnectionId === undefined || destinationConnectionId === undefined)
          throw new ToolInputError(
            `sourceConnectionId, destinationConnectionId: the project's connections could not be read (${project.ok ? "not in its record" : project.reason}); pass both (the connections the project was created with; list_connections shows them), or check the projectId`,
          );
      }
      const written = await ctx.cloudm.createBatch(
        {
          projectId: args.projectId,
          batchName: args.batchName,
          sourceConnectionId,
          destinationConnectionId,
          migrationItemsBatchType: ITEM_OBJECT_TYPES.indexOf(args.itemType ?? "User"),
          tags: args.tags ?? "",
        },
        ctx.signal,
      );
      ctx.resourcesChanged();
      const batch = written.value;
      if (!batch)
        return {
          structured: writtenFields(written),
          content: [projectLink(args.projectId, nameOrId(projectName, args.projectId))],
          text: `Created batch ${quoted(args.batchName)}, but its configurationId was not in the answer: do not create it again; find it with get_project.${noteLine(written)}`,
        };
      return {
        structured: { batch: batchView(batch), ...writtenFields(written) },
        content: [
          statisticsLink(batch.configurationId),
          settingsLink(batch.configurationId),
          projectLink(args.projectId, nameOrId(projectName, args.projectId)),
        ],
        text: `Created batch ${quoted(batch.batchName ?? args.batchName)} with configurationId ${plainOrQuoted(batch.configurationId)}. Next: add users with add_migration_items or import_migration_items.${noteLine(written)}`,
      };
    },
  }),
];
