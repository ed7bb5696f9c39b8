/**
 * Every setting the server reads from its environment is in `--help` and in the README's
 * configuration table, and neither names one the server does not read.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { USAGE } from "../../src/config/help.js";
import { CONFIG_SOURCE } from "../helpers/config-source.js";

const NAME = /\b(?:MIGRATE_MCP|CLOUDM|MIGRATECLOUDS)_[A-Z0-9_]+\b/g;
const namesIn = (text: string) => new Set(text.match(NAME) ?? []);

const sourceOf = (file: string) => readFileSync(new URL(`../../src/${file}`, import.meta.url), "utf8");
/** The variables the server reads: the configuration's code (OAuth's with it), the Node check's. */
const code = [CONFIG_SOURCE, sourceOf("node-version.ts")].join("\n");
const read = namesIn(code);
/** A `_FILE` variant is read wherever its variable is (secretFrom). */
const isRead = (name: string) => read.has(name) || read.has(name.replace(/_FILE$/, ""));

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const table = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";

it("finds the variables the server reads", () => {
  expect(read.size).toBeGreaterThan(30);
  expect(read).toContain("MIGRATE_MCP_TOKEN");
});

it("names every one of them in --help", () => {
  const missing = [...read].filter((name) => !namesIn(USAGE).has(name));
  expect(missing).toEqual([]);
});

it("names every one of them in the README's configuration table", () => {
  const missing = [...read].filter((name) => !namesIn(table).has(name));
  expect(missing).toEqual([]);
});

it("names none the server does not read, in either", () => {
  const unknown = [...namesIn(USAGE), ...namesIn(table)].filter((name) => !isRead(name));
  expect(unknown).toEqual([]);
});
