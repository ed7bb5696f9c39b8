/**
 * Which of an instance's names stands for one of our arguments: the same name, else the same name in
 * another case, else one of the aliases below. The only alias table: discovery scores with it and
 * placement sends with it, so what is found is what is sent.
 */

/** Our argument → names instances are known to give it, most likely first. */
const ARGUMENT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  configurationId: ["batchId", "connectionBatchId", "configId", "id"],
  projectId: ["connectionsProjectId", "projectConfigurationId", "id"],
  connectionId: ["platformConnectionId", "id"],
  platformConnectionId: ["connectionId", "id"],
  completedConfigurationId: ["completedBatchId", "afterConfigurationId"],
  name: ["newName", "projectName", "displayName"],
  batchName: ["name"],
  id: ["userId", "adminUserId"],
  testId: ["id", "taskId"],
  scheduleId: ["id"],
  readinessId: ["id", "scanId"],
  notificationIds: ["ids"],
  machineName: ["serverName", "name"],
  login: ["email", "userEmail", "userName"],
  pageNumber: ["page", "pageIndex"],
  pageSize: ["perPage", "limit"],
  from: ["fromDate", "dateFrom", "startDate"],
  to: ["toDate", "dateTo", "endDate"],
  markAll: ["markAllAsRead", "all"],
  scheduleOn: ["scheduledOn", "scheduleDate", "startOn"],
  repeat: ["repeatType", "repetition"],
  mode: ["migrationMode", "startMode"],
  sourceOption: ["scanSourceOption"],
  csv: ["file", "fileContent", "content"],
  fileContent: ["file", "content"],
};

const RANKS = ["exact", "case", "alias"] as const;
type Rank = (typeof RANKS)[number];

/** Tests for the names `ours` goes by at one rank, in preference order. */
function namesAt(rank: Rank, ours: string): Array<(theirs: string) => boolean> {
  if (rank === "exact") return [(theirs) => theirs === ours];
  if (rank === "case") return [(theirs) => theirs.toLowerCase() === ours.toLowerCase()];
  return (ARGUMENT_ALIASES[ours] ?? []).map(
    (alias) => (theirs: string) => theirs.toLowerCase() === alias.toLowerCase(),
  );
}

/**
 * Gives each of our names at most one target, and each target at most one of ours: every exact match
 * first, then matches by case, then by alias (in the alias table's order), so an alias never takes a
 * name another argument has exactly. Targets are tried in the order given.
 */
export function assignNames<T extends { readonly name: string }>(
  ours: readonly string[],
  targets: readonly T[],
): Map<string, T> {
  const assigned = new Map<string, T>();
  const taken = new Set<T>();
  for (const rank of RANKS)
    for (const name of ours) {
      if (assigned.has(name)) continue;
      for (const isName of namesAt(rank, name)) {
        const target = targets.find((t) => !taken.has(t) && isName(t.name));
        if (target) {
          assigned.set(name, target);
          taken.add(target);
          break;
        }
      }
    }
  return assigned;
}
