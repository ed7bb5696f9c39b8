/**
 * Property-based fuzzing of every tool's arguments. Arbitraries come from each tool's inputSchema as
 * tools/list publishes it (with the demo tenant's ids mixed in, so calls get past "not found" into the
 * handlers), then are spoiled with hostile values: wrong types, 1 MB strings, astral/RTL/NUL/lone-surrogate
 * text, prototype-pollution keys at the top and nested, extra keys, deep nesting, NaN/Infinity/negatives.
 * Property: every call resolves, within a per-call bound, to a success or a well-formed isError result
 * with text; Object.prototype stays clean in this process (the server runs in it); the server still
 * answers. Each tool gets a fresh server and simulators, so nothing one tool's calls do reaches the next;
 * destructive tools cannot act at all without a confirmation token only a preview hands out.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { type InProcess, RENDERS_APPS, startInProcess, textOf } from "../helpers/in-process.js";

const SEED = 0x5eed_f022;
const RUNS_PER_TOOL = 30;
/** A call that takes longer than this is a hang. */
const CALL_TIMEOUT_MS = 10_000;

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

// ------------------------------------------------------------------ hostile values

const MEGABYTE = "x".repeat(1024 * 1024);
const MEGABYTE_UNICODE = "😀\u202E\u0000é".repeat(256 * 1024);
const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "x\uD83D",
  "\u202Egnp.exe",
  "مرحبا بالعالم",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀👩‍👩‍👧‍👦",
  "\u200B\uFEFF",
  "../../../../etc/passwd",
  "/api/../../etc/passwd",
  "%2e%2e%2f%2e%2e%2f",
  "%",
  "\r\nX-Injected: yes",
  "${jndi:ldap://127.0.0.1/a}",
  "<script>alert(1)</script>",
  "'; DROP TABLE users; --",
  "C:\\Windows\\System32",
  "file:///etc/passwd",
  "http://169.254.169.254/latest/meta-data",
  "__proto__",
  "constructor",
  "trf_",
  "wh_",
  "/",
  "00000000-0000-0000-0000-000000000000",
];
const HOSTILE_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -0,
  0,
  0.5,
  -(2 ** 31),
  2 ** 53 + 2,
  1e308,
  Number.MIN_VALUE,
];
/** Own `__proto__` keys, as JSON.parse makes them from a request body. */
const POLLUTERS: unknown[] = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}',
  '{"settings":{"__proto__":{"polluted":"yes"}},"__proto__":{"isAdmin":true}}',
  '[{"__proto__":{"polluted":"yes"}}]',
].map((json) => JSON.parse(json) as unknown);
const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "__defineGetter__",
  "",
  "a.b",
  "$ref",
  "confirmationToken",
];

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { deeper: value };
  return value;
}

/** Builds an object with these own keys, `__proto__` included (a literal would set the prototype). */
function withOwnKeys(
  entries: Array<[string, unknown]>,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of [...Object.entries(base), ...entries])
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(MEGABYTE, MEGABYTE_UNICODE),
  fc.constantFrom(...POLLUTERS),
  fc.constantFrom(null, undefined, true, false, [], {}),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(nested(500, "deep", false), nested(500, "deep", true), nested(5_000, 1, true)),
);
const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ unit: "binary", maxLength: 12 }));

// ------------------------------------------------------------------ valid-looking values from a schema

/** Ids of the seeded demo tenant, so some calls reach real objects rather than a 404. */
function knownIds(env: InProcess): Record<string, unknown[]> {
  const demo = env.sim.demo!;
  const admins = env.sim.state.admins.map((a) => a.userId);
  return {
    projectId: [demo.projectId],
    configurationId: [demo.configurationId],
    completedConfigurationId: [demo.configurationId],
    connectionId: [demo.sourceConnectionId, demo.destinationConnectionId],
    sourceConnectionId: [demo.sourceConnectionId],
    destinationConnectionId: [demo.destinationConnectionId],
    userId: admins,
    machineName: [...env.sim.state.servers.keys()].slice(0, 2),
    // call_api: paths it accepts, so its calls get past the path check into the gate and upstream.
    path: [`/api/License/${demo.projectId}`, "/api/ConnectionsProject", "/api/Microsoft365Connections"],
  };
}

