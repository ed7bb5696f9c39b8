/** The README's tool table is generated from the code; this fails when someone forgot `npm run docs`. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { withToolsTable } from "../../src/tools/catalog-doc.js";

it("has an up-to-date tool table (run `npm run docs`)", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  expect(withToolsTable(readme)).toBe(readme);
});
