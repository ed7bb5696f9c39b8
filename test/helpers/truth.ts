/**
 * For the suites that hold the "other endpoints" groups against the simulator's own state on every
 * profile: one environment per profile (every toolset, a stopped clock, a human who confirms), and
 * `step`, which calls a tool and holds it to what its profile promises.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, ElicitRequest } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect } from "vitest";
import type { CloudMProfile } from "../../src/simulator/cloudm/context.js";
import type { CloudMSimulatorOptions } from "../../src/simulator/cloudm/server.js";
import { accept, callTool, type InProcess, startInProcess, textOf } from "./in-process.js";

export const PROFILES = ["full", "guide", "aspnet"] as const satisfies readonly CloudMProfile[];
/** The profiles as instances, and the full one as production instances often are: every route, no OpenAPI document. */
export const INSTANCES = [
  ...PROFILES.map((profile) => ({ name: profile, simulator: { profile } })),
  { name: "full, document hidden,", simulator: { profile: "full", hideDocument: true } },
] as const satisfies ReadonlyArray<{
  name: string;
  simulator: CloudMSimulatorOptions & { profile: CloudMProfile };
}>;
/** What a tool says when the instance has no route for its operation (tools/errors.ts). */
export const ROUTE_MISSING = /route is missing on this instance/i;

export type Structured = Record<string, unknown>;

/** The human: ticks the box, and types the name a deletion asks for, as its form says it. */
function human(request: ElicitRequest) {
  const form = "requestedSchema" in request.params ? request.params.requestedSchema : undefined;
  // The name is shown JSON-quoted, as upstream text is.
  const shown = /^Type (".+") to confirm/.exec(form?.properties.name?.description ?? "")?.[1];
  return accept(
    shown === undefined ? { confirm: true } : { confirm: true, name: JSON.parse(shown) as string },
  );
}

/** A field a tool reports equals the truth; one it leaves out is allowed. */
export function same(reported: unknown, truth: unknown, what: string): void {
  if (reported !== undefined) expect(reported, what).toEqual(truth);
}

/** Everything the groups could change, as plain data. */
function snapshot(env: InProcess) {
  const s = env.sim.state;
  return structuredClone({
    projects: [...s.projects.values()],
    batches: [...s.batches.keys()],
    schedules: [...s.schedules.values()],
    scans: [...s.scans.values()],
    readiness: [...s.readinessRuns.keys()],
    domains: [...s.domainMappings.entries()],
    admins: [...s.admins, ...s.inactiveAdmins],
    notifications: s.notifications,
    servers: [...s.servers.values()],
  });
}

export interface TruthSuite {
  readonly env: InProcess;
  readonly client: Client;
  /** The seeded demo tenant's project and batch. */
  readonly projectId: string;
  readonly configurationId: string;
  /** Whether the profile serves the groups (the guide profile serves none of them). */
  readonly served: boolean;
  /**
   * Calls a tool of the groups: where they are served it must succeed, and `check` holds its answer
   * against the state; on the guide profile it must fail saying the route is missing, and leave the
   * state as it was.
   */
  step(
    name: string,
    args: Structured,
    check: (out: Structured, text: string) => void,
  ): Promise<CallToolResult>;
}

/** Starts the profile's environment before the describe block's tests and closes it after them. */
export function truthSuite(simulator: CloudMSimulatorOptions): TruthSuite {
  let env: InProcess | undefined;
  let client: Client | undefined;
  const served = simulator.profile !== "guide";
  beforeAll(async () => {
    // A stopped clock: what a tool reports and what the state holds are read at the same instant.
    env = await startInProcess({ argv: ["--toolsets", "all"], simulator: { ...simulator, clockSpeed: 0 } });
    client = await env.connect("human", human);
  });
  afterAll(() => env?.close());
  const started = () => {
    if (!env || !client) throw new Error("the truth suite's environment has not started");
    return { env, client };
  };
  return {
    get env() {
      return started().env;
    },
    get client() {
      return started().client;
    },
    get projectId() {
      return started().env.sim.demo?.projectId ?? "";
    },
    get configurationId() {
      return started().env.sim.demo?.configurationId ?? "";
    },
    served,
    async step(name, args, check) {
      const { env, client } = started();
      const before = served ? undefined : snapshot(env);
      const result = await callTool(client, name, args);
      const text = textOf(result);
      if (served) {
        expect(result.isError, `${name}: ${text}`).toBeFalsy();
        check(result.structuredContent ?? {}, text);
      } else {
        expect(result.isError, `${name} must fail on the guide profile: ${text}`).toBe(true);
        expect(text, name).toMatch(ROUTE_MISSING);
        expect(snapshot(env), `${name} changed the state`).toEqual(before);
      }
      return result;
    },
  };
}
