/** The logger: pino on stderr (stdout belongs to the stdio transport), with secrets redacted by path. */
import { type Logger, pino } from "pino";

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

export function createLogger(level: LogLevel = "info"): Logger {
  return pino(
    {
      level,
      base: { name: "migrate-mcp" },
      redact: {
        paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`]),
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}
