/**
 * The platform table as the client uses it: the guide's facts (src/guide/platforms.ts) and what the
 * client concludes from them (which settings are credentials, where an instance's OpenAPI document
 * keeps a platform's settings, which required settings a connection lacks before it is sent).
 */
import { type PlatformKey, PLATFORMS, platformInfo } from "../../guide/platforms.js";
import { isSecretFieldName } from "../secrets.js";

export { PLATFORM_KEYS, PLATFORMS, type PlatformKey, platformInfo } from "../../guide/platforms.js";

/** The platforms' settings that are credentials (by the one rule of api/secrets.ts): masked, never logged. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set(
  [...PLATFORMS.values()]
    .flatMap((p) => [...p.requiredSettings, ...p.optionalSettings])
    .filter(isSecretFieldName),
);

/** The OpenAPI component that holds a platform's settings, e.g. `Microsoft365ConnectionSettings`. */
export const settingsComponent = (key: PlatformKey) => `${key}ConnectionSettings`;

/** Names the settings a platform needs but `settings` lacks (empty strings count as missing). */
export function missingSettings(key: PlatformKey, settings: Record<string, unknown>): string[] {
  return platformInfo(key).requiredSettings.filter((field) => {
    const value = settings[field];
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  });
}
