/** Upstream lookups behind completions and resource lists: ids matched on names as the user types. */
import { type CloudMClient, optional } from "../api/cloudm/client.js";
import type { ProjectRecord } from "../api/cloudm/schemas/index.js";

const MAX_COMPLETIONS = 20;

/** Ids whose name or id contains what the user typed, best matches (name starts with it) first. */
function matching<T>(items: T[], typed: string, id: (t: T) => string, name: (t: T) => string): string[] {
  const want = typed.toLowerCase();
  return items
    .filter((t) => name(t).toLowerCase().includes(want) || id(t).toLowerCase().startsWith(want))
    .sort(
      (a, b) =>
        Number(name(b).toLowerCase().startsWith(want)) - Number(name(a).toLowerCase().startsWith(want)),
    )
    .slice(0, MAX_COMPLETIONS)
    .map(id);
}

/**
 * The first 100 projects the instance lists, and those this server created (the guide documents no
 * project list: without one, those are all that can be offered); `unavailable` says why, when so.
 */
export async function allProjects(
  cloudm: CloudMClient,
): Promise<{ projects: ProjectRecord[]; unavailable: string | undefined }> {
  const listed = await optional(
    cloudm.listProjects({ pageNumber: 1, pageSize: 100, includeArchived: false }),
  );
  const projects = listed.ok ? listed.value.projects : [];
  const seen = new Set(projects.map((p) => p.projectId.toLowerCase()));
  const known = cloudm.known.allProjects().filter((p) => !seen.has(p.projectId.toLowerCase()));
  return { projects: [...projects, ...known], unavailable: listed.ok ? undefined : listed.reason };
}

export async function allConnections(cloudm: CloudMClient) {
  return (await cloudm.allConnections()).connections;
}

async function allBatches(cloudm: CloudMClient) {
  const { projects } = await allProjects(cloudm);
  const lists = await Promise.all(projects.map((p) => cloudm.batchesOf(p.projectId)));
  return lists.flatMap((list) => (list.ok ? list.value : []));
}

export function completers(cloudm: CloudMClient) {
  return {
    projectId: async (typed: string) =>
      matching(
        (await allProjects(cloudm)).projects,
        typed,
        (p) => p.projectId,
        (p) => p.name ?? "",
      ),
    configurationId: async (typed: string) =>
      matching(
        await allBatches(cloudm),
        typed,
        (b) => b.configurationId,
        (b) => b.batchName ?? "",
      ),
    connectionId: async (typed: string) =>
      matching(
        await allConnections(cloudm),
        typed,
        (c) => String(c.id),
        (c) => c.name,
      ),
  };
}
