/** Upstream lookups behind completions and resource lists: ids matched on names as the user types. */
import type { CloudMClient } from "../api/cloudm/client.js";
import { PLATFORM_KEYS } from "../api/cloudm/platforms.js";

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

export async function allProjects(cloudm: CloudMClient) {
  return (await cloudm.listProjects({ pageNumber: 1, pageSize: 100, includeArchived: false })).items;
}

export async function allConnections(cloudm: CloudMClient) {
  return (await Promise.all(PLATFORM_KEYS.map((p) => cloudm.listConnections(p)))).flat();
}

async function allBatches(cloudm: CloudMClient) {
  const projects = await allProjects(cloudm);
  return (await Promise.all(projects.map((p) => cloudm.listBatches(p.projectId)))).flat();
}

export function completers(cloudm: CloudMClient) {
  return {
    projectId: async (typed: string) =>
      matching(
        await allProjects(cloudm),
        typed,
        (p) => p.projectId,
        (p) => p.name,
      ),
    configurationId: async (typed: string) =>
      matching(
        await allBatches(cloudm),
        typed,
        (b) => b.configurationId,
        (b) => b.batchName,
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