function prefixOf(pattern: string | undefined): string | undefined {
  const literal = pattern ? /^\^((?:\\.|[^.*+?()[\]{}|\\^$])*)\.\*$/.exec(pattern)?.[1] : undefined;
  return literal?.replace(/\\(.)/g, "$1");
}

function stringFrom(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  // Never a real host: a webhook url the simulator might call stays on a closed local port.
  if (schema.format === "uri")
    return fc.string({ maxLength: 10 }).map((s) => `http://127.0.0.1:9/${encodeURIComponent(s)}`);
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 24, 48));
  const body = fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: "grapheme", minLength: min, maxLength: max }),
  );
  const prefix = prefixOf(schema.pattern);
  return prefix === undefined ? body : body.map((s) => `${prefix}${s}`);
}

function numberFrom(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low =
    schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? -1_000);
  const high =
    schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : (schema.maximum ?? 1_000_000);
  const min = Math.max(low, Number.MIN_SAFE_INTEGER);
  const max = Math.min(high, Number.MAX_SAFE_INTEGER);
  if (!integer) return fc.double({ min, max, noNaN: true });
  // Small values are where the seeded ids and the edges are.
  return fc.oneof(fc.integer({ min, max: Math.min(max, min + 5) }), fc.integer({ min, max }));
}

function fromSchema(
  schema: JsonSchema,
  known: Record<string, unknown[]>,
  field = "",
  depth = 0,
): fc.Arbitrary<unknown> {
  const ids = known[field];
  if (ids && ids.length > 0) return fc.oneof(fc.constantFrom(...ids), fromSchema(schema, {}, "", depth));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, known, field, depth)));
  if (Array.isArray(schema.type))
    return fc.oneof(...schema.type.map((type) => fromSchema({ ...schema, type }, known, field, depth)));
  switch (schema.type) {
    case "string":
      return stringFrom(schema);
    case "integer":
      return numberFrom(schema, true);
    case "number":
      return numberFrom(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const minLength = schema.minItems ?? 0;
      return fc.array(schema.items ? fromSchema(schema.items, known, "", depth + 1) : fc.jsonValue(), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)),
      });
    }
    case "object": {
      const properties = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(properties))
        model[key] = fromSchema(property, known, key, depth + 1);
      const record = fc.record(model, {
        requiredKeys: (schema.required ?? []).filter((k) => k in properties),
      });
      const extra = schema.additionalProperties;
      if (typeof extra !== "object" || depth > 3) return record;
      return fc
        .tuple(
          record,
          fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fromSchema(extra, known, "", depth + 1), {
            maxKeys: 3,
          }),
        )
        .map(([fixed, more]) => ({ ...more, ...fixed }));
    }
    default:
      // Anything goes here (a call_api body's values, say), so it is where a polluter most often lands.
      return fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...POLLUTERS));
  }
}

/** Arguments for a tool: valid-looking, or spoiled in one of several ways. */
function argumentsFor(tool: Tool, known: Record<string, unknown[]>): fc.Arbitrary<Record<string, unknown>> {
  const schema = tool.inputSchema as JsonSchema;
  // A made-up confirmationToken only meets the gate's refusal; without one, destructive tools reach
  // their preview (tokens still turn up among the hostile keys below).
  const { confirmationToken: _token, ...properties } = schema.properties ?? {};
  const valid = fromSchema({ ...schema, properties }, known) as fc.Arbitrary<Record<string, unknown>>;
  const fields = Object.keys(properties);
  const containers = fields.filter((f) => ["object", "array"].includes(String(properties[f]?.type)));
  const polluter = fc.constantFrom(...POLLUTERS.filter((p) => !Array.isArray(p)));
  const someField = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant("anything");
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    // One field of the wrong type or a hostile value.
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, someField, hostileValue)
        .map(([args, field, value]) => withOwnKeys([[field, value]], args)),
    },
    // Extra keys, prototype-pollution keys among them.
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.array(fc.tuple(hostileKey, hostileValue), { minLength: 1, maxLength: 4 }))
        .map(([args, extra]) => withOwnKeys(extra, args)),
    },
    // A polluter inside one object- or array-typed field (where a merge or a copy might walk into it),
    // or, for a tool without one, its keys at the top level.
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          valid,
          containers.length > 0 ? fc.constantFrom(...containers) : fc.constant(undefined),
          polluter,
        )
        .map(([args, field, bad]) =>
          field === undefined
            ? withOwnKeys(Object.entries(bad as object), args)
            : withOwnKeys([[field, schema.properties?.[field]?.type === "array" ? [bad] : bad]], args),
        ),
    },
    // Nothing valid at all.
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(hostileKey, hostileValue), { maxLength: 5 })
        .map((entries) => withOwnKeys(entries)),
    },
  );
}

