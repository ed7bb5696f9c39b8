/** Starts the CloudM Migrate simulator: real HTTP on 127.0.0.1, in-memory state, seeded and fault-injectable. */
import { randomBytes } from "node:crypto";
import { SimClock } from "../clock.js";
import { FaultInjector, type FaultRates } from "../faults.js";
import { emptyResponse, type RequestRecord, type Route, startHttpSimulator } from "../http-server.js";
import { problem } from "../problems.js";
import { authenticate, loginRoute } from "./auth-routes.js";
import { adminRoutes } from "./admin-routes.js";
import { aspnetOpenApiRoute } from "./aspnet/document.js";
import { aspnetRoutes } from "./aspnet/routes.js";
import { withAudit } from "./audit.js";
import { connectionRoutes } from "./connection-routes.js";
import { connectionTestRoutes } from "./connection-test-routes.js";
import type { CloudMContext, CloudMProfile } from "./context.js";
import { domainRoutes } from "./domain-routes.js";
import { itemRoutes } from "./item-routes.js";
import { licenceRoutes } from "./licence-routes.js";
import { startLicence } from "./licences.js";
import { openApiRoute } from "./openapi.js";
import { renameRoutes, servedRoutes } from "./profile.js";
import { projectAdminRoutes } from "./project-admin-routes.js";
import { projectRoutes } from "./project-routes.js";
import { runRoutes } from "./run-routes.js";
import { readinessRoutes } from "./readiness-routes.js";
import { scanRoutes } from "./scan-routes.js";
import { scheduleRoutes } from "./schedule-routes.js";
import { withDueSchedules } from "./scheduler.js";
import { type DemoTenant, seedDemoTenant } from "./demo-tenant.js";
import { DEMO_ADMIN, seedAdmins } from "./seed.js";
import { serviceRoutes } from "./service-routes.js";
import { settingsRoutes } from "./settings-routes.js";
import { CloudMState } from "./state.js";

export interface CloudMSimulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Same seed, same ids, data and failures. */
  seed?: number;
  /** How many times faster than real time migrations progress. */
  clockSpeed?: number;
  /** Lifetime of a login's token; the guide's default is 900. */
  tokenLifetimeSeconds?: number;
  faults?: FaultRates;
  /** User licences the tenant owns (default 500); the demo tenant's pilot uses some (demo-tenant.ts). */
  licenceCount?: number;
  /** Bytes the tenant may import from now on; the demo tenant's earlier runs are not metered. */
  volumeCapBytes?: number;
  /**
   * `demo` seeds connections and a project with three batches (demo-tenant.ts): one never run, one
   * that ran to completion earlier, and one with more users than the licence has left; `empty` only
   * the admin accounts.
   */
  tenant?: "empty" | "demo";
  /**
   * `full` (the default): every endpoint, with our richer guessed shapes, and /openapi/v1.json.
   * `guide`: only the endpoints the guide documents, answering only what it shows.
   * `aspnet`: the same API and state as a stock ASP.NET Core application with CloudM's own models
   * (result envelope, 201/202/204, integer enums, kebab-case actions) and an OpenAPI 3.1 document.
   */
  profile?: CloudMProfile;
  /**
   * What create-connection-batch answers: `object` is `{ configurationId }`, `string` the bare GUID as
   * a JSON string. Default: `string` in the guide profile; in the full profile, the whole batch. The
   * aspnet profile always answers its envelope with the GUID.
   */
  createBatchAnswer?: "object" | "string";
  /** What secret settings read back as (default the mask `********`; `null` as some instances answer). */
  secretsReadBack?: "masked" | "null";
  /**
   * Serves routes at other paths: `"METHOD pattern"` (as the request log names it, e.g.
   * `"GET /api/ConnectionsProject/{projectId}"`) to the new pattern. /openapi/v1.json shows the new
   * paths; a key naming no served route throws at start-up.
   */
  renameRoutes?: Readonly<Record<string, string>>;
  /**
   * Leaves /openapi/v1.json out of the full and aspnet profiles, as many production instances do (an
   * ASP.NET app serves its document in Development only): the routes are there, nothing says so.
   */
  hideDocument?: boolean;
}

