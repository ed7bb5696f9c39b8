/**
 * A tool's `endpoints` are what `doctor` checks on an instance, so they must be what its handler calls:
 * every read-only CloudM tool is called once with its declared example on the full simulator, and each
 * request it made is traced back, by method and path, to an operation of the endpoint map that the tool
 * declares. Statistics polls stay out of the way: the poll interval is longer than the test.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLOUDM_ENDPOINTS, type CloudMOperation } from "../../src/api/cloudm/endpoints.js";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { exampleArgs } from "../helpers/examples.js";
import { callTool, type InProcess, startInProcess, textOf } from "../helpers/in-process.js";

/** Requests any call may make that belong to no tool: signing in, and reading the instance's document. */
const INFRASTRUCTURE = /account\/login|openapi/i;

/** A path of the map as a pattern: each `{name}` stands for one segment, or part of one. */
const pathPattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`, "i");

/** The operations of the endpoint map served at a request's matched route (`METHOD pattern`). */
function operationsAt(route: string): CloudMOperation[] {
  const [method = "", pattern = ""] = route.split(" ");
  return (Object.entries(CLOUDM_ENDPOINTS) as Array<[CloudMOperation, { method: string; path: string }]>)
    .filter(
      ([, spec]) => spec.method === method && pathPattern(spec.path).test(pattern.replace(/\{[^}]+\}/g, "x")),
    )
    .map(([operation]) => operation);
}

let env: InProcess;
let client: Client;
beforeAll(async () => {
  env = await startInProcess({
    simulator: { clockSpeed: 0 },
    pollIntervalMs: 10 * 60_000,
    preflightWaitMs: 0,
    argv: ["--toolsets", "all"],
  });
  client = await env.connect();
});
afterAll(() => env.close());

const READ_TOOLS = ALL_TOOLS.filter(
  (t) => t.annotations.readOnlyHint && (t.provider ?? "cloudm") === "cloudm",
);

it.each(READ_TOOLS.map((t) => [t.name, t] as const))(
  "%s calls only the operations it declares",
  async (name, tool) => {
    const args = exampleArgs(tool, { ...env.sim.demo!, transferId: "none" });
    expect(args, `${name} declares no example`).toBeDefined();
    const before = env.sim.requests.length;
    const result = await callTool(client, name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    const made = env.sim.requests.slice(before).filter((r) => !INFRASTRUCTURE.test(r.path));
    const undeclared = made
      .filter((r) => !operationsAt(r.route).some((op) => tool.endpoints?.includes(op)))
      .map((r) => `${r.route} (${operationsAt(r.route).join(" or ") || "no operation of the map"})`);
    expect(undeclared, `${name} declares ${tool.endpoints?.join(", ") || "nothing"}`).toEqual([]);
  },
);
