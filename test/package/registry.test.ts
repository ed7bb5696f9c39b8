/**
 * The descriptions of the package that install it elsewhere: server.json (the MCP registry) and
 * bundle/manifest.json (the Claude Desktop bundle) must stay in step with package.json and with the
 * settings the server actually reads.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SERVER_VERSION } from "../../src/server.js";
import { TOOLSETS } from "../../src/tools/toolsets.js";
import { CONFIG_SOURCE } from "../helpers/config-source.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), "utf8"));
/** Whether the configuration (src/config.ts and its parts) reads `name` (directly, as a secret that may also come from NAME_FILE, or as on/off). */
const readsVariable = (name: string): boolean =>
  CONFIG_SOURCE.includes(`env.${name}`) ||
  CONFIG_SOURCE.includes(`secretFrom(env, "${name}"`) ||
  CONFIG_SOURCE.includes(`onOff(env, "${name}"`);

const pkg = z
  .object({ name: z.string(), version: z.string(), mcpName: z.string() })
  .parse(readJson("package.json"));

// The fields of the registry's server.json schema that this package uses, with its constraints.
const serverJson = z
  .object({
    $schema: z
      .string()
      .regex(/^https:\/\/static\.modelcontextprotocol\.io\/schemas\/[\d-]+\/server\.schema\.json$/),
    name: z.string().regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
    description: z.string().min(1).max(100),
    version: z.string(),
    packages: z.array(
      z.object({
        registryType: z.literal("npm"),
        identifier: z.string(),
        version: z.string(),
        transport: z.object({ type: z.literal("stdio") }),
        environmentVariables: z.array(
          z.object({
            name: z.string(),
            description: z.string(),
            format: z.enum(["string", "number", "boolean", "filepath"]),
            isSecret: z.boolean().optional(),
          }),
        ),
      }),
    ),
  })
  .parse(readJson("server.json"));

const manifest = z
  .object({
    version: z.string(),
    server: z.object({ mcp_config: z.object({ env: z.record(z.string(), z.string()) }) }),
    user_config: z.record(
      z.string(),
      z.object({ type: z.string(), description: z.string(), sensitive: z.boolean().optional() }),
    ),
  })
  .parse(readJson("bundle/manifest.json"));

describe("server.json (MCP registry)", () => {
  it("has package.json's version, name and mcpName", () => {
    expect(serverJson.version).toBe(pkg.version);
    expect(serverJson.name).toBe(pkg.mcpName);
    expect(serverJson.packages).toHaveLength(1);
    expect(serverJson.packages[0]).toMatchObject({ identifier: pkg.name, version: pkg.version });
  });

  it("lists only variables the server reads, the secret ones marked secret", () => {
    for (const variable of serverJson.packages[0]?.environmentVariables ?? []) {
      expect(readsVariable(variable.name), variable.name).toBe(true);
      if (/PASSWORD|API_KEY|TOKEN/.test(variable.name)) expect(variable.isSecret, variable.name).toBe(true);
    }
  });
});

describe("bundle/manifest.json (Claude Desktop)", () => {
  it("has package.json's version, as does the server's own", () => {
    expect(manifest.version).toBe(pkg.version);
    expect(SERVER_VERSION).toBe(pkg.version);
  });

  it("maps every setting to a variable the server reads, and hides the secret ones", () => {
    const env = manifest.server.mcp_config.env;
    const used = new Set<string>();
    for (const [variable, value] of Object.entries(env)) {
      expect(readsVariable(variable), variable).toBe(true);
      const key = /^\$\{user_config\.(\w+)\}$/.exec(value)?.[1];
      expect(key, `${variable} = ${value}`).toBeDefined();
      expect(manifest.user_config, `${variable} = ${value}`).toHaveProperty(key ?? "");
      used.add(key ?? "");
      if (/PASSWORD|API_KEY/.test(variable)) expect(manifest.user_config[key ?? ""]?.sensitive).toBe(true);
    }
    expect([...used].sort()).toEqual(Object.keys(manifest.user_config).sort());
  });

  it("names every toolset in the toolsets setting", () => {
    const description = manifest.user_config.toolsets?.description ?? "";
    for (const toolset of TOOLSETS) expect(description).toContain(toolset);
  });
});
