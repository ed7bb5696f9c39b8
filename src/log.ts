/**
 * The logger: pino to stderr (stdout belongs to the stdio transport) and, when a hub is given, to the
 * connected MCP clients as `notifications/message`. Secrets are redacted by path before either sees them.
 */
import { type DestinationStream, type Logger, pino } from "pino";
import { maskSecretFields } from "./api/secrets.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SECRET_KEYS = [
  "password",
  "adminPassword",
  "token",
  "accessToken",
  "apiKey",
  "authorization",
  "secret",
  "clientSecret",
  "secretKey",
  "accountKey",
  "key",
  "confirmationToken",
];

/**
 * Every logged field whose name looks like a credential, at any depth, by the one rule of
 * api/secrets.ts (the redact paths above catch the usual names even where this is bypassed). Errors
 * pass as they are: pino's serializer reads their message and stack, which ApiError has redacted.
 */
function maskLogFields(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [
      key,
      value instanceof Error ? value : (maskSecretFields({ [key]: value }) as Record<string, unknown>)[key],
    ]),
  );
}

export function createLogger(
  level: LogLevel = "info",
  clients?: { write: (line: string) => unknown },
): Logger {
  const options = {
    base: { name: "migrate-mcp" },
    redact: { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: "[redacted]" },
    formatters: { log: maskLogFields },
  };
  if (!clients) return pino({ ...options, level }, pino.destination(2));
  // Each stream filters; the hub lowers the logger's own level only while a client wants more.
  const streams = [
    ...(level === "silent" ? [] : [{ level, stream: pino.destination(2) }]),
    { level: "debug" as const, stream: clients as DestinationStream },
  ];
  return pino({ ...options, level: level === "silent" ? "info" : level }, pino.multistream(streams));
}
