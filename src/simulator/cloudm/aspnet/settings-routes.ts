/**
 * A batch's settings at the guide's paths: GET answers CloudM's shape (`generalMigrationSettings` as
 * a `GeneralMigrationModel`, `exportSettings`, `importSettings`); each save answers 204. The general
 * save binds the vendor's names only (general-settings.ts), so a client using other names is told
 * nothing and changes nothing, as on a real ASP.NET instance.
 */
import { z } from "zod";
import { parseJsonBody, problem } from "../../problems.js";
import { noContent, ok, translatedProblem } from "./answers.js";
import { guid } from "./bodies.js";
import { callFull, forward, writeFull } from "./full.js";
import { fullSettings } from "./full-answers.js";
import { bindGeneralSettings, generalMigrationModel } from "./general-settings.js";
import { type AspnetDeps, type AspnetRoute, action } from "./operation.js";

/** The full profile's names that can surface in its refusals, as this profile's caller knows them. */
const GENERAL_NAMES = { simultaneousMigrations: "advancedSettings.limitSimultaneousMigrationsForConfig" };

const saveBody = z.object({ configurationId: guid, settings: z.unknown() });
const platformSaveBody = z.object({
  configurationId: guid,
  settings: z.record(z.string(), z.unknown()),
});

export function settingsRoutes({ full, store }: AspnetDeps): AspnetRoute[] {
  const read = full.handler("GET", "/api/BatchConfigSettings/{configurationId}");
  const saveGeneral = full.handler("POST", "/api/BatchConfigSettings/save-general-settings");
  return [
    action(
      "GET",
      "/api/BatchConfigSettings/{configurationId}",
      {
        operationId: "BatchConfigSettings_Get",
        summary: "A batch's general, export (source) and import (destination) settings",
        path: { configurationId: "uuid" },
        reply: { status: 200, description: "The settings", envelope: "BatchConfigSettingsModel" },
        problems: [404],
      },
      async (request) => {
        const answer = await callFull(read, request, fullSettings);
        if (!answer.ok) return answer.response;
        const { configurationId, generalSettings, sourceSettings, destinationSettings } = answer.value;
        return ok({
          configurationId,
          generalMigrationSettings: generalMigrationModel(
            generalSettings,
            store.generalExtras(configurationId.toLowerCase()),
          ),
          exportSettings: sourceSettings,
          importSettings: destinationSettings,
        });
      },
    ),
    action(
      "POST",
      "/api/BatchConfigSettings/save-general-settings",
      {
        operationId: "BatchConfigSettings_SaveGeneralSettings",
        summary:
          "Save general settings: any subset of GeneralMigrationModel; fields left out keep their values, names the model lacks are ignored",
        body: { schema: "SaveGeneralSettingsRequest" },
        reply: { status: 204, description: "Saved" },
        problems: [404, 409],
      },
      async (request) => {
        const parsed = parseJsonBody(request.body, request.headers["content-type"], saveBody);
        if (!parsed.ok) return parsed.response;
        const { configurationId, settings } = parsed.value;
        const bound = bindGeneralSettings(settings);
        if (!bound.ok)
          return problem(400, `Invalid settings: ${Object.keys(bound.errors).join(", ")}`, bound.errors);
        const saved = await writeFull(
          saveGeneral,
          forward(request, { json: { configurationId, settings: bound.change.full } }),
        );
        if (!saved.ok) return translatedProblem(saved.response, GENERAL_NAMES);
        Object.assign(store.generalExtras(configurationId.toLowerCase()), bound.change.extras);
        return noContent();
      },
    ),
    ...(["source", "destination"] as const).map((side) => {
      const save = full.handler("POST", `/api/BatchConfigSettings/save-${side}-settings`);
      return action(
        "POST",
        `/api/BatchConfigSettings/save-${side}-settings`,
        {
          operationId: `BatchConfigSettings_Save${side === "source" ? "Source" : "Destination"}Settings`,
          summary: `Save the ${side === "source" ? "export (source)" : "import (destination)"} platform settings; settings sent replace those of the same name`,
          body: { schema: "SavePlatformSettingsRequest" },
          reply: { status: 204, description: "Saved" },
          problems: [404],
        },
        async (request) => {
          const parsed = parseJsonBody(request.body, request.headers["content-type"], platformSaveBody);
          if (!parsed.ok) return parsed.response;
          const saved = await writeFull(save, forward(request, { json: parsed.value }));
          return saved.ok ? noContent() : saved.response;
        },
      );
    }),
  ];
}
