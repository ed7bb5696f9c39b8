/**
 * How a body fault (faults.ts) breaks an answer on the wire: an HTML error page where JSON was due, no
 * body at all, JSON cut off before the length its headers announce, or a body streamed far past any
 * real answer's size.
 */
import type { ServerResponse } from "node:http";
import { BODY_FAULTS, type BodyFaultKind, type FaultDecision } from "./faults.js";

/** The parts of a request's record (http-server.ts) a broken answer fills in. */
interface BrokenAnswerRecord {
  status: number | "dropped";
  bodyBytes?: number;
}

const HTML_PAGE =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";
const HUGE_CHUNK = Buffer.alloc(64 * 1024, "x");

export const isBodyFault = (kind: FaultDecision["kind"]): kind is BodyFaultKind =>
  (BODY_FAULTS as readonly string[]).includes(kind);

/** Streams `total` bytes of one JSON string with backpressure, stopping when the client hangs up. */
async function streamHugeBody(res: ServerResponse, status: number, total: number): Promise<number> {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.write('{"padding":"');
  let sent = 0;
  while (sent < total && !res.destroyed) {
    const flowing = res.write(HUGE_CHUNK);
    sent += HUGE_CHUNK.length;
    if (!flowing)
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
  }
  if (!res.destroyed) res.end('"}');
  return sent;
}

/** Answers with a broken body; `response` is what the handler answered, when it ran. */
export async function writeBodyFault(
  res: ServerResponse,
  record: BrokenAnswerRecord,
  decision: FaultDecision & { kind: BodyFaultKind },
  response: { status: number; body?: unknown } | undefined,
): Promise<void> {
  const status = decision.status ?? response?.status ?? 200;
  record.status = status;
  switch (decision.kind) {
    case "html":
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(HTML_PAGE);
      return;
    case "empty_body":
      res
        .writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": "0" })
        .end();
      return;
    case "truncated_json": {
      const body = response?.body ?? {
        status: "ok",
        detail: "a simulated answer that will not arrive whole",
      };
      const full = Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
      // The headers promise the whole body; the connection closes halfway through it.
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(full.length),
      });
      res.write(full.subarray(0, Math.max(1, Math.floor(full.length / 2))), () => res.socket?.destroy());
      return;
    }
    case "huge_body":
      record.bodyBytes = await streamHugeBody(res, status, decision.bytes ?? 64 * 1024 * 1024);
      return;
  }
}
