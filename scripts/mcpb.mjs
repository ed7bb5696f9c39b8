// Packs the Claude Desktop bundle: bundle/manifest.json plus the built server (build/, from
// `npm run build`) as server/, into release/migrate-mcp-<version>.mcpb (or the folder given by --out).
// The bundle carries no node_modules: build/ is the whole runtime.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { packExtension } from "@anthropic-ai/mcpb";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { out: { type: "string" } } });
const outDir = values.out ?? join(root, "release");
const manifestPath = join(root, "bundle/manifest.json");

const { version } = (await import(manifestPath, { with: { type: "json" } })).default;
const stage = mkdtempSync(join(tmpdir(), "migrate-mcp-mcpb-"));
try {
  cpSync(manifestPath, join(stage, "manifest.json"));
  cpSync(join(root, "build"), join(stage, "server"), { recursive: true });
  cpSync(join(root, "README.md"), join(stage, "README.md"));
  cpSync(join(root, "LICENSE"), join(stage, "LICENSE"));
  const outputPath = join(outDir, `migrate-mcp-${version}.mcpb`);
  // packExtension validates the manifest first and refuses an invalid one.
  if (!(await packExtension({ extensionPath: stage, outputPath, silent: true }))) {
    throw new Error(`mcpb refused to pack ${manifestPath}: see its messages above`);
  }
  process.stdout.write(`${outputPath}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
