/**
 * CONTRIBUTING.md stays true: every npm script it runs is in package.json, and every file, folder and
 * test file it names exists (names with a placeholder, `<group>` or `*`, stand for many and are skipped).
 */
import { existsSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

const guide = readFileSync("CONTRIBUTING.md", "utf8");
const scripts = Object.keys(
  (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts,
);
const all = (pattern: RegExp) => [...guide.matchAll(pattern)].map((m) => m[1] ?? "");

it("runs only npm scripts package.json has", () => {
  const run = all(/npm run ([a-z:-]+)/g);
  expect(run.length).toBeGreaterThan(3);
  expect(run.filter((name) => !scripts.includes(name))).toEqual([]);
});

it("names only files and folders that exist", () => {
  const paths = [
    ...all(/`((?:src|test|bench|scripts|deploy|\.ci)\/[^`\s]*)`/g),
    ...all(/(?:npx vitest run|bash) ((?:src|test|\.ci)\/\S+)/g),
    ...all(/`(\.[a-z-]+\.json|[a-z]+\.json)`/g),
  ].filter((p) => !/[<*]/.test(p));
  expect(paths.length).toBeGreaterThan(20);
  expect(paths.filter((p) => !existsSync(p.replace(/[`.,:;)]+$/, "")))).toEqual([]);
});

it("names only bench sections bench/run.mjs has", () => {
  const sections = /const sections = \{([^}]*)\}/.exec(readFileSync("bench/run.mjs", "utf8"))?.[1] ?? "";
  const named = all(/BENCH_ONLY=([a-zA-Z,]+)/g).flatMap((list) => list.split(","));
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((name) => !new RegExp(`\\b${name}\\b`).test(sections))).toEqual([]);
});
