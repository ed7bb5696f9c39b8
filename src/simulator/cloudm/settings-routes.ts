/** A batch's settings (api/BatchConfigSettings): read them, and save the general, source or destination part. */
import { emptyResponse, type Route, type SimRequest, type SimResponse } from "../http-server.js";
import { type Parsed, parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { isActive } from "./engine.js";
import { saveAnySettingsRequest } from "./guide-bodies.js";
import { findBatch } from "./lookup.js";
import type { SimBatch } from "./model.js";
import {
  batchSettings,
  type GeneralSettings,
  generalSettings,
  saveGeneralSettingsRequest,
  savePlatformSettingsRequest,
} from "./wire/settings.js";

function settingsView(b: SimBatch) {
  return {
    configurationId: b.configurationId,
    generalSettings: b.general,
    sourceSettings: b.sourceSettings,
    destinationSettings: b.destinationSettings,
  };
}

/**
 * The guide profile takes any settings object, as System.Text.Json binding ignores members it does not
 * know; only the general settings the engine understands, with values it can use, change how it runs.
 */
function knownGeneralSettings(settings: Record<string, unknown>): Partial<GeneralSettings> {
  const usable = Object.entries(settings).filter(([key, value]) => {
    const field = Object.hasOwn(generalSettings.shape, key)
      ? generalSettings.shape[key as keyof GeneralSettings]
      : undefined;
    return field?.safeParse(value).success === true;
  });
  return generalSettings.partial().parse(Object.fromEntries(usable));
}

type SaveBody = { configurationId: string; settings: Record<string, unknown> };

function saveBody(ctx: CloudMContext, request: SimRequest, side: "general" | "platform"): Parsed<SaveBody> {
  const schema =
    ctx.profile === "guide"
      ? saveAnySettingsRequest
      : side === "general"
        ? saveGeneralSettingsRequest
        : savePlatformSettingsRequest;
  return parseJsonBody(request.body, request.headers["content-type"], schema);
}

export function settingsRoutes(ctx: CloudMContext): Route[] {
  const guide = ctx.profile === "guide";
  // The guide shows no answer for a save; an action returning Ok() sends none.
  const saved = (batch: SimBatch): SimResponse =>
    guide ? emptyResponse(200) : { status: 200, body: settingsView(batch) };
  return [
    {
      method: "GET",
      pattern: "/api/BatchConfigSettings/{configurationId}",
      authenticated: true,
      documented: true,
      doc: { summary: "Get batch settings", response: batchSettings },
      handler: (request) => {
        const found = findBatch(ctx, request.params.configurationId ?? "");
        if (!found.ok) return found.response;
        // The guide says only "retrieve the current settings" and shows none of them.
        return { status: 200, body: guide ? {} : settingsView(found.value) };
      },
    },
    {
      method: "POST",
      pattern: "/api/BatchConfigSettings/save-general-settings",
      authenticated: true,
      documented: true,
      doc: {
        summary: "Save general settings (partial)",
        body: saveGeneralSettingsRequest,
        response: batchSettings,
      },
      handler: (request) => {
        const parsed = saveBody(ctx, request, "general");
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        // In the full profile the body's schema has already refused anything else, so all of it is kept.
        const settings = knownGeneralSettings(parsed.value.settings);
        if (isActive(found.value) && settings.simultaneousMigrations !== undefined) {
          return problem(
            409,
            "simultaneousMigrations cannot change while the batch is running; stop it first",
            {
              "settings.simultaneousMigrations": ["Cannot change while running"],
            },
          );
        }
        Object.assign(found.value.general, settings);
        return saved(found.value);
      },
    },
    ...(["source", "destination"] as const).map((side): Route => ({
      method: "POST",
      pattern: `/api/BatchConfigSettings/save-${side}-settings`,
      authenticated: true,
      documented: true,
      doc: {
        summary: `Save ${side} platform settings`,
        body: savePlatformSettingsRequest,
        response: batchSettings,
      },
      handler: (request) => {
        const parsed = saveBody(ctx, request, "platform");
        if (!parsed.ok) return parsed.response;
        const found = findBatch(ctx, parsed.value.configurationId);
        if (!found.ok) return found.response;
        Object.assign(
          side === "source" ? found.value.sourceSettings : found.value.destinationSettings,
          parsed.value.settings,
        );
        return saved(found.value);
      },
    })),
  ];
}
