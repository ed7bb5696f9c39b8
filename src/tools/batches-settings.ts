/**
 * A batch's settings for get_batch_settings and update_batch_settings: the three sections, each change
 * planned in the instance's names and encoding, the settings in one line, and what the settings read
 * back after a save say was applied.
 */
import type { SettingsRecord } from "../api/cloudm/schemas/index.js";
import {
  checkReadBack,
  planSettings,
  type SettingChange,
  type SettingsPlan,
} from "../api/cloudm/settings-plan.js";
import type { Vocabulary } from "../api/cloudm/vocabulary.js";
import { plainOrQuoted, quotedJson } from "../api/quoted.js";
import { ToolInputError } from "../views/input-error.js";
import type { NotApplied } from "../views/reported.js";
import { notAppliedText } from "./written.js";

export type Section = "general" | "source" | "destination";
export const SECTIONS = {
  general: "generalSettings",
  source: "sourceSettings",
  destination: "destinationSettings",
} as const satisfies Record<Section, keyof SettingsRecord>;

/**
 * Each section's change in the instance's names and encoding, from the settings as read; a name the
 * instance does not have, or a value it cannot store, is the caller's to correct before anything is sent.
 */
export function plans(
  current: SettingsRecord,
  args: Partial<Record<Section, Record<string, unknown>>>,
  vocabulary: Vocabulary,
) {
  const out: Array<[Section, SettingsPlan]> = [];
  const problems: string[] = [];
  for (const section of Object.keys(SECTIONS) as Section[]) {
    const wanted = args[section];
    if (!wanted) continue;
    const shown = current[SECTIONS[section]];
    const plan = planSettings(shown, wanted, vocabulary);
    if (plan.unknown.length > 0) {
      const names = Object.keys(shown).slice(0, 30).map(plainOrQuoted).join(", ");
      problems.push(
        `${section}: this instance's ${section} settings have no ${plan.unknown.map((n) => `'${n}'`).join(", ")}; use the names get_batch_settings shows (${names})`,
      );
    }
    problems.push(...plan.unencodable.map((p) => `${section}.${p}`));
    out.push([section, plan]);
  }
  if (problems.length > 0) throw new ToolInputError(problems.join(". "));
  return out;
}

export const settingName = (section: Section, change: SettingChange) => `${section}.${change.path.join(".")}`;

const MAX_SETTINGS_SHOWN = 40;

/** `general.emailFrom=null, general.advancedSettings.limitSimultaneousMigrationsForConfig=10, …` */
export function settingsLine(settings: SettingsRecord): string {
  const flat = (value: unknown, path: string): string[] =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.entries(value).flatMap(([key, inner]) => flat(inner, `${path}.${key}`))
      : [`${plainOrQuoted(path)}=${quotedJson(value)}`];
  const all = (Object.keys(SECTIONS) as Section[]).flatMap((section) =>
    flat(settings[SECTIONS[section]], section),
  );
  const shown = all.filter((entry) => !entry.endsWith("={}"));
  return `${shown.slice(0, MAX_SETTINGS_SHOWN).join(", ")}${shown.length > MAX_SETTINGS_SHOWN ? `, and ${shown.length - MAX_SETTINGS_SHOWN} more (see structuredContent)` : ""}.`;
}

/**
 * The sections saved, checked against the settings read back: which values were applied, which the
 * instance did not take, which it does not show; and that in words.
 */
export function savedOutcome(
  saved: ReadonlyArray<[Section, SettingsPlan]>,
  readBack: SettingsRecord,
): { applied: string[]; missed: NotApplied[]; unverified: string[]; head: string } {
  const asked = saved.flatMap(([section, plan]) => plan.changes.map((c) => ({ section, c })));
  const checked = saved.map(([section, plan]) => ({
    section,
    ...checkReadBack(readBack[SECTIONS[section]], plan.changes),
  }));
  const missed = checked.flatMap(({ section, unapplied }) =>
    unapplied.map((c) => ({ setting: settingName(section, c), asked: c.to, instanceHas: c.now ?? null })),
  );
  const unverified = checked.flatMap(({ section, unverified }) =>
    unverified.map((c) => settingName(section, c)),
  );
  const applied = asked
    .map(({ section, c }) => settingName(section, c))
    .filter((name) => !missed.some((m) => m.setting === name) && !unverified.includes(name));
  const head = [
    missed.length === 0 && unverified.length === 0
      ? `Batch settings saved: ${applied.length} value(s) applied, checked by reading them back.`
      : `The instance accepted the save (${asked.length} value(s)).`,
    missed.length > 0
      ? `It did not apply ${missed.length}: ${notAppliedText(missed.map((m) => ({ ...m, setting: plainOrQuoted(m.setting) })))}.`
      : "",
    unverified.length > 0
      ? `Not verified (its settings read back do not show them): ${unverified.map(plainOrQuoted).join(", ")}.`
      : "",
    applied.length > 0 && (missed.length > 0 || unverified.length > 0)
      ? `Applied: ${applied.map(plainOrQuoted).join(", ")}.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
  return { applied, missed, unverified, head };
}
