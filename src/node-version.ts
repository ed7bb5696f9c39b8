/**
 * The oldest Node the server supports (package.json `engines`, the README). The installed command
 * checks it before anything else loads, so an older Node is refused with a word instead of running
 * untested or failing somewhere later.
 */
import { ON } from "./on-off.js";

export const MINIMUM_NODE = "22.12.0";
/** Starts on an older Node anyway (how the test suite runs on a development machine's Node 20). */
export const ALLOW_OLD_NODE = "MIGRATE_MCP_ALLOW_OLD_NODE";

const parts = (version: string) => version.split(".").map((part) => Number.parseInt(part, 10) || 0);

function olderThan(version: string, minimum: string): boolean {
  const [have, need] = [parts(version), parts(minimum)];
  for (let i = 0; i < need.length; i++) {
    const [a, b] = [have[i] ?? 0, need[i] ?? 0];
    if (a !== b) return a < b;
  }
  return false;
}

/**
 * Why the running Node (`process.versions.node`) may not start the server, or undefined when it may.
 * `allowOld` is the value of MIGRATE_MCP_ALLOW_OLD_NODE.
 */
export function nodeVersionProblem(running: string, allowOld: string | undefined): string | undefined {
  if (!olderThan(running, MINIMUM_NODE)) return undefined;
  if (allowOld !== undefined && ON.includes(allowOld.trim().toLowerCase())) return undefined;
  return `Node ${MINIMUM_NODE} or newer is required; this is Node ${running}. Install Node 22 (22.12 or later) or 24, and make it the 'node' your MCP client runs (${ALLOW_OLD_NODE}=1 starts it anyway, untested).`;
}
