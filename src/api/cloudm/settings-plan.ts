/**
 * A settings change in the instance's own vocabulary. The caller names settings as the instance shows
 * them (a dotted path for nested ones, `advancedSettings.limitSimultaneousMigrationsForConfig`), by
 * their last segment alone, or by one of our friendly names (`simultaneousMigrations`), which an alias
 * table maps to the names CloudM's `GeneralMigrationModel` uses. The body is built in the shape of the
 * settings as read, and the read-back is compared value by value: a binder that drops names it does
 * not know answers 2xx all the same, so only the read-back tells what was applied.
 */
import { isObject, type Json } from "./schemas/read-values.js";
import type { Vocabulary } from "./vocabulary.js";

/** Our friendly names → the names instances use for them (CloudM's model first). */
const SETTING_ALIASES: Readonly<Record<string, readonly string[]>> = {
  emaildatefrom: ["emailFrom", "emailFromDate"],
  emaildateto: ["emailTo", "emailToDate"],
  appointmentdatefrom: ["appointmentsFrom", "appointmentsFromDate"],
  appointmentdateto: ["appointmentsTo", "appointmentsToDate"],
  documentdatefrom: ["documentsFromDate", "documentsFrom"],
  documentdateto: ["documentsToDate", "documentsTo"],
  chatdatefrom: ["chatMessagesFromDate"],
  chatdateto: ["chatMessagesToDate"],
  simultaneousmigrations: ["limitSimultaneousMigrationsForConfig"],
  retryfaileditems: ["featureFailureItemsRetryEnabled"],
  folderselection: ["migrationFolders"],
  addressreplacements: ["addressDomainReplacements"],
  sendreportoncompletion: ["createMigrationReport"],
};

export interface SettingChange {
  /** The name the caller gave. */
  asked: string;
  /** Where the instance keeps it; the caller's name when the instance showed no such setting. */
  path: string[];
  from: unknown;
  /** The value sent, in the instance's encoding (an enum name sent as the number it stores). */
  to: unknown;
}

export interface SettingsPlan {
  changes: SettingChange[];
  /** The save's settings object, nested as the instance nests them. */
  body: Json;
  /** Names given that the instance's settings do not have (only when it showed any). */
  unknown: string[];
  /** Values that could not be put in the instance's encoding, each with why. */
  unencodable: string[];
}

/** Every leaf of the settings, as its path. */
function leaves(settings: Json, prefix: string[] = []): string[][] {
  return Object.entries(settings).flatMap(([key, value]) =>
    isObject(value) ? leaves(value, [...prefix, key]) : [[...prefix, key]],
  );
}

function valueAt(settings: unknown, path: readonly string[]): unknown {
  let current = settings;
  for (const segment of path) current = isObject(current) ? current[segment] : undefined;
  return current;
}

function setAt(target: Json, path: readonly string[], value: unknown): void {
  let current = target;
  for (const segment of path.slice(0, -1)) {
    const next = current[segment];
    current = isObject(next) ? next : (current[segment] = {});
  }
  current[path.at(-1) ?? ""] = value;
}

const lower = (path: readonly string[]) => path.join(".").toLowerCase();

/** The instance's path for a name: the whole dotted path, else a unique last segment, else an alias. */
function locate(all: readonly string[][], name: string): string[] | undefined {
  const wanted = name.toLowerCase();
  const exact = all.find((path) => lower(path) === wanted);
  if (exact) return exact;
  const byLeaf = (leaf: string) => {
    const found = all.filter((path) => path.at(-1)?.toLowerCase() === leaf.toLowerCase());
    return found.length === 1 ? found[0] : undefined;
  };
  return (
    byLeaf(name) ??
    // Own keys only: a setting named "constructor" is no alias of anything.
    (Object.hasOwn(SETTING_ALIASES, wanted) ? (SETTING_ALIASES[wanted] ?? []) : [])
      .map(byLeaf)
      .find((path): path is string[] => path !== undefined)
  );
}

/** A value in the encoding the instance stores: an enum name as its number where it keeps numbers. */
function encode(
  current: unknown,
  value: unknown,
  vocabulary: Vocabulary,
): { ok: true; value: unknown } | { ok: false } {
  if (typeof current !== "number" || typeof value !== "string" || /^-?\d+$/.test(value))
    return {
      ok: true,
      value: typeof current === "number" && typeof value === "string" ? Number(value) : value,
    };
  const number = vocabulary.valueOf(value);
  return number === undefined ? { ok: false } : { ok: true, value: number };
}

export function planSettings(current: Json, wanted: Json, vocabulary: Vocabulary): SettingsPlan {
  const all = leaves(current);
  const plan: SettingsPlan = { changes: [], body: {}, unknown: [], unencodable: [] };
  for (const [asked, value] of Object.entries(wanted)) {
    const path = locate(all, asked) ?? (all.length === 0 ? asked.split(".") : undefined);
    if (!path) {
      plan.unknown.push(asked);
      continue;
    }
    const from = valueAt(current, path);
    const encoded = encode(from, value, vocabulary);
    if (!encoded.ok) {
      plan.unencodable.push(
        `${asked}: the instance keeps ${path.join(".")} as a number and its OpenAPI document names no value '${String(value)}' (give the number, or map it in MIGRATE_MCP_ENDPOINTS)`,
      );
      continue;
    }
    plan.changes.push({ asked, path, from, to: encoded.value });
    setAt(plan.body, path, encoded.value);
  }
  return plan;
}

/** Whether a value read back is the one sent: equal, or the same instant written another way. */
function sameValue(sent: unknown, got: unknown): boolean {
  if (JSON.stringify(sent ?? null) === JSON.stringify(got ?? null)) return true;
  if (typeof sent === "string" && typeof got === "string") {
    const a = Date.parse(sent);
    const b = Date.parse(got);
    return !Number.isNaN(a) && a === b;
  }
  return false;
}

export interface ReadBack {
  /** Changes the read-back shows with another value: the instance did not take them. */
  unapplied: Array<SettingChange & { now: unknown }>;
  /** Changes the read-back does not show at all: whether they were taken cannot be told. */
  unverified: SettingChange[];
}

/** The changes as the settings read back show them; a field absent from the read-back proves nothing. */
export function checkReadBack(readBack: Json, changes: readonly SettingChange[]): ReadBack {
  const shown = changes.map((change) => ({ change, now: valueAt(readBack, change.path) }));
  return {
    unapplied: shown
      .filter(({ change, now }) => now !== undefined && !sameValue(change.to, now))
      .map(({ change, now }) => ({ ...change, now })),
    // A null sent to clear a setting reads back as absent on many instances: that is it cleared.
    unverified: shown
      .filter(({ change, now }) => now === undefined && change.to !== null)
      .map(({ change }) => change),
  };
}
