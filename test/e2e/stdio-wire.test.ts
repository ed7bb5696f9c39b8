/**
 * What the stdio transport does with a line that is not one MCP message. The SDK reads one JSON-RPC
 * message per line, so a JSON-RPC batch (gone from MCP since revision 2025-06-18) is never run, on
 * either era; the server warns on stderr and goes on serving.
 */
import { describe, expect, it } from "vitest";
import { rawStdioWire } from "../helpers/modern.js";

describe("a JSON-RPC batch on stdio", () => {
  it("runs none of its requests, and the session goes on", async () => {
    const wire = rawStdioWire();
    try {
      const initialized = await wire.dispatch({
        jsonrpc: "2.0",
        id: "init",
        method: "initialize",
        params: {
          protocolVersion: "2025-11-25",
          capabilities: {},
          clientInfo: { name: "raw", version: "0" },
        },
      });
      expect(initialized.result).toMatchObject({ protocolVersion: "2025-11-25" });
      wire.sendLine(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
      // Pings are answered at once: had the batch run, its answers would come before the next call's.
      const ids = Array.from({ length: 40 }, (_, i) => `batched-${i}`);
      wire.sendLine(JSON.stringify(ids.map((id) => ({ jsonrpc: "2.0", id, method: "ping" }))));
      const after = await wire.dispatch({
        jsonrpc: "2.0",
        id: "after",
        method: "tools/call",
        params: { name: "whoami", arguments: {} },
      });
      expect(JSON.stringify(after.result)).toContain("SIMULATOR");
      expect(wire.received.filter((m) => ids.includes(String(m.id)))).toEqual([]);
    } finally {
      await wire.close();
    }
  });
});
