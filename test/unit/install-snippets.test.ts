/**
 * What the docs tell people to run exists. The package is not published, so a snippet running
 * `npx migrate-mcp` would fetch whatever someone else publishes under the name: that form may appear
 * only inside a block marked as needing the published package. The built file and the tarball the
 * snippets name are the ones the build and `npm pack` make, and every `npm run` script exists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

/** The docs with snippets: the README, and every file under deploy/ and docs/. */
const files = [
  "README.md",
  ...["deploy", "docs"].flatMap((dir) =>
    existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)) : [],
  ),
];
const docs = files.map((file) => ({ file, text: readFileSync(file, "utf8") }));

const PUBLISHED_ONLY =
  /<!-- needs the published package -->[\s\S]*?<!-- end: needs the published package -->/g;

/** Fenced code blocks, and the paragraphs between them: a command and its arguments stay in one. */
function units(text: string): string[] {
  const fenced = text.match(/^```[\s\S]*?^```/gm) ?? [];
  const prose = text.replace(/^```[\s\S]*?^```/gm, "\n\n").split(/\n\s*\n/);
  return [...fenced, ...prose];
}

/** The package's bare name (not a path or a tarball of it, not a scoped or longer name). */
const BARE_NAME = new RegExp(`(?<![\\w./@-])${pkg.name}(?![\\w./-])`);

it("runs the unpublished package by name only where a block says it needs publishing", () => {
  const offending = docs.flatMap(({ file, text }) =>
    units(text.replace(PUBLISHED_ONLY, ""))
      .filter((unit) => /\bnpx\b/.test(unit) && BARE_NAME.test(unit))
      .map((unit) => `${file}: ${unit.trim().slice(0, 160)}`),
  );
  expect(offending).toEqual([]);
});

it("names the built file the build makes, and that file exists", () => {
  const bin = pkg.bin[pkg.name] ?? "";
  expect(pkg.scripts.build).toBeDefined();
  expect(existsSync(bin), `${bin} (run npm run build)`).toBe(true);
  const named = docs.flatMap(({ text }) => text.match(/\bbuild\/[\w.-]+\.mjs\b/g) ?? []);
  expect(named.length).toBeGreaterThan(5);
  expect(new Set(named)).toEqual(new Set([bin]));
});

it("names the tarball npm pack makes, and only npm scripts that exist", () => {
  const tarballs = docs.flatMap(
    ({ text }) => text.match(new RegExp(`\\b${pkg.name}-[\\w.]+\\.tgz\\b`, "g")) ?? [],
  );
  expect(new Set(tarballs)).toEqual(new Set([`${pkg.name}-${pkg.version}.tgz`]));
  const scripts = docs.flatMap(({ text }) => [...text.matchAll(/\bnpm run (\w[\w:-]*)/g)].map((m) => m[1]));
  expect(scripts.filter((name) => name === undefined || !(name in pkg.scripts))).toEqual([]);
});
