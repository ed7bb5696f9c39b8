/**
 * cloudm:// resources: projects, connections, batch settings and live batch statistics. Templates
 * complete their ids from upstream, matched on names as the user types; statistics are subscribable
 * (subscriptions.ts) through the shared watcher.
 */
import { ResourceTemplate, ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import type { McpServer, ReadResourceResult } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { StatisticsWatcher } from "../live/watcher.js";
import type { CloudMClient } from "../api/cloudm/client.js";
import { nameOrId } from "../api/quoted.js";
import { maskSecretFields } from "../api/secrets.js";
import { allConnections, allProjects, completers } from "../views/completions.js";
import { summarizeProject } from "../insight/summary.js";
import { digestStatistics } from "../views/statistics.js";
import { URIS } from "../views/uris.js";

export interface ResourceDeps {
  cloudm: CloudMClient;
  logger: Logger;
  /** Holds the figures of followed batches: a read after a change notice needs no upstream GET. */
  watcher: StatisticsWatcher;
}

const STATISTICS_ITEMS = 100;

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 2) }] };
}

const variable = (value: string | string[] | undefined) =>
  Array.isArray(value) ? (value[0] ?? "") : (value ?? "");

/** The cloudm:// resources; subscriptions are handled in subscriptions.ts. */
export function registerCloudMResources(server: McpServer, { cloudm, logger, watcher }: ResourceDeps): void {
  const complete = completers(cloudm);
  // resources/list must always list the static resources: a template whose listing cannot be read
  // contributes nothing, and the static resource says why when it is read.
  const listed = async (
    what: string,
    list: () => Promise<Array<{ uri: string; name: string; mimeType: string }>>,
  ) => {
    try {
      return { resources: await list() };
    } catch (error) {
      logger.warn({ err: (error as Error).message }, `could not list ${what} for resources/list`);
      return { resources: [] };
    }
  };

  server.registerResource(
    "projects",
    URIS.projects,
    { title: "Projects", description: "Migration projects (first 100)", mimeType: "application/json" },
    async (uri) => {
      const { projects, unavailable } = await allProjects(cloudm);
      const read = json(uri.href, projects);
      if (!unavailable) return read;
      const note = `This instance offers no project list this server can read (${unavailable}); listed are the projects created through this server since it started.`;
      return { contents: [...read.contents, { uri: uri.href, mimeType: "text/plain", text: note }] };
    },
  );
  server.registerResource(
    "project",
    new ResourceTemplate(URIS.project("{projectId}"), {
      list: () =>
        listed("projects", async () =>
          (await allProjects(cloudm)).projects.map((p) => ({
            uri: URIS.project(p.projectId),
            name: nameOrId(p.name, p.projectId),
            mimeType: "application/json",
          })),
        ),
      complete: { projectId: complete.projectId },
    }),
    { title: "Project", description: "A project with its batches", mimeType: "application/json" },
    async (uri, vars) => {
      const projectId = variable(vars.projectId);
      const [project, batches] = await Promise.all([
        cloudm.projectFacts(projectId),
        cloudm.batchesOf(projectId),
      ]);
      return json(uri.href, {
        ...(project.ok ? project.value : { projectId, unavailable: project.reason }),
        batches: batches.ok ? batches.value : [],
        ...(batches.ok ? {} : { batchesUnavailable: batches.reason }),
      });
    },
  );
  server.registerResource(
    "project-summary",
    new ResourceTemplate(URIS.projectSummary("{projectId}"), {
      list: undefined,
      complete: { projectId: complete.projectId },
    }),
    {
      title: "Project summary",
      description:
        "Every batch's state, users, data moved, rate, finish estimate, failures by cause, licences",
      mimeType: "application/json",
    },
    async (uri, vars) =>
      json(uri.href, await summarizeProject({ cloudm, watcher }, variable(vars.projectId))),
  );
  server.registerResource(
    "connections",
    URIS.connections,
    {
      title: "Connections",
      description: "Source and destination connections (no settings)",
      mimeType: "application/json",
    },
    async (uri) =>
      json(
        uri.href,
        (await allConnections(cloudm)).map(({ id, name, platform, connectionType }) => ({
          id,
          name,
          platform,
          connectionType,
        })),
      ),
  );
  server.registerResource(
    "connection",
    new ResourceTemplate(URIS.connection("{connectionId}"), {
      list: () =>
        listed("connections", async () =>
          (await allConnections(cloudm)).map((c) => ({
            uri: URIS.connection(c.id),
            name: nameOrId(c.name, c.id),
            mimeType: "application/json",
          })),
        ),
      complete: { connectionId: complete.connectionId },
    }),
    {
      title: "Connection",
      description: "A connection with its settings (secrets masked)",
      mimeType: "application/json",
    },
    async (uri, vars) => {
      const id = Number(variable(vars.connectionId));
      const found = (await allConnections(cloudm)).find((c) => c.id === id);
      if (!found)
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `No connection ${variable(vars.connectionId)}; list ${URIS.connections}`,
        );
      return json(uri.href, maskSecretFields(found));
    },
  );
  server.registerResource(
    "batch-settings",
    new ResourceTemplate(URIS.settings("{configurationId}"), {
      list: undefined,
      complete: { configurationId: complete.configurationId },
    }),
    {
      title: "Batch settings",
      description: "General, source and destination settings of a batch",
      mimeType: "application/json",
    },
    async (uri, vars) => json(uri.href, await cloudm.getBatchSettings(variable(vars.configurationId))),
  );
  server.registerResource(
    "batch-statistics",
    new ResourceTemplate(URIS.statistics("{configurationId}"), {
      list: undefined,
      complete: { configurationId: complete.configurationId },
    }),
    {
      title: "Batch statistics",
      description: `Live progress of a batch (first ${STATISTICS_ITEMS} users); subscribe to hear of every change`,
      mimeType: "application/json",
    },
    async (uri, vars) =>
      json(
        uri.href,
        digestStatistics(
          watcher.latest(variable(vars.configurationId)) ??
            (await cloudm.getStatistics(variable(vars.configurationId))),
          { limit: STATISTICS_ITEMS },
        ),
      ),
  );

  server.registerResource(
    "openapi",
    URIS.openapi,
    {
      title: "Instance OpenAPI",
      description: "The instance's own /openapi/v1.json: exact endpoints and fields",
      mimeType: "application/json",
    },
    async (uri) => {
      const doc = await cloudm.openApi();
      if (!doc)
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          "This CloudM instance serves no /openapi/v1.json",
        );
      return json(uri.href, doc);
    },
  );
}
