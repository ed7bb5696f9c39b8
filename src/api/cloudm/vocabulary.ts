/**
 * What this instance calls things beyond the guide: the names of its enum values and the field names
 * of its answers. The readers ask it; it is learnt from the instance's OpenAPI document and the admin's
 * override file. Without either it knows CloudM's own names (cloudm-facts.md), which are also ours.
 *
 * An enum value it cannot name is *not understood*: `undefined`, never a guess. An integer is only ever
 * named from the instance's document or the override file, since encodings differ between instances.
 */

/** The enumerations answers carry, each with every name CloudM's models give it (any order). */
export const ENUM_NAMES = {
  runState: ["None", "PreparingData", "Queueing", "Running", "Stopping", "Stopped", "Completed", "Error"],
  stopReason: ["None", "UserStopMigration", "ErrorCapLimitExceeded"],
  itemState: ["None", "Waiting", "InProgress", "Success", "Warning", "Failed", "Stopped", "Purging"],
  checkStatus: ["Success", "Failed", "InProgress", "Warning"],
  scanState: ["None", "Processing", "UpdateStatistics", "Complete", "Error", "Stopping", "Stopped"],
  readinessStatus: [
    "None",
    "Pending",
    "InProgress",
    "Completed",
    "CompletedWithWarnings",
    "Failed",
    "Cancelling",
    "Cancelled",
    "ConfigurationChanged",
  ],
  readinessTestStatus: ["Info", "Success", "Warning", "Failed"],
  licenceState: ["Valid", "Expired", "NotValidForCurrentPlatform", "InvalidDomain", "NotFoundOnServer"],
  serverStatus: ["Ok", "Warn", "Offline", "VersionDoesNotMatch"],
  notificationType: ["Success", "Error", "Info", "Warning"],
  scheduleType: ["DateTime", "WhenSpecificMigrationCompleted", "WhenSpecificMigrationPercentCompleted"],
  scheduleRepeat: ["Disabled", "Hourly", "Daily", "Weekly", "Monthly"],
  // Our names, where CloudM's models reduce a schedule to isScheduled and name no licence kinds.
  scheduleStatus: ["Scheduled", "Fired", "Cancelled"],
  licenceType: ["User", "SharedDrive", "Site"],
  migrationMode: ["StartMigration", "CheckUsersOnly", "RestartFailedUsers", "RestartFailedItems"],
  scanType: ["AllItems", "SelectedToMigrateItems"],
  scanSourceOption: ["Both", "Email", "File"],
  connectionType: ["Source", "Destination"],
} as const satisfies Record<string, readonly string[]>;

export type EnumKind = keyof typeof ENUM_NAMES;
export const ENUM_KINDS = Object.keys(ENUM_NAMES) as EnumKind[];

/** One integer enumeration as an instance declares it: value → name. */
export type DeclaredEnum = ReadonlyMap<number, string>;

export interface Vocabulary {
  /**
   * Names to try first for one of our fields in one kind of answer, e.g. ("statistics", "failedUsers")
   * → ["failedUserCount"] from the override file; empty when nothing is known beyond the defaults.
   */
  fieldNames(answer: string, field: string): readonly string[];
  /** The value as one of CloudM's names (ENUM_NAMES), or undefined when it is not understood. */
  enumName(kind: EnumKind, value: unknown): string | undefined;
  /**
   * The number the instance stores for an enum name (a setting such as `migrationFolders: "InboxOnly"`),
   * when its document names it in exactly one way; undefined otherwise.
   */
  valueOf(name: string): number | undefined;
}

const canonical = (kind: EnumKind, name: string): string | undefined =>
  (ENUM_NAMES[kind] as readonly string[]).find((known) => known.toLowerCase() === name.trim().toLowerCase());

/**
 * Which of the instance's declared enumerations is `kind`: the one sharing the most names with ours
 * (at least two, and more than any other), so an instance's own order and extra values do not matter.
 * Between two sharing as many, the one with fewer names of its own wins (CloudM's connection test
 * statuses are all in its user states too); a tie beyond that names nothing.
 */
function declaredFor(kind: EnumKind, declared: readonly DeclaredEnum[]): DeclaredEnum | undefined {
  let best: DeclaredEnum | undefined;
  let bestScore = 1;
  let tie = false;
  for (const candidate of declared) {
    const score = [...candidate.values()].filter((name) => canonical(kind, name) !== undefined).length;
    const closer =
      score > bestScore || (score === bestScore && best !== undefined && candidate.size < best.size);
    if (closer) {
      best = candidate;
      bestScore = score;
      tie = false;
    } else if (
      score === bestScore &&
      best !== undefined &&
      candidate.size === best.size &&
      !sameEnum(best, candidate)
    )
      tie = true;
  }
  return tie ? undefined : best;
}

/** Whether two declarations say the same thing (a document repeats an enum at every use). */
export function sameEnum(a: DeclaredEnum, b: DeclaredEnum): boolean {
  return a.size === b.size && [...a].every(([value, name]) => b.get(value) === name);
}

export interface VocabularySources {
  /** Integer enumerations the instance's OpenAPI document names (x-enumNames and the like). */
  declaredEnums?: readonly DeclaredEnum[];
  /** The override file's enum values: kind → instance value (as text) → our name. */
  enumOverrides?: Partial<Record<EnumKind, Readonly<Record<string, string>>>>;
  /** The override file's field names: `answer.field` → the instance's name for it. */
  fieldOverrides?: Readonly<Record<string, string>>;
}

const NO_NAMES: readonly string[] = [];

export function buildVocabulary(sources: VocabularySources = {}): Vocabulary {
  const resolved = new Map<EnumKind, DeclaredEnum | undefined>();
  const hasFieldOverrides = Object.keys(sources.fieldOverrides ?? {}).length > 0;
  const declaredOf = (kind: EnumKind) => {
    if (!resolved.has(kind)) resolved.set(kind, declaredFor(kind, sources.declaredEnums ?? []));
    return resolved.get(kind);
  };
  return {
    fieldNames(answer, field) {
      if (!hasFieldOverrides) return NO_NAMES;
      const name = sources.fieldOverrides?.[`${answer}.${field}`];
      return name === undefined ? [] : [name];
    },
    valueOf(name) {
      const wanted = name.trim().toLowerCase();
      const values = new Set(
        (sources.declaredEnums ?? []).flatMap((declared) =>
          [...declared].filter(([, known]) => known.toLowerCase() === wanted).map(([value]) => value),
        ),
      );
      return values.size === 1 ? [...values][0] : undefined;
    },
    enumName(kind, value) {
      if (value === undefined || value === null) return undefined;
      const override = sources.enumOverrides?.[kind]?.[String(value)];
      if (override !== undefined) return canonical(kind, override);
      if (typeof value === "string") {
        const named = canonical(kind, value);
        if (named !== undefined) return named;
        // An integer sent as text ("2") is still an integer encoding.
        if (!/^-?\d+$/.test(value.trim())) return undefined;
        value = Number(value);
      }
      if (typeof value !== "number" || !Number.isInteger(value)) return undefined;
      // A name we do not know is as good as no name: "Paused" must not read as "over".
      const name = declaredOf(kind)?.get(value);
      return name === undefined ? undefined : canonical(kind, name);
    },
  };
}

/** What is known with nothing learnt: CloudM's names, spelt any case; no integer is understood. */
export const DEFAULT_VOCABULARY: Vocabulary = buildVocabulary();
