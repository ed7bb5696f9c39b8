#!/usr/bin/env node
/**
 * The installed command (package.json `bin`, bundled into build/). It refuses a Node older than the
 * package supports before anything else loads. It turns on Node's compile cache (Node 22.1+) before
 * the server is loaded, so every start after the first skips compiling a megabyte of JavaScript again;
 * on Node 20 (started anyway), which has no such cache, it only loads the server.
 */
import * as nodeModule from "node:module";
import { ALLOW_OLD_NODE, nodeVersionProblem } from "./node-version.js";

const problem = nodeVersionProblem(process.versions.node, process.env[ALLOW_OLD_NODE]);
if (problem !== undefined) {
  process.stderr.write(`migrate-mcp: ${problem}\n`);
  process.exit(2);
}
if ("enableCompileCache" in nodeModule && typeof nodeModule.enableCompileCache === "function") {
  nodeModule.enableCompileCache();
}
await import("./main.js");
