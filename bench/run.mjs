// `npm run bench` (builds first): every section measured in this one run, side by side, on the built
// server against local simulators. Prints a table per section and writes bench/results/latest.json.
// BENCH_ONLY=a,b runs only those sections.
import { mkdirSync, writeFileSync } from "node:fs";
import { startCloudMSimulator } from "../dist/simulator/cloudm/server.js";
import * as bulk from "./sections/bulk.mjs";
import * as coldStart from "./sections/cold-start.mjs";
import * as fanout from "./sections/fanout.mjs";
import * as fleet from "./sections/fleet.mjs";
import * as httpLoad from "./sections/http-load.mjs";
import * as perCall from "./sections/per-call.mjs";
import * as sessions from "./sections/sessions.mjs";
import * as tasks from "./sections/tasks.mjs";
import * as toolList from "./sections/tool-list.mjs";

const sections = { toolList, coldStart, perCall, httpLoad, sessions, tasks, bulk, fanout, fleet };
const only = process.env.BENCH_ONLY?.split(",");
const results = { date: new Date().toISOString(), node: process.version };
const sim = await startCloudMSimulator({ tenant: "demo" });
try {
  for (const [name, section] of Object.entries(sections)) {
    if (only && !only.includes(name)) continue;
    const result = await section.run({ sim });
    console.log(`\n${section.title}`);
    console.table(result.table);
    if (result.notes) console.log(result.notes);
    results[name] = result.json;
  }
} finally {
  await sim.close();
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/latest.json", import.meta.url), JSON.stringify(results, null, 2));
