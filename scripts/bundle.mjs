// Bundles the compiled server (dist/, from `tsc`) into build/: the published package's whole runtime,
// with the dashboard view's script beside it (build/apps/),
// minified, with no dependencies left to install. Loading one file instead of some 600 modules is most
// of what a cold start costs. The simulators and the HTTP transport stay separate chunks, loaded only
// when used. The licences of every bundled package go to build/THIRD_PARTY_NOTICES.md.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "build");

/** The package folder (…/node_modules/name or …/node_modules/@scope/name) a bundled module came from. */
function packageDir(moduleId) {
  const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(moduleId);
  return match?.[1];
}

function notice(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licenceFile = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  const text = licenceFile
    ? readFileSync(join(dir, licenceFile), "utf8").trim()
    : "(no licence file in the package)";
  return `## ${pkg.name} ${pkg.version}\n\nLicence: ${pkg.license ?? "not stated"}\n\n\`\`\`\n${text}\n\`\`\`\n`;
}

const collectNotices = {
  name: "third-party-notices",
  generateBundle(_options, bundle) {
    const dirs = new Set();
    for (const file of Object.values(bundle)) {
      if (file.type !== "chunk") continue;
      for (const id of file.moduleIds) {
        const dir = packageDir(id);
        if (dir && existsSync(join(dir, "package.json"))) dirs.add(dir);
      }
    }
    const sorted = [...dirs].sort((a, b) => a.localeCompare(b));
    const body = sorted.map(notice).join("\n");
    this.emitFile({
      type: "asset",
      fileName: "THIRD_PARTY_NOTICES.md",
      source: `# Third-party notices\n\nmigrate-mcp's bundle includes these ${sorted.length} packages.\n\n${body}`,
    });
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  input: { "migrate-mcp": join(root, "dist/cli.js") },
  platform: "node",
  plugins: [collectNotices],
  // .mjs: the files stay ES modules wherever they are copied (the .mcpb has no package.json).
  output: {
    dir: out,
    format: "esm",
    minify: true,
    // Class names are read at run time (an ApiError's name, pino's err.type): minifying must keep them.
    keepNames: true,
    entryFileNames: "[name].mjs",
    chunkFileNames: "[name]-[hash].mjs",
  },
  logLevel: "warn",
});
// The dashboard's MCP Apps view runs in the host's browser: its script, with the ext-apps App it talks to
// the host through, is one classic script that the view's HTML carries inline (src/views/dashboard-page.ts).
await build({
  input: join(root, "src/apps/dashboard.ts"),
  platform: "browser",
  output: { file: join(out, "apps/dashboard.js"), format: "iife", minify: true },
  logLevel: "warn",
});
// `bin` runs this file directly, so the shebang the entry starts with must survive bundling.
if (!readFileSync(join(out, "migrate-mcp.mjs"), "utf8").startsWith("#!/usr/bin/env node")) {
  throw new Error(`${join(out, "migrate-mcp.mjs")} lost its shebang`);
}
