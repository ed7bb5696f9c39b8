/**
 * One HTTP request's wire: reading its JSON body within the size and depth limits, counting the calls
 * it carries, and writing the answers given here rather than by the SDK (JSON-RPC errors, a refused
 * batch, a web-standard Response such as the SDK's bearer challenge).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";

/** A JSON-RPC error response; -32000 is the implementation-defined server error. */
export function rpcError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

export class BodyTooLarge extends Error {}

export class NestedTooDeeply extends Error {}

/** No MCP message nests anywhere near this deep; past it, the schema checks downstream would recurse out of stack. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of a parsed value, counted without recursion (the value itself may be hostile). */
function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== "object" || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  if (exceedsDepth(body, MAX_JSON_DEPTH)) throw new NestedTooDeeply();
  return body;
}

/** The requests a POST body carries, each of which occupies a call slot; notifications and responses do not. */
export function requestCount(body: unknown): number {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.filter((m) => typeof m === "object" && m !== null && "method" in m && "id" in m).length;
}

/** A JSON-RPC answer given here rather than by the SDK (a refused listen): 200, as the SDK answers one. */
export function answer(res: ServerResponse, message: JSONRPCMessage): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(message));
}

/** JSON-RPC batches left MCP with this revision; 2025-03-26 had them. Revisions are dates, so they sort as text. */
const FIRST_REVISION_WITHOUT_BATCHES = "2025-06-18";

/** Answers 400 to a batch sent on a revision without them; false (nothing sent) for anything else. */
export function refusedBatch(res: ServerResponse, body: unknown, revision: string): boolean {
  if (!Array.isArray(body) || revision < FIRST_REVISION_WITHOUT_BATCHES) return false;
  const message = `JSON-RPC batches are not supported in protocol revision ${revision}: send one message per POST`;
  rpcError(res, 400, message, {}, -32600);
  return true;
}

/** Writes a web-standard Response (the SDK's bearer challenge) to a Node response. */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
}
