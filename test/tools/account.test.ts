/**
 * whoami (src/tools/account.ts): where the server is signed in and as whom, saying plainly when that
 * is the embedded simulator (the built server in demo mode, over stdio) and when a configured instance.
 */
import { describe, expect, it } from "vitest";
import { callTool, startInProcess } from "../helpers/in-process.js";
import { textOf, withDemo } from "../helpers/mcp.js";

describe("whoami", () => {
  it("says it is the SIMULATOR in demo mode, and as whom", async () => {
    await withDemo({}, async (session) => {
      const who = await session.call("whoami");
      expect(textOf(who)).toContain("SIMULATOR");
      expect(who.structuredContent).toMatchObject({ simulator: true, email: "admin@contoso.example" });
    });
  });

  it("names a configured instance, the user and the role, and does not call it the simulator", async () => {
    const env = await startInProcess({ simulator: { tenant: "empty" } });
    try {
      const who = await callTool(await env.connect(), "whoami");
      expect(who.structuredContent).toEqual({
        instanceUrl: env.sim.url,
        simulator: false,
        userId: "usr-0001",
        email: "admin@contoso.example",
        userName: "Demo Admin",
        role: "Admin",
      });
      expect(textOf(who)).toBe(
        `Signed in to CloudM Migrate at ${env.sim.url} as "Demo Admin" <admin@contoso.example> (Admin); it answered just now.`,
      );
    } finally {
      await env.close();
    }
  });

  it("does not say signed in when the instance stopped answering after the sign-in", async () => {
    const env = await startInProcess({ simulator: { tenant: "empty" }, http: { retry: { maxRetries: 0 } } });
    try {
      const client = await env.connect();
      expect((await callTool(client, "whoami")).isError).toBeFalsy();
      // The login is cached now; the instance then answers nothing but 503s.
      env.sim.faults.enqueue({ kind: "server_error", method: "GET" }, 5);
      const who = await callTool(client, "whoami");
      expect(who.isError).toBe(true);
      expect(textOf(who)).not.toContain("Signed in");
      expect(textOf(who)).toContain("retrying in a little while may help");
    } finally {
      env.sim.faults.clear();
      await env.close();
    }
  });
});
