/**
 * The aspnet profile: the simulator's one API and one state, served as a stock ASP.NET Core
 * application answering with CloudM's own models would serve them. The guide's endpoints keep the
 * guide's paths and bodies; every other group is a kebab-case action of the guide's controller. Each
 * route calls the full profile's handler (so behaviour, validation and audit stay one) and presents
 * its answer in this profile's envelope, status codes, names and integer enums.
 */
import type { Route } from "../../http-server.js";
import type { CloudMContext } from "../context.js";
import { adminRoutes } from "./admin-routes.js";
import { connectionRoutes } from "./connection-routes.js";
import { coreRoutes } from "./core-routes.js";
import { domainRoutes } from "./domain-routes.js";
import { FullRoutes } from "./full.js";
import { licenseRoutes } from "./license-routes.js";
import { type AspnetDeps, type AspnetRoute, anonymous } from "./operation.js";
import { projectAndBatchRoutes } from "./project-routes.js";
import { readinessRoutes } from "./readiness-routes.js";
import { runRoutes } from "./run-routes.js";
import { scanRoutes } from "./scan-routes.js";
import { scheduleRoutes } from "./schedule-routes.js";
import { serviceRoutes } from "./service-routes.js";
import { settingsRoutes } from "./settings-routes.js";
import { AspnetStore } from "./store.js";

/** `fullRoutes` is the full profile's table, already audited: this profile only presents it. */
export function aspnetRoutes(ctx: CloudMContext, fullRoutes: readonly Route[]): AspnetRoute[] {
  const deps: AspnetDeps = { ctx, full: new FullRoutes(fullRoutes), store: new AspnetStore() };
  // The guide shows the login answer, so it stays bare, exactly as on every profile.
  const login = anonymous(
    "POST",
    "/api/Account/login",
    {
      operationId: "Account_Login",
      summary: "Sign in; the access token goes in 'Authorization: Bearer <accessToken>'",
      body: { schema: "LoginRequest" },
      reply: { status: 200, description: "Signed in", schema: "LoginResponse" },
    },
    deps.full.handler("POST", "/api/Account/login"),
  );
  return [
    login,
    ...connectionRoutes(deps),
    ...coreRoutes(deps),
    ...settingsRoutes(deps),
    ...runRoutes(deps),
    ...projectAndBatchRoutes(deps),
    ...scheduleRoutes(deps),
    ...scanRoutes(deps),
    ...readinessRoutes(deps),
    ...domainRoutes(deps),
    ...adminRoutes(deps),
    ...licenseRoutes(deps),
    ...serviceRoutes(deps),
  ];
}
