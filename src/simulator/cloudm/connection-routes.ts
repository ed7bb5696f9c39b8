/**
 * Connections for the 16 platforms: POST (create), PUT (update) and GET (one, or the list), the guide's
 * "Each connection endpoint supports POST (create), PUT (update), and GET (retrieve)".
 */
import { PLATFORM_KEYS, type PlatformKey, platformInfo } from "../../guide/platforms.js";
import { emptyResponse, type Route, type SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext, SecretsReadBack } from "./context.js";
import { findConnection } from "./lookup.js";
import type { SimConnection } from "./model.js";
import { iso } from "./views.js";
import {
  absentSettings,
  connection,
  connectionList,
  connectionRequest,
  SECRET_SETTINGS,
} from "./wire/connections.js";

/** What a secret setting reads back as. */
const SECRET_MASK = "********";

function maskedSettings(connection: SimConnection, readBack: SecretsReadBack): Record<string, unknown> {
  const hidden = readBack === "null" ? null : SECRET_MASK;
  return Object.fromEntries(
    Object.entries(connection.settings).map(([key, value]) => [
      key,
      SECRET_SETTINGS.has(key) && value ? hidden : value,
    ]),
  );
}

function fullView(connection: SimConnection, readBack: SecretsReadBack) {
  return {
    id: connection.id,
    name: connection.name,
    connectionType: connection.connectionType,
    platform: connection.platform,
    settings: maskedSettings(connection, readBack),
    createdOn: iso(connection.createdOn),
  };
}

/** The guide names the id `platformConnectionId` (TestConnection's body) and shows no other fields. */
function guideSummary(connection: SimConnection) {
  return {
    platformConnectionId: connection.id,
    name: connection.name,
    connectionType: connection.connectionType,
  };
}

const guideView = (connection: SimConnection, readBack: SecretsReadBack) => ({
  ...guideSummary(connection),
  settings: maskedSettings(connection, readBack),
});

/**
 * Validates a create/update body for a platform; returns the settings to store or the 400 to send.
 * With `previous` (the full profile's update), settings left out keep their stored values and a secret
 * sent back as the mask keeps the stored one, as the web UI's edit form does.
 */
function validated(
  platform: PlatformKey,
  body: Buffer,
  contentType: string | undefined,
  previous?: SimConnection,
):
  | { ok: true; name: string; connectionType: "Source" | "Destination"; settings: Record<string, unknown> }
  | { ok: false; response: SimResponse } {
  const parsed = parseJsonBody(body, contentType, connectionRequest);
  if (!parsed.ok) return parsed;
  const info = platformInfo(platform);
  const { name, connectionType } = parsed.value;
  const settings = {
    ...previous?.settings,
    ...Object.fromEntries(
      Object.entries(parsed.value.settings).map(([key, value]) => [
        key,
        value === SECRET_MASK && previous ? previous.settings[key] : value,
      ]),
    ),
  };
  if (connectionType === "Destination" && !info.canBeDestination) {
    return {
      ok: false,
      response: problem(400, `${info.label} can only be a Source connection`, {
        connectionType: [`${info.label} cannot be a Destination; use Source`],
      }),
    };
  }
  const known = new Set([...info.requiredSettings, ...info.optionalSettings]);
  const errors: Record<string, string[]> = {};
  for (const field of absentSettings(platform, settings))
    errors[`settings.${field}`] = [`The ${field} setting is required for ${info.label}.`];
  for (const field of Object.keys(settings)) {
    if (!known.has(field)) errors[`settings.${field}`] = [`${info.label} has no setting named ${field}.`];
  }
  if (Object.keys(errors).length > 0)
    return { ok: false, response: problem(400, `Invalid ${info.label} settings`, errors) };
  return { ok: true, name, connectionType, settings };
}

function platformRoutes(ctx: CloudMContext, platform: PlatformKey): Route[] {
  const { endpoint, label } = platformInfo(platform);
  const base = `/api/${endpoint}`;
  const guide = ctx.profile === "guide";
  const view = (c: SimConnection): object =>
    guide ? guideView(c, ctx.secretsReadBack) : fullView(c, ctx.secretsReadBack);
  const ownConnection = (rawId: string | undefined) => {
    const id = Number(rawId);
    const found = Number.isInteger(id)
      ? findConnection(ctx, id)
      : { ok: false as const, response: problem(400, `connectionId must be a number, got '${rawId}'`) };
    if (found.ok && found.value.platform !== platform) {
      return {
        ok: false as const,
        response: problem(404, `Connection ${id} is a ${found.value.platform} connection, not ${platform}`),
      };
    }
    return found;
  };
  return [
    {
      method: "GET",
      pattern: base,
      authenticated: true,
      documented: true,
      doc: { summary: `List ${label} connections`, response: connectionList },
      handler: () => {
        const items = [...ctx.state.connections.values()].filter((c) => c.platform === platform).map(view);
        // The guide's list endpoints page, so its profile answers the usual ASP.NET envelope.
        return { status: 200, body: guide ? { items, totalCount: items.length } : items };
      },
    },
    {
      method: "GET",
      pattern: `${base}/{id}`,
      authenticated: true,
      documented: true,
      doc: { summary: `Get a ${label} connection`, response: connection },
      handler: (request) => {
        const found = ownConnection(request.params.id);
        return found.ok ? { status: 200, body: view(found.value) } : found.response;
      },
    },
    {
      method: "POST",
      pattern: base,
      authenticated: true,
      documented: true,
      doc: { summary: `Create a ${label} connection`, body: connectionRequest, response: connection },
      handler: (request) => {
        const valid = validated(platform, request.body, request.headers["content-type"]);
        if (!valid.ok) return valid.response;
        const connection: SimConnection = {
          id: ctx.state.connectionId(),
          platform,
          name: valid.name,
          connectionType: valid.connectionType,
          settings: valid.settings,
          createdOn: ctx.clock.now(),
        };
        ctx.state.connections.set(connection.id, connection);
        return { status: 201, body: guide ? guideSummary(connection) : view(connection) };
      },
    },
    {
      method: "PUT",
      pattern: `${base}/{id}`,
      authenticated: true,
      documented: true,
      doc: {
        summary: `Update a ${label} connection (send the mask to keep a secret)`,
        body: connectionRequest,
        response: connection,
      },
      handler: (request) => {
        const found = ownConnection(request.params.id);
        if (!found.ok) return found.response;
        // The guide profile replaces: the body is the whole connection, stored exactly as sent, so a
        // client that echoes the mask back overwrites the real secret with it. That is the strict reading
        // of PUT, and the mistake this profile exists to catch.
        const valid = validated(
          platform,
          request.body,
          request.headers["content-type"],
          guide ? undefined : found.value,
        );
        if (!valid.ok) return valid.response;
        Object.assign(found.value, {
          name: valid.name,
          connectionType: valid.connectionType,
          settings: valid.settings,
        });
        return guide ? emptyResponse(204) : { status: 200, body: view(found.value) };
      },
    },
  ];
}

export function connectionRoutes(ctx: CloudMContext): Route[] {
  return PLATFORM_KEYS.flatMap((platform) => platformRoutes(ctx, platform));
}
