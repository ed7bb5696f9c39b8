/**
 * The connected MCP sessions of this process, for what goes to all of them: resource list changes and
 * log messages. Each session keeps its own log level (`logging/setLevel`).
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type LoggingLevel, SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";
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

/** pino's numeric levels to MCP's. */
function mcpLevel(pinoLevel: number): LoggingLevel {
  if (pinoLevel >= 60) return "critical";
  if (pinoLevel >= 50) return "error";
  if (pinoLevel >= 40) return "warning";
  if (pinoLevel >= 30) return "info";
  return "debug";
}

export class ServerHub {
  private readonly sessions = new Map<McpServer, LoggingLevel>();

  /** Adds a session; until it sets a level, it hears info and above. */
  add(server: McpServer): void {
    this.sessions.set(server, "info");
    server.server.setRequestHandler(SetLevelRequestSchema, (request) => {
      this.sessions.set(server, request.params.level);
      return {};
    });
  }

  remove(server: McpServer): void {
    this.sessions.delete(server);
  }

  resourceListChanged(): void {
    for (const server of this.sessions.keys()) if (server.isConnected()) server.sendResourceListChanged();
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
          if (SEVERITY[level] < SEVERITY[wanted] || !server.isConnected()) continue;
          void server.server
            .sendLoggingMessage({ level, logger: "migrate-mcp", data })
            .catch(() => undefined);
        }
        return true;
      },
    };
  }
}
