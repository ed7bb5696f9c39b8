// Bulk: 10,000 users added to a batch through import_migration_items (one CSV, by file path and as
// text) and through add_migration_items in chunks of its per-call maximum. Each method gets a fresh
// simulator, a fresh batch and a fresh server process, so request counts and peak RSS are its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloudMSimulator } from "../../dist/simulator/cloudm/server.js";
import { cloudmEnv, connectStdio, SERVER_ENTRY } from "../lib.mjs";

export const title = "bulk: 10,000 users into a fresh batch, per method";

const IMPORT_ROUTE = "POST /api/BatchMigrationItems/import-users-from-file";
const ADD_ROUTE = "POST /api/BatchMigrationItems/add-migration-item";
/** add_migration_items' maximum per call (src/tools/batches.ts). */
const CHUNK = 500;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;
const TOOL_TIMEOUT = { timeout: 300_000 };

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM), or null off Linux. */
function procStatusMiB(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** User + system CPU of a process in ms, from /proc/<pid>/stat, or null off Linux. */
function procCpuMs(pid) {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

const users = (count) =>
  Array.from({ length: count }, (_, i) => `bulk.user${String(i + 1).padStart(5, "0")}@contoso.example`);

function csvOf(names) {
  const rows = names.map((n) => `true,User,User,${n},${n.replace("@contoso.example", "@fabrikam.example")}`);
  return ["Migrate,ExportObjectType,ImportObjectType,ExportName,ImportName", ...rows, ""].join("\n");
}

function firstError(result) {
  if (!result.isError) return undefined;
  return result.content?.find((c) => c.type === "text")?.text ?? "tool error";
}

/** Adds `count` users by `method` into a new batch of a new simulator; what it cost. */
async function measure(method, count, dir) {
  const sim = await startCloudMSimulator({ tenant: "demo" });
  const { projectId, sourceConnectionId, destinationConnectionId } = sim.demo;
  const batch = sim.state.addBatch(
    {
      projectId,
      batchName: `Bench ${method}`,
      sourceConnectionId,
      destinationConnectionId,
      migrationItemsBatchType: 0,
      tags: "",
    },
    sim.clock.now(),
  );
  const configurationId = batch.configurationId;
  const client = await connectStdio(
    process.execPath,
    [SERVER_ENTRY],
    cloudmEnv(sim, { MIGRATE_MCP_ALLOWED_DIRS: dir }),
  );
  const pid = client.transport.pid;
  try {
    // Sign in before the clock starts: the login is not part of the bulk cost.
    await client.callTool({ name: "whoami", arguments: {} });
    const names = users(count);
    const csvPath = join(dir, `users-${method}.csv`);
    if (method !== "add") writeFileSync(csvPath, csvOf(names));
    const rssBefore = procStatusMiB(pid, "VmRSS");
    const requestsBefore = sim.requests.length;
    const serverCpuBefore = procCpuMs(pid);
    const harnessCpuBefore = process.cpuUsage();
    const started = performance.now();
    let reported = 0;
    if (method === "add") {
      for (let i = 0; i < names.length; i += CHUNK) {
        const items = names
          .slice(i, i + CHUNK)
          .map((n) => ({ exportName: n, importName: n.replace("@contoso.example", "@fabrikam.example") }));
        const result = await client.callTool(
          { name: "add_migration_items", arguments: { configurationId, items } },
          undefined,
          TOOL_TIMEOUT,
        );
        const error = firstError(result);
        if (error) throw new Error(`add_migration_items failed: ${error}`);
        reported += result.structuredContent.added;
      }
    } else {
      const source = method === "import-file" ? { filePath: csvPath } : { csv: csvOf(names) };
      const result = await client.callTool(
        { name: "import_migration_items", arguments: { configurationId, ...source } },
        undefined,
        TOOL_TIMEOUT,
      );
      const error = firstError(result);
      if (error) throw new Error(`import_migration_items failed: ${error}`);
      reported = result.structuredContent.importedCount;
    }
    const seconds = (performance.now() - started) / 1000;
    const harnessCpu = process.cpuUsage(harnessCpuBefore);
    const serverCpuAfter = procCpuMs(pid);
    const serverCpuMs =
      serverCpuAfter === null || serverCpuBefore === null ? null : serverCpuAfter - serverCpuBefore;
    const peak = procStatusMiB(pid, "VmHWM");
    const atSimulator = sim.state.batches.get(configurationId)?.items.size ?? 0;
    if (reported !== count || atSimulator !== count)
      throw new Error(
        `${method}: the tool reported ${reported} and the simulator holds ${atSimulator}, not ${count}`,
      );
    return {
      items: atSimulator,
      seconds: Math.round(seconds * 100) / 100,
      itemsPerSecond: Math.round(count / seconds),
      toolCalls: method === "add" ? Math.ceil(count / CHUNK) : 1,
      upstreamRequests: sim.requests.length - requestsBefore,
      [IMPORT_ROUTE]: sim.countRequests(IMPORT_ROUTE),
      [ADD_ROUTE]: sim.countRequests(ADD_ROUTE),
      rssBeforeMiB: rssBefore,
      peakRssMiB: peak,
      serverCpuMs,
      // The simulator and the client share this process: what the upstream side of the run cost.
      simulatorAndClientCpuMs: Math.round((harnessCpu.user + harnessCpu.system) / 1000),
    };
  } finally {
    await client.close();
    await sim.close();
  }
}

export async function run() {
  const count = Number(process.env.BENCH_BULK_USERS ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), "migrate-mcp-bench-"));
  const methods = {
    "import-file": "import_migration_items (filePath)",
    "import-text": "import_migration_items (csv text)",
    add: `add_migration_items (${Math.ceil(count / CHUNK)} x ${CHUNK})`,
  };
  const json = {};
  const table = {};
  try {
    for (const [method, label] of Object.entries(methods)) {
      const m = await measure(method, count, dir);
      json[method] = m;
      table[label] = {
        items: m.items,
        s: m.seconds,
        "items/s": m.itemsPerSecond,
        "tool calls": m.toolCalls,
        "upstream reqs": m.upstreamRequests,
        "import reqs": m[IMPORT_ROUTE],
        "add reqs": m[ADD_ROUTE],
        "RSS before MiB": m.rssBeforeMiB,
        "peak RSS MiB": m.peakRssMiB,
        "server CPU ms": m.serverCpuMs,
        "items/server CPU s": m.serverCpuMs ? Math.round((m.items * 1000) / m.serverCpuMs) : null,
        "sim+client CPU ms": m.simulatorAndClientCpuMs,
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ratio = json["import-file"].itemsPerSecond / json.add.itemsPerSecond;
  return {
    table,
    notes:
      `${count} users per method, each into a fresh batch on a fresh simulator and server process; ` +
      `items confirmed at the simulator. Import is ${ratio.toFixed(1)}x the items/s of add_migration_items. ` +
      `Peak RSS is the server process's VmHWM (its whole life, start-up included). ` +
      `Wall time includes the simulator, which runs in this process (sim+client CPU): when that ` +
      `dwarfs the server's CPU, items/s measures the simulator, and items per server CPU second ours.`,
    json: { users: count, chunk: CHUNK, ...json, importFileVsAddItemsPerSecond: ratio },
  };
}
