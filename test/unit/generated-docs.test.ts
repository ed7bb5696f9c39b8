/** What `npm run docs` generates from the tool definitions; this fails when someone forgot to run it. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { toolNamesModule, withToolsTable } from "../../src/tools/catalog-doc.js";

it("has an up-to-date tool table in the README (run `npm run docs`)", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  expect(withToolsTable(readme)).toBe(readme);
});

it("has an up-to-date src/tools/names.ts (run `npm run docs`)", () => {
  const names = readFileSync(new URL("../../src/tools/names.ts", import.meta.url), "utf8");
  expect(names).toBe(toolNamesModule());
});
