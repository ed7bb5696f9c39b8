/**
 * OAuth mode's settings: the authorization servers whose access tokens this server accepts, its own
 * public URL (the audience those tokens must name), and the scopes that grant each role. Read apart
 * from the rest of the configuration (config.ts) because nothing but the HTTP edge needs them.
 */
export const ROLES = ["read", "operate", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface OAuthConfig {
  /** Issuer identifiers, exactly as each puts them in its tokens' `iss`. */
  issuers: readonly string[];
  /** This server's public MCP URL: the `resource` of its metadata and the audience of its tokens. */
  resourceUrl: URL;
  /** The scope that grants each role; a role includes those before it (admin can operate and read). */
  scopes: Readonly<Record<Role, string>>;
  /** A token claim whose values also grant roles (Entra's `roles`, say), matched against `scopes`. */
  rolesClaim: string | undefined;
  /** Where opaque (non-JWT) tokens are checked (RFC 7662); without it only JWTs are taken. */
  introspection: IntrospectionConfig | undefined;
}

export interface IntrospectionConfig {
  url: URL;
  clientId: string;
  clientSecret: string;
}

type Env = Record<string, string | undefined>;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** An https URL, or http on loopback (a local test authorization server); else why not. */
function secureUrl(text: string, name: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`${name} must be a URL, got '${text}'`);
    return undefined;
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) return url;
  problems.push(`${name} must be an https URL (http only on loopback), got '${text}'`);
  return undefined;
}

/** `introspectionSecret`: MIGRATE_MCP_INTROSPECTION_CLIENT_SECRET (or its _FILE), read as every secret is. */
export function oauthFrom(
  env: Env,
  problems: string[],
  introspectionSecret: string | undefined,
): OAuthConfig | undefined {
  const issuerText = env.MIGRATE_MCP_AUTH_ISSUER;
  const resourceText = env.MIGRATE_MCP_RESOURCE_URL;
  if (issuerText === undefined && resourceText === undefined) return undefined;
  if (!issuerText || !resourceText) {
    problems.push(
      "OAuth mode needs both MIGRATE_MCP_AUTH_ISSUER (the authorization servers' issuer URLs, comma-separated) and MIGRATE_MCP_RESOURCE_URL (this server's public /mcp URL)",
    );
    return undefined;
  }
  const issuers = issuerText
    .split(",")
    .map((i) => i.trim())
    .filter(Boolean);
  const valid = issuers.every((i) => secureUrl(i, "MIGRATE_MCP_AUTH_ISSUER", problems) !== undefined);
  const resourceUrl = secureUrl(resourceText, "MIGRATE_MCP_RESOURCE_URL", problems);
  if (!valid || !resourceUrl) return undefined;
  const scopes = {
    read: env.MIGRATE_MCP_SCOPE_READ ?? "migrate:read",
    operate: env.MIGRATE_MCP_SCOPE_OPERATE ?? "migrate:operate",
    admin: env.MIGRATE_MCP_SCOPE_ADMIN ?? "migrate:admin",
  };
  if (
    new Set(Object.values(scopes)).size !== ROLES.length ||
    Object.values(scopes).some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))
  )
    problems.push(
      "MIGRATE_MCP_SCOPE_READ, _OPERATE and _ADMIN must be three different OAuth scope names (no spaces or quotes)",
    );
  return {
    issuers,
    resourceUrl,
    scopes,
    rolesClaim: env.MIGRATE_MCP_ROLES_CLAIM || undefined,
    introspection: introspectionFrom(env, problems, introspectionSecret),
  };
}

function introspectionFrom(
  env: Env,
  problems: string[],
  clientSecret: string | undefined,
): IntrospectionConfig | undefined {
  const urlText = env.MIGRATE_MCP_INTROSPECTION_URL;
  const clientId = env.MIGRATE_MCP_INTROSPECTION_CLIENT_ID;
  if (urlText === undefined && clientId === undefined && clientSecret === undefined) return undefined;
  const url = urlText ? secureUrl(urlText, "MIGRATE_MCP_INTROSPECTION_URL", problems) : undefined;
  if (!url || !clientId || !clientSecret) {
    if (url || urlText === undefined)
      problems.push(
        "Introspection of opaque tokens needs MIGRATE_MCP_INTROSPECTION_URL, MIGRATE_MCP_INTROSPECTION_CLIENT_ID and MIGRATE_MCP_INTROSPECTION_CLIENT_SECRET (or _FILE) together",
      );
    return undefined;
  }
  return { url, clientId, clientSecret };
}
