/**
 * The one error boundary of tool calls: any error becomes an `isError` result whose text tells the
 * model what to change or whether retrying helps. Never a stack trace, never a secret.
 */
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import {
  ApiError,
  AuthError,
  ConflictError,
  ConnectionError,
  isFormatRefusal,
  NotFoundError,
  RateLimitError,
  RouteMissingError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../api/errors.js";
import { plainOrQuoted } from "../api/quoted.js";
import { redactAndCap } from "../api/secrets.js";
import { ToolInputError } from "../views/input-error.js";

function advice(error: ApiError): string {
  if (error.probablyApplied) return "Treat it as done unless the current state says otherwise.";
  if (error instanceof RouteMissingError)
    return "The route is missing on this instance, not the object: run `migrate-mcp doctor` to see which routes it has, and map the operation to its path with MIGRATE_MCP_ENDPOINTS (README: Connecting to your instance). Retrying will not help.";
  if (isFormatRefusal(error))
    return "The instance refused the request's format, not its arguments: nothing here is the caller's to fix, and nothing was changed. The body format of this operation can be set with MIGRATE_MCP_ENDPOINTS.";
  if (error instanceof ValidationError) {
    const fields = Object.keys(error.fieldErrors);
    return fields.length > 0
      ? `Fix ${fields.map(plainOrQuoted).join(", ")} and call again.`
      : "Fix the arguments and call again.";
  }
  if (error instanceof NotFoundError)
    return "No object with that id: check it (list_projects, get_project and list_connections list valid ids).";
  if (error instanceof ConflictError)
    return "The target is not in a state that allows this now; do what the message says, or check its current state and retry when it changes.";
  if (error instanceof RateLimitError)
    return `Rate limited; retry after ${error.retryAfterSeconds ?? 30} seconds.`;
  if (error instanceof AuthError)
    return error.retryable
      ? "Retrying may help; if it fails the same way again, the user must check the server's sign-in configuration."
      : "This is a server configuration problem the user must fix; retrying will not help.";
  if (error.mayHaveApplied)
    return "The change may have been applied before the failure: check the current state before retrying, so it is not made twice.";
  // A write that may have been applied is caught above (mayHaveApplied), so what is left is safe to repeat.
  if (error instanceof TimeoutError || error instanceof ServerError || error instanceof ConnectionError)
    return "The upstream service is unavailable; retrying in a little while may help.";
  return error.retryable ? "Retrying may help." : "Retrying will not help without a change.";
}

export function toolErrorResult(error: unknown, tool: string, logger: Logger): CallToolResult {
  let text: string;
  if (error instanceof ToolInputError) {
    text = error.message;
  } else if (error instanceof ApiError) {
    const ids = [
      error.requestId ? `request id ${error.requestId}` : "",
      error.traceId ? `trace id ${plainOrQuoted(error.traceId)}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    text = `${error.message}. ${advice(error)}${ids ? ` (${ids})` : ""}`;
    // pino's err: its class, message (redacted), status and request id, as for every error logged.
    logger.warn({ tool, err: error }, "tool call failed upstream");
  } else if (error instanceof DOMException && error.name === "AbortError") {
    text = "The call was cancelled; nothing further was done.";
  } else {
    logger.error({ tool, err: error }, "tool call failed unexpectedly");
    text = `Internal error in ${tool}: ${error instanceof Error ? error.message : String(error)}. This is a bug in migrate-mcp; retrying will probably not help.`;
  }
  // Input errors may quote the input: a 1 MB argument must not come back whole.
  return { isError: true, content: [{ type: "text", text: redactAndCap(text, 4_000) }] };
}
