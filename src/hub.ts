/**
 * The connected MCP sessions of this process, for what goes to all of them: resource list changes and
 * log messages. Each session keeps its own log level (`logging/setLevel`).
 */
import { type LoggingLevel, type McpServer, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import type { Writable } from "node:stream";

const SEVERITY: Record<LoggingLevel, number> = {
  debug: 0,
  info: 1,
  notice: 2,
  warning: 3,
  error: 4,
  critical: 5,
  alert: 6,
  emergency: 7,
};

/**
 * Whether a session speaks a revision with logging: one negotiated by `initialize` (the SDK lists
 * exactly those). 2026-07-28 removed unsolicited log messages, and a session whose client has not
 * yet said which revision it speaks (stdio, before its first message) may turn out to be one.
 */
function hearsLogs(server: McpServer): boolean {
  const revision = server.server.getNegotiatedProtocolVersion();
  return revision !== undefined && SUPPORTED_PROTOCOL_VERSIONS.includes(revision);
}

/** pino's numeric levels to MCP's. */
function mcpLevel(pinoLevel: number): LoggingLevel {
  if (pinoLevel >= 60) return "critical";
  if (pinoLevel >= 50) return "error";
  if (pinoLevel >= 40) return "warning";
  if (pinoLevel >= 30) return "info";
  return "debug";
}

/** The pino level that produces what an MCP level asks for. */
const PINO_FOR: Record<LoggingLevel, string> = {
  debug: "debug",
  info: "info",
  notice: "info",
  warning: "warn",
  error: "error",
  critical: "fatal",
  alert: "fatal",
  emergency: "fatal",
};
const PINO_ORDER = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

export class ServerHub {
  private readonly sessions = new Map<McpServer, LoggingLevel>();
  /** Where a list change goes besides the sessions: the 2026 HTTP handler's listen streams. */
  private readonly listChangedSinks = new Set<() => void>();
  private logger: { level: string } | undefined;
  private stderrLevel = "info";

  /**
   * Lets the hub set the logger's level to the lowest any session or stderr wants, so debug lines
   * are only produced (and paid for) while someone is listening for them.
   */
  attachLogger(logger: { level: string }, stderrLevel: string): void {
    this.logger = logger;
    this.stderrLevel = stderrLevel;
    this.adjustLevel();
  }

  /** Adds a session; until it sets a level, it hears info and above. */
  add(server: McpServer): void {
    this.sessions.set(server, "info");
    this.adjustLevel();
    server.server.setRequestHandler("logging/setLevel", (request) => {
      this.sessions.set(server, request.params.level);
      this.adjustLevel();
      return {};
    });
  }

  remove(server: McpServer): void {
    this.sessions.delete(server);
    this.adjustLevel();
  }

  private adjustLevel(): void {
    if (!this.logger) return;
    const wanted = [this.stderrLevel, ...[...this.sessions.values()].map((level) => PINO_FOR[level])];
    this.logger.level =
      PINO_ORDER[Math.min(...wanted.map((l) => PINO_ORDER.indexOf(l)).filter((i) => i >= 0))] ?? "info";
  }

  resourceListChanged(): void {
    for (const server of this.sessions.keys()) if (server.isConnected()) server.sendResourceListChanged();
    for (const sink of this.listChangedSinks) sink();
  }

  /** Adds a sink for resource list changes; returns its removal. */
  onResourceListChanged(sink: () => void): () => void {
    this.listChangedSinks.add(sink);
    return () => this.listChangedSinks.delete(sink);
  }

  /** A pino destination that forwards each log line to the sessions whose level admits it. */
  logStream(): Pick<Writable, "write"> {
    return {
      write: (line: string) => {
        let entry: { level?: number; msg?: string; [key: string]: unknown };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          return true;
        }
        const level = mcpLevel(entry.level ?? 30);
        const { level: _l, time: _t, pid: _p, hostname: _h, name: _n, ...data } = entry;
        for (const [server, wanted] of this.sessions) {
          if (SEVERITY[level] < SEVERITY[wanted] || !server.isConnected() || !hearsLogs(server)) continue;
          void server.server
            .sendLoggingMessage({ level, logger: "migrate-mcp", data })
            .catch(() => undefined);
        }
        return true;
      },
    };
  }
}
