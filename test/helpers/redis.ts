/**
 * A real redis-server of the system's packages on a free loopback port, one per test file: started
 * here, stopped (and restartable on the same port, to lose and regain it mid-run) by the test. Without
 * persistence a restart comes back empty; with `appendOnly` (AOF, every write synced before the answer)
 * it comes back with everything it had acknowledged.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@redis/client";

export interface LocalRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: a crash, not a shutdown). */
  kill: () => Promise<void>;
  /** Starts it again on the same port: empty, unless it keeps an append-only file. */
  restart: () => Promise<void>;
  /** Empties it, as an operator's FLUSHALL would. */
  flushAll: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function launch(port: number, persistence: string[]): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", ...persistence], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not be run (install the redis-server package): ${error.message}`));
    });
  });
  return child;
}

export async function startRedis({ appendOnly = false }: { appendOnly?: boolean } = {}): Promise<LocalRedis> {
  const port = await freePort();
  const dir = appendOnly ? mkdtempSync(join(tmpdir(), "redis-aof-")) : undefined;
  const persistence = dir
    ? ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir]
    : ["--save", "", "--appendonly", "no"];
  let child: ChildProcess | undefined = await launch(port, persistence);
  const url = `redis://127.0.0.1:${port}`;
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
    child = undefined;
  };
  return {
    url,
    port,
    kill,
    restart: async () => {
      await kill();
      child = await launch(port, persistence);
    },
    flushAll: async () => {
      const client = createClient({ url });
      await client.connect();
      try {
        await client.flushAll();
      } finally {
        client.destroy();
      }
    },
    stop: async () => {
      await kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