// ------------------------------------------------------------------ the property

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const cleanKeys = PROTOTYPES.map((p) => new Set(Reflect.ownKeys(p)));

/**
 * Keys added to the built-in prototypes since the start, which it also removes: one polluting call must
 * fail its own test, not every test after it in this process.
 */
function removePollution(): string[] {
  const added: string[] = [];
  for (const [i, proto] of PROTOTYPES.entries())
    for (const key of Reflect.ownKeys(proto))
      if (!cleanKeys[i]?.has(key)) {
        added.push(
          `${proto === Object.prototype ? "Object" : (proto.constructor?.name ?? "?")}.prototype.${String(key)}`,
        );
        Reflect.deleteProperty(proto, key);
      }
  return added;
}

function expectUnpolluted(): void {
  const probe = {} as Record<string, unknown>;
  const polluted = [probe.polluted, probe.isAdmin, ([] as unknown as Record<string, unknown>).polluted];
  expect(removePollution()).toEqual([]);
  expect(polluted).toEqual([undefined, undefined, undefined]);
}

function expectWellFormed(tool: string, result: CallToolResult): void {
  expect(Array.isArray(result.content), tool).toBe(true);
  expect(result.content.length, tool).toBeGreaterThan(0);
  if (result.isError) {
    const text = textOf(result);
    expect(text.trim().length, tool).toBeGreaterThan(0);
    // The boundary's fallback for a thrown non-API error: a bug the fuzzer found.
    expect(text, `${tool}: ${text.slice(0, 500)}`).not.toMatch(
      /^Internal error|This is a bug in migrate-mcp/,
    );
    expect(text.length, tool).toBeLessThan(100_000);
  }
}

async function withFreshServer(body: (env: InProcess, client: Client) => Promise<void>): Promise<void> {
  const env = await startInProcess({
    argv: ["--toolsets", "all"],
    simulator: { clockSpeed: 600 },
    migrateclouds: { clockSpeed: 600 },
    http: { timeoutMs: 2_000, retry: { baseDelayMs: 2, maxDelayMs: 10 } },
  });
  try {
    await body(env, await env.connect("fuzzer", undefined, RENDERS_APPS));
  } finally {
    await env.close();
  }
}

describe("fuzzing every tool's arguments", () => {
  afterEach(() => {
    expect(removePollution(), "built-in prototypes were changed").toEqual([]);
  });

  it("covers the whole catalog", async () => {
    await withFreshServer(async (_env, client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS.map((t) => t.name).sort());
    });
  });

  for (const { name } of ALL_TOOLS) {
    it(`${name}: every call is a success or a well-formed error, nothing is polluted, the server stays up`, async () => {
      await withFreshServer(async (env, client) => {
        // tools/list first: the client then also checks every result against the tool's outputSchema.
        const tool = (await client.listTools()).tools.find((t) => t.name === name);
        expect(tool, name).toBeDefined();
        await fc.assert(
          fc.asyncProperty(argumentsFor(tool!, knownIds(env)), async (args) => {
            const result = (await client.callTool({ name, arguments: args }, undefined, {
              timeout: CALL_TIMEOUT_MS,
            })) as CallToolResult;
            expectWellFormed(name, result);
            expectUnpolluted();
          }),
          { seed: SEED, numRuns: RUNS_PER_TOOL, endOnFailure: true },
        );
        const who = (await client.callTool({ name: "whoami", arguments: {} })) as CallToolResult;
        expect(who.isError, textOf(who)).toBeFalsy();
        expectUnpolluted();
      });
    });
  }
});
