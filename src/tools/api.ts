/**
 * The escape hatch and the schema oracle: `call_api` reaches endpoints no tool wraps yet, confined to
 * /api/ of the configured instance; `describe_platform_settings` says exactly which settings a
 * platform's connection takes, from the instance's OpenAPI when it has one.
 */
import { z } from "zod";
import {
  PLATFORM_KEYS,
  type PlatformKey,
  SECRET_SETTINGS,
  platformInfo,
  settingsComponent,
} from "../api/cloudm/platforms.js";
import { checkApiPath } from "../api/cloudm/api-path.js";
import type { OpenApiDocument } from "../api/cloudm/schemas/index.js";
import { quoted, quotedJson } from "../api/quoted.js";
import { maskSecretFields, redactSecrets } from "../api/secrets.js";
import { defineTool } from "./define.js";

/** About 15,000 tokens: the most of an answer returned inline. */
const MAX_BODY_CHARS = 60_000;
const API_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;

/** The platform's settings component in an instance's OpenAPI, by our name or one close to it. */
function settingsFromOpenApi(doc: OpenApiDocument, key: PlatformKey) {
  const schemas = doc.components?.schemas ?? {};
  const longer = PLATFORM_KEYS.filter((k) => k !== key && k.startsWith(key)).map((k) => k.toLowerCase());
  const name =
    settingsComponent(key) in schemas
      ? settingsComponent(key)
      : Object.keys(schemas).find((n) => {
          const lower = n.toLowerCase();
          return (
            lower.startsWith(key.toLowerCase()) &&
            lower.endsWith("settings") &&
            !longer.some((l) => lower.startsWith(l))
          );
        });
  const schema = name ? schemas[name] : undefined;
  if (!schema?.properties) return undefined;
  const required = schema.required ?? [];
  const all = Object.keys(schema.properties);
  const secrets = all.filter((f) => schema.properties?.[f]?.format === "password" || SECRET_SETTINGS.has(f));
  return {
    required,
    optional: all.filter((f) => !required.includes(f)),
    secrets,
    source: `instance OpenAPI (${name})`,
  };
}

export const apiTools = [
  defineTool({
    name: "describe_platform_settings",
    title: "Describe platform settings",
    description: "Exact settings a platform's connection needs (required, optional, secret).",
    toolset: "connections",
    endpoints: ["openApi"],
    input: { platform: z.enum(PLATFORM_KEYS) },
    output: {
      platform: z.string(),
      canBeDestination: z.boolean(),
      required: z.array(z.string()),
      optional: z.array(z.string()),
      secrets: z.array(z.string()),
      source: z.string(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { platform: "GoogleWorkspace" },
    handler: async (args, ctx) => {
      const info = platformInfo(args.platform);
      const doc = await ctx.cloudm.openApi();
      const fields = (doc && settingsFromOpenApi(doc, args.platform)) ?? {
        required: [...info.requiredSettings],
        optional: [...info.optionalSettings],
        secrets: [...info.requiredSettings, ...info.optionalSettings].filter((f) => SECRET_SETTINGS.has(f)),
        source: "built-in table (the instance has no OpenAPI entry for it)",
      };
      const structured = { platform: args.platform, canBeDestination: info.canBeDestination, ...fields };
      return {
        structured,
        text: `${info.label}${info.canBeDestination ? "" : " (Source only)"}: required ${fields.required.join(", ") || "none"}; optional ${fields.optional.join(", ") || "none"}; secrets ${fields.secrets.join(", ") || "none"}. Source: ${fields.source}.`,
      };
    },
  }),
  defineTool({
    name: "call_api",
    title: "Call the CloudM API",
    description:
      "Call an endpoint no tool wraps yet: a path under /api/ of this instance. GET runs at once; other methods ask for confirmation.",
    toolset: "api",
    // None: it calls whatever path it is given, so doctor cannot check it ahead.
    endpoints: [],
    input: {
      method: z.enum(API_METHODS),
      path: z.string().min(5).describe("e.g. /api/License/{projectId}"),
      query: z.record(z.string(), z.string()).optional(),
      body: z.record(z.string(), z.unknown()).optional().describe("JSON body for POST/PUT"),
    },
    output: { httpStatus: z.number(), contentType: z.string(), body: z.unknown(), truncated: z.boolean() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    example: { method: "GET", path: "/api/ConnectionsProject" },
    confirmWhen: (args) => args.method !== "GET",
    preview: async (args) => {
      checkApiPath(args.path);
      return {
        summary: `${args.method} ${args.path} on the CloudM instance (an endpoint no tool wraps: its effect is not previewed)`,
        details: { ...(args.query ? { query: args.query } : {}), ...(args.body ? { body: args.body } : {}) },
        stable: {},
      };
    },
    handler: async (args, ctx) => {
      const response = await ctx.cloudm.callApi({
        method: args.method,
        path: args.path,
        ...(args.query ? { query: args.query } : {}),
        ...(args.body ? { json: args.body } : {}),
        signal: ctx.signal,
      });
      const contentType = response.headers["content-type"] ?? "";
      const truncated = response.text.length > MAX_BODY_CHARS;
      const text = truncated ? response.text.slice(0, MAX_BODY_CHARS) : response.text;
      let body: unknown = text;
      if (!truncated && contentType.includes("json") && text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          // Labelled JSON but not JSON: hand it over as text.
        }
      }
      // An answer may carry credentials (a login's token, a connection's key): masked by name, as everywhere.
      const shown = typeof body === "string" ? redactSecrets(body) : maskSecretFields(body);
      return {
        structured: { httpStatus: response.status, contentType, body: shown, truncated },
        text: `${args.method} ${args.path} answered ${response.status}${truncated ? ` (first ${MAX_BODY_CHARS} characters)` : ""}:\n${typeof shown === "string" ? quoted(shown, MAX_BODY_CHARS) : quotedJson(shown, 1)}`,
      };
    },
  }),
];
