/**
 * The tool surface of the built server in demo mode over stdio: what tools/list offers (read-only
 * mode, the reviewed snapshot), and that every tool answers bad arguments with an error naming the field.
 */
import { describe, expect, it } from "vitest";
import { textOf, withDemo } from "../helpers/mcp.js";

describe("tools/list surface", () => {
  it("lists no writing tool in read-only mode", async () => {
    await withDemo({ args: ["--read-only"] }, async (session) => {
      const { tools } = await session.client.listTools();
      expect(tools.length).toBeGreaterThan(5);
      expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([]);
    });
  });

  it("answers bad arguments to every tool with isError naming the field, and keeps serving", async () => {
    await withDemo({}, async (session) => {
      const { tools } = await session.client.listTools();
      for (const tool of tools) {
        const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
        const field = Object.entries(properties).find(([, schema]) => schema.type !== "object")?.[0];
        if (!field) continue;
        const result = await session.call(tool.name, { [field]: { not: "valid" } });
        expect(result.isError, tool.name).toBe(true);
        expect(textOf(result), tool.name).toContain(field);
      }
      expect((await session.call("whoami")).isError).toBeFalsy();
    });
  });

  it("keeps tools/list as reviewed", async () => {
    await withDemo({}, async (session) => {
      const { tools } = await session.client.listTools();
      const surface = tools.map((t) => ({
        name: t.name,
        description: t.description,
        annotations: t.annotations,
        inputSchema: t.inputSchema,
      }));
      await expect(JSON.stringify(surface, null, 2)).toMatchFileSnapshot("./tools-list.snapshot.json");
    });
  });
});
