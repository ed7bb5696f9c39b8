#!/usr/bin/env node
/**
 * The installed command (package.json `bin`, bundled into build/). It turns on Node's compile cache
 * (Node 22.1+) before the server is loaded, so every start after the first skips compiling a megabyte
 * of JavaScript again; on Node 20, which has no such cache, it only loads the server.
 */
import * as nodeModule from "node:module";

if ("enableCompileCache" in nodeModule && typeof nodeModule.enableCompileCache === "function") {
  nodeModule.enableCompileCache();
}
await import("./main.js");
