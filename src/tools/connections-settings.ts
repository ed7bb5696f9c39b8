/**
 * A connection's settings on their way to the instance, for create_connection and update_connection:
 * checked against the platform's (names it lacks or does not know, a Destination of a Source-only
 * platform), merged over the current ones on an update without sending back secrets that read back
 * masked, and the changes asked, for the read-back to check.
 */
import type { Connection } from "../api/cloudm/client.js";
import { missingSettings, type PlatformKey, platformInfo } from "../api/cloudm/platforms.js";
import type { SettingChange } from "../api/cloudm/settings-plan.js";
import { ValidationError } from "../api/errors.js";
import { plainOrQuoted } from "../api/quoted.js";
import { isSecretFieldName, isUnreadableSecret } from "../api/secrets.js";
import { ToolInputError } from "../views/input-error.js";

/** Unknown setting names, and a Destination of a platform that can only be a Source. */
export function settingsProblems(
  key: PlatformKey,
  connectionType: string,
  settings: Record<string, unknown>,
): string[] {
  const info = platformInfo(key);
  const problems: string[] = [];
  const known = new Set([...info.requiredSettings, ...info.optionalSettings]);
  const unknown = Object.keys(settings).filter((k) => !known.has(k));
  if (unknown.length > 0)
    problems.push(
      `${unknown.map((u) => `settings.${u}`).join(", ")} not known for ${key} (known: ${[...known].join(", ")})`,
    );
  if (connectionType === "Destination" && !info.canBeDestination)
    problems.push(`connectionType: ${info.label} can only be a Source`);
  return problems;
}

export function checkNewSettings(
  key: PlatformKey,
  connectionType: string,
  settings: Record<string, unknown>,
): void {
  const missing = missingSettings(key, settings);
  const problems = [
    ...(missing.length > 0 ? [`settings is missing ${missing.map((m) => `settings.${m}`).join(", ")}`] : []),
    ...settingsProblems(key, connectionType, settings),
  ];
  if (problems.length > 0)
    throw new ToolInputError(
      `${problems.join("; ")}. Required for ${key}: ${platformInfo(key).requiredSettings.join(", ")}.`,
    );
}

/**
 * The settings to send on an update: what the instance reads back, minus secrets it reads back masked
 * or not at all (sending those back would overwrite the real secret), plus what the user changes.
 */
export function updatedSettings(current: Record<string, unknown>, given: Record<string, unknown>) {
  // A field of any name that reads back as a mask is a secret too.
  const unreadable = (key: string, value: unknown) =>
    isSecretFieldName(key)
      ? isUnreadableSecret(value)
      : typeof value === "string" && value !== "" && isUnreadableSecret(value);
  const withheld = Object.entries(current)
    .filter(([key, value]) => !(key in given) && unreadable(key, value))
    .map(([key]) => key);
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !withheld.includes(key)));
  return { settings: { ...kept, ...given }, withheld };
}

/** A 400 naming a secret we could not send back: the user must give it, by name. */
export function secretRequired(error: unknown, withheld: readonly string[]): ToolInputError | undefined {
  if (!(error instanceof ValidationError) || withheld.length === 0) return undefined;
  const said = [error.message, ...Object.keys(error.fieldErrors)].join(" ").toLowerCase();
  const named = withheld.filter((field) => said.includes(field.toLowerCase()));
  const fields = named.length > 0 ? named : withheld;
  const settingNames = fields.map((f) => plainOrQuoted(`settings.${f}`)).join(", ");
  return new ToolInputError(
    `The instance requires ${settingNames} with every update, and does not read ${fields.length > 1 ? "them" : "it"} back (secrets come back masked), so ${fields.length > 1 ? "they were" : "it was"} not sent. Ask the user for the connection's ${fields.map(plainOrQuoted).join(", ")} and call update_connection again with ${settingNames}. Nothing was changed. (${error.message})`,
  );
}

/**
 * What an update asked, for the connection read back to confirm. Secrets read back masked, so they
 * cannot be checked.
 */
export function askedChanges(
  current: Connection,
  asked: {
    name?: string | undefined;
    connectionType?: string | undefined;
    settings: Record<string, unknown>;
  },
): SettingChange[] {
  return [
    ...(asked.name === undefined
      ? []
      : [{ asked: "name", path: ["name"], from: current.name, to: asked.name }]),
    ...(asked.connectionType === undefined
      ? []
      : [
          {
            asked: "connectionType",
            path: ["connectionType"],
            from: current.connectionType,
            to: asked.connectionType,
          },
        ]),
    ...Object.entries(asked.settings)
      .filter(([key]) => !isSecretFieldName(key))
      .map(([key, value]) => ({
        asked: `settings.${key}`,
        path: ["settings", key],
        from: current.settings[key],
        to: value,
      })),
  ];
}
