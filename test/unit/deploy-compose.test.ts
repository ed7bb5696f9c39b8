/** deploy/compose.yaml, the README's team deployment: it parses, and configures the server it starts. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../../src/config.js";

interface Compose {
  services: Record<
    string,
    {
      command?: string[];
      environment?: Record<string, string>;
      deploy?: { replicas?: number };
      volumes?: string[];
    }
  >;
  configs: Record<string, { content: string }>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync("deploy/compose.yaml", "utf8")) as Compose;

/** Every source file of the server, to check a variable's name is one it reads. */
const source = (function read(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? read(join(dir, e.name)) : readFileSync(join(dir, e.name), "utf8")))
    .join("\n");
})("src");

/**
 * The configuration a replica loads from the compose file's environment and command: the operator's
 * exported values filled in, and the CloudM password in a docker secret.
 */
function configOf(environment: Record<string, string>, command: string[]) {
  const secrets = mkdtempSync(join(tmpdir(), "compose-"));
  writeFileSync(join(secrets, "cloudm_password"), "from-a-docker-secret");
  const env = Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      value
        .replace("${MIGRATE_MCP_AUTH_ISSUER}", "https://login.example.com/realms/migrations")
        .replace("${MIGRATE_MCP_TOKEN}", "t".repeat(64))
        .replace("${MIGRATE_MCP_CONFIRM_SECRET}", "s".repeat(64))
        .replace("${CLOUDM_URL}", "https://cloudm.example.com")
        .replace("${CLOUDM_EMAIL}", "admin@example.com")
        .replace("/run/secrets", secrets),
    ]),
  );
  return loadConfig(env, command.slice(command.findIndex((part) => part.endsWith(".mjs")) + 1));
}

it("runs several replicas with Redis and a TLS proxy in front", () => {
  expect(Object.keys(compose.services).sort()).toEqual(["migrate-mcp", "proxy", "redis"]);
  expect(compose.services["migrate-mcp"]?.deploy?.replicas).toBeGreaterThan(1);
  expect(compose.configs.caddyfile?.content).toContain("health_uri /healthz");
});

it("sets only variables the server reads, and they configure an HTTP replica sharing Redis", () => {
  const service = compose.services["migrate-mcp"]!;
  const environment = service.environment ?? {};
  for (const name of Object.keys(environment)) {
    const read = name.endsWith("_FILE") ? name.slice(0, -"_FILE".length) : name;
    expect(source, `${name} is read by the server`).toMatch(new RegExp(`["\`.]${read}\\b`));
  }
  const config = configOf(environment, service.command ?? []);
  expect(config.transport).toBe("http");
  expect(config.http.host).toBe("0.0.0.0");
  expect(config.redisUrl).toBe("redis://redis:6379");
  expect(config.http.token).toBe("t".repeat(64));
  expect(config.confirmSecret).toBe("s".repeat(64));
  expect(config.http.allowedHosts).toContain("mcp.example.com");
  expect(config.cloudm?.credentials).toMatchObject({ kind: "password", password: "from-a-docker-secret" });
});

it("has an OAuth variant that replaces the shared token with the organisation's identity provider", () => {
  const override = parse(readFileSync("deploy/compose.oauth.yaml", "utf8")) as Compose;
  const service = compose.services["migrate-mcp"]!;
  const environment = { ...service.environment, ...override.services["migrate-mcp"]?.environment };
  const config = configOf(environment, service.command ?? []);
  expect(config.http.token).toBeUndefined();
  expect(config.http.oauth).toMatchObject({ issuers: ["https://login.example.com/realms/migrations"] });
  // The audience clients' tokens carry is the address the proxy serves.
  const host = /^(\S+) \{/m.exec(compose.configs.caddyfile?.content ?? "")?.[1];
  expect(config.http.oauth?.resourceUrl.href).toBe(`https://${host}/mcp`);
});

it("keeps Redis's data across a restart (append-only, on a volume) and never evicts a claim", () => {
  const redis = compose.services.redis!;
  const option = (name: string) => redis.command?.[(redis.command?.indexOf(name) ?? -2) + 1];
  expect(option("--appendonly")).toBe("yes");
  expect(option("--maxmemory-policy")).toBe("noeviction");
  const volume = redis.volumes?.find((v) => v.endsWith(":/data"))?.split(":")[0] ?? "(none)";
  expect(Object.keys(compose.volumes ?? {})).toContain(volume);
});

it("runs the server built from this clone, mounted into each replica, not a package fetched by name", () => {
  const service = compose.services["migrate-mcp"]!;
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { bin: Record<string, string> };
  const bin = pkg.bin["migrate-mcp"] ?? "";
  const mount = service.volumes?.find((v) => v.startsWith("../"))?.split(":") ?? [];
  // A relative source is read from the compose file's folder, deploy/.
  expect(join("deploy", mount[0] ?? "")).toBe(dirname(bin));
  expect(service.command?.slice(0, 2)).toEqual(["node", `${mount[1]}/${basename(bin)}`]);
});
