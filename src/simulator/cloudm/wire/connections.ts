/**
 * Connections (api/<Platform>Connections) and their tests (api/TestConnection): the bodies this
 * instance takes, the views it answers with, and which settings it treats as credentials.
 */
import { z } from "zod";
import { type PlatformKey, platformInfo } from "../../../guide/platforms.js";

const id = z.number().int().positive();

const connectionSettings = z.record(z.string(), z.unknown());

export const connectionRequest = z.strictObject({
  name: z.string().min(1).max(200),
  connectionType: z.enum(["Source", "Destination"]),
  settings: connectionSettings,
});

export const connection = z.looseObject({
  id,
  name: z.string(),
  connectionType: z.string(),
  platform: z.string(),
  settings: connectionSettings,
  createdOn: z.string().optional(),
});
export const connectionList = z.array(connection);

/**
 * The settings this instance holds as credentials: read back masked, documented as `format: password`.
 * `credentialMethod` is among them, as on an instance that masks every field named for a credential.
 */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  "adminPassword",
  "microsoftGraphClientSecret",
  "credentialMethod",
  "key",
  "clientSecret",
  "authorisationCode",
  "jwtConfiguration",
  "accessKey",
  "secretKey",
  "accountKey",
]);

/** The component of /openapi/v1.json that describes a platform's settings. */
export const settingsComponent = (key: PlatformKey) => `${key}ConnectionSettings`;

/** The required settings a body leaves out or blank: each is a 400 naming it. */
export function absentSettings(key: PlatformKey, settings: Record<string, unknown>): string[] {
  const blank = (value: unknown) =>
    value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  return platformInfo(key).requiredSettings.filter((field) => blank(settings[field]));
}

// ---------------------------------------------------------------- connection tests

export const testConnectionRequest = z.strictObject({ platformConnectionId: id });
export const testConnectionStarted = z.looseObject({ testId: z.string() });

// the checks follow the facts file: {name, status, message}
const connectionCheck = z.looseObject({
  name: z.string(),
  status: z.string(),
  message: z.string().optional(),
});
export const connectionTestStatus = z.looseObject({
  completed: z.boolean(),
  testNotFound: z.boolean(),
  success: z.boolean().optional(),
  checks: z.array(connectionCheck).optional(),
});
