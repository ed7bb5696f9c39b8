/** `npm run docs`: rewrites what is generated from the tool definitions (src/tools/catalog-doc.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { toolNamesModule, withToolsTable } from "./tools/catalog-doc.js";

const readme = new URL("../README.md", import.meta.url);
writeFileSync(readme, withToolsTable(readFileSync(readme, "utf8")));
writeFileSync(new URL("../src/tools/names.ts", import.meta.url), toolNamesModule());
process.stderr.write("README.md tool table and src/tools/names.ts regenerated\n");