export interface CloudMSimulator {
  url: string;
  profile: CloudMProfile;
  credentials: { email: string; password: string };
  clock: SimClock;
  faults: FaultInjector;
  state: CloudMState;
  requests: RequestRecord[];
  /** Every route served, `METHOD pattern` as the request log names them, in matching order. */
  routes: ReadonlyArray<{ method: string; pattern: string }>;
  /** Requests whose matched route is `METHOD pattern` (e.g. `POST /api/Account/login`). */
  countRequests: (route: string) => number;
  /** Every access token the login endpoint has issued, oldest first. */
  issuedTokens: readonly string[];
  /** Refuses every token issued so far, as if they had all expired. */
  revokeAllTokens: () => void;
  /** Ids of the seeded demo tenant, when `tenant: "demo"`. */
  demo: DemoTenant | undefined;
  close: () => Promise<void>;
}

export async function startCloudMSimulator(options: CloudMSimulatorOptions = {}): Promise<CloudMSimulator> {
  const seed = options.seed ?? 42;
  const state = new CloudMState(seed, {
    licenceCount: options.licenceCount ?? 500,
    volumeCapBytes: options.volumeCapBytes,
  });
  state.admins.push(...seedAdmins());
  const profile = options.profile ?? "full";
  const ctx: CloudMContext = {
    profile,
    createBatchAnswer:
      profile === "aspnet"
        ? "batch"
        : (options.createBatchAnswer ?? (profile === "guide" ? "string" : "batch")),
    secretsReadBack: options.secretsReadBack ?? "masked",
    state,
    clock: new SimClock(options.clockSpeed ?? 1),
    secret: randomBytes(32),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 900,
    tokensIssued: 0,
    issuedTokens: [],
    revokedBelow: 0,
  };
  const demo = options.tenant === "demo" ? seedDemoTenant(ctx) : undefined;
  startLicence(ctx);
  const faults = new FaultInjector(options.faults, seed);
  // Every endpoint of the simulated API; the profile keeps what it serves, in this order.
  const routes: Route[] = [
    loginRoute(ctx),
    ...connectionRoutes(ctx),
    ...connectionTestRoutes(ctx),
    ...projectRoutes(ctx),
    ...itemRoutes(ctx),
    ...settingsRoutes(ctx),
    ...runRoutes(ctx),
    ...projectAdminRoutes(ctx),
    ...scheduleRoutes(ctx),
    ...scanRoutes(ctx),
    ...readinessRoutes(ctx),
    ...domainRoutes(ctx),
    ...adminRoutes(ctx),
    ...licenceRoutes(ctx),
    ...serviceRoutes(ctx),
  ];
  // Every successful write and every sign-in is recorded in the audit log (audit.ts), under the
  // route's own pattern even when it is served elsewhere, so audit types do not move with a rename.
  const audited = withAudit(ctx, servedRoutes(routes, profile));
  const renames = options.renameRoutes ?? {};
  let table: Route[];
  if (profile === "aspnet") {
    // The aspnet routes call the audited full ones, so a write is audited as on the full profile.
    const served = renameRoutes(aspnetRoutes(ctx, audited), renames);
    table = options.hideDocument ? served : [...served, aspnetOpenApiRoute(served)];
  } else {
    const served = renameRoutes(audited, renames);
    // /openapi/v1.json is generated from the served table. The guide names the document but shows none
    // of it, so the guide profile leaves it out: a client must be able to work without it.
    table = profile === "guide" || options.hideDocument ? served : [...served, openApiRoute(served)];
  }
  const server = await startHttpSimulator({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    // Schedules come due on the simulated clock: each request first fires those that are due.
    routes: withDueSchedules(ctx, table),
    faults,
    now: () => ctx.clock.now(),
    hooks: {
      error: (status, _code, message) => problem(status, message),
      // ASP.NET Core routing answers an unmatched path or method itself, before any controller: no body.
      unmatched: (status) => emptyResponse(status),
      authenticate: (request, forceExpired) => authenticate(ctx, request, forceExpired),
    },
  });
  return {
    url: server.url,
    profile,
    credentials: { ...DEMO_ADMIN },
    clock: ctx.clock,
    faults,
    state,
    requests: server.requests,
    routes: table.map((r) => ({ method: r.method, pattern: r.pattern })),
    countRequests: (route) =>
      server.requests.filter((r) => r.route.toLowerCase() === route.toLowerCase()).length,
    issuedTokens: ctx.issuedTokens,
    revokeAllTokens: () => {
      ctx.revokedBelow = ctx.tokensIssued;
    },
    close: server.close,
    demo,
  };
}
