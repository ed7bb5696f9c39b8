/** `npm run docs`: rewrites the README's generated sections from the code. */
import { readFileSync, writeFileSync } from "node:fs";
import { withToolsTable } from "./tools/catalog-doc.js";

const path = new URL("../README.md", import.meta.url);
writeFileSync(path, withToolsTable(readFileSync(path, "utf8")));
process.stderr.write("README.md tool table regenerated\n");
