/**
 * Reading one setting from the environment: a secret given inline or as a file, an on/off word, a
 * positive whole number, a comma-separated list. A value that is wrong becomes a problem naming the
 * setting (the caller reports them all at once), never a silent default.
 */
import { readFileSync } from "node:fs";
import { OFF, ON } from "../on-off.js";

export type Env = Record<string, string | undefined>;

/** Sizes are set in MiB. */
export const MIB = 1024 * 1024;

/** `name`, or the contents of the file `name_FILE` points to (a mounted secret); not both. */
export function secretFrom(env: Env, name: string, problems: string[]): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) problems.push(`Set ${name} or ${name}_FILE, not both`);
  if (!file) return direct || undefined;
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    problems.push(
      `${name}_FILE points to '${file}', which cannot be read; fix the path or set ${name} instead`,
    );
    return undefined;
  }
}

/**
 * An on/off setting. Anything but the words for on or off is a problem, not "off": a typo in
 * MIGRATE_MCP_READ_ONLY must not start a server that writes.
 */
export function onOff(env: Env, name: string, problems: string[]): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || OFF.includes(value)) return false;
  if (ON.includes(value)) return true;
  problems.push(`${name} must be one of ${[...ON, ...OFF].join(", ")}, got '${env[name] ?? ""}'`);
  return false;
}

export function positiveInt(
  text: string | undefined,
  name: string,
  fallback: number,
  problems: string[],
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (Number.isInteger(n) && n > 0) return n;
  problems.push(`${name} must be a positive whole number, got '${text}'`);
  return fallback;
}

/** The non-empty items of a comma-separated list, trimmed; none for an unset one. */
export function commaList(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}
