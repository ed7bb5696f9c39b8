/**
 * A tiny HTTP proxy in front of a simulator, for what the simulator cannot play itself: an instance
 * whose body binder silently drops a field it does not know (as ASP.NET Core's does). It forwards every
 * request as it came, rewriting the JSON body of those a rule matches first. The network edge is the
 * only place tests fake anything.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface EdgeRule {
  method: string;
  /** Case-insensitive, as the simulator's own scripted faults match. */
  pathPrefix: string;
  /** The body the instance should see instead of the one sent. */
  rewriteBody: (json: unknown) => unknown;
}

export interface EdgeProxy {
  url: string;
  /** Bodies the rules rewrote, as they went on. */
  rewritten: unknown[];
  close: () => Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Headers that describe one hop's transfer, not the message: the next hop sets its own. */
const HOP_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "content-encoding",
]);

export async function startEdgeProxy(target: string, rules: readonly EdgeRule[]): Promise<EdgeProxy> {
  const rewritten: unknown[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const method = request.method ?? "GET";
      const path = request.url ?? "/";
      let body = await bodyOf(request);
      const rule = rules.find(
        (r) => r.method === method && path.toLowerCase().startsWith(r.pathPrefix.toLowerCase()),
      );
      if (rule && body.length > 0) {
        const json = rule.rewriteBody(JSON.parse(body.toString("utf8")) as unknown);
        rewritten.push(json);
        body = Buffer.from(JSON.stringify(json));
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string" && !HOP_HEADERS.has(entry[0]),
        ),
      );
      const answer = await fetch(new URL(path, target), {
        method,
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const out = Buffer.from(await answer.arrayBuffer());
      const answerHeaders = Object.fromEntries(
        [...answer.headers].filter(([name]) => !HOP_HEADERS.has(name)),
      );
      response.writeHead(answer.status, answerHeaders).end(out);
    })().catch((error: unknown) => {
      response.writeHead(502).end(String(error));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rewritten,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
