/**
 * The simulated audit log. `withAudit` wraps every route where the server builds its route list, so
 * every successful write (a non-GET whose handler answered below 400) and every sign-in attempt is
 * recorded centrally, with the user from the bearer token and the simulated time; no route records
 * anything itself. The one write no request makes, a run started by a schedule, is recorded by the
 * scheduler through `recordScheduledStart`, in the name of the schedule's creator.
 */
import type { Route, SimRequest, SimResponse } from "../http-server.js";
import type { CloudMContext } from "./context.js";
import type { SimBatch, SimSchedule } from "./model.js";
import { type TokenClaims, verifyToken } from "./jwt.js";

const LOGIN = "post /api/account/login";

/** auditType per `method pattern` (lower case); routes not listed get one derived from their path. */
const AUDIT_TYPES: Record<string, string> = {
  [LOGIN]: "Login",
  "post /api/testconnection/start": "ConnectionTestStarted",
  "post /api/connectionsproject/create-project": "ProjectCreated",
  "put /api/connectionsproject/{projectid}/rename": "ProjectRenamed",
  "post /api/connectionsproject/{projectid}/archive": "ProjectArchived",
  "post /api/connectionsproject/{projectid}/restore": "ProjectRestored",
  "delete /api/connectionsproject/{projectid}": "ProjectDeleted",
  "post /api/connectionbatches/create-connection-batch": "BatchCreated",
  "post /api/batchmigrationitems/add-migration-item": "MigrationItemAdded",
  "post /api/batchmigrationitems/import-users-from-file": "MigrationItemsImported",
  "post /api/batchmigrationitems/import-users-from-source": "MigrationItemsImported",
  "post /api/batchconfigsettings/save-general-settings": "BatchSettingsSaved",
  "post /api/batchconfigsettings/save-source-settings": "BatchSettingsSaved",
  "post /api/batchconfigsettings/save-destination-settings": "BatchSettingsSaved",
  "post /api/connectionbatchesprogress/start-migration": "MigrationStarted",
  "post /api/connectionbatchesprogress/stop-migration": "MigrationStopped",
  "post /api/connectionbatchesprogress/generate-report": "ReportGenerated",
  "post /api/domainreplacement/upload": "DomainMappingReplaced",
  "post /api/adminuser": "AdminUserAdded",
  "put /api/adminuser/{id}": "AdminUserUpdated",
  "delete /api/adminuser/{id}": "AdminUserDeleted",
  "post /api/notification/mark-read": "NotificationsRead",
  "post /api/servicemanager/change-state": "ServerStateChanged",
};

const VERB_PAST: Record<string, string> = { POST: "Created", PUT: "Updated", DELETE: "Deleted" };
const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");

/** e.g. `POST /api/EnvironmentScan/start` → EnvironmentScanStart; `POST /api/ZimbraConnections` → ConnectionCreated. */
export function auditTypeOf(method: string, pattern: string): string {
  const known = AUDIT_TYPES[`${method} ${pattern}`.toLowerCase()];
  if (known) return known;
  const [, controller = "", ...rest] = pattern.split("/").filter(Boolean);
  const verb = VERB_PAST[method.toUpperCase()] ?? pascal(method.toLowerCase());
  if (/Connections$/i.test(controller) && rest.every((s) => s.startsWith("{"))) return `Connection${verb}`;
  const action = rest.filter((s) => !s.startsWith("{")).at(-1);
  return `${pascal(controller)}${action ? pascal(action) : verb}`;
}

/** Request fields that say what was acted on; never a password, secret or settings blob. */
const DESCRIBING_FIELDS = [
  "configurationId",
  "projectId",
  "name",
  "batchName",
  "mode",
  "exportName",
  "platformConnectionId",
  "machineName",
  "action",
  "login",
  "role",
  "isActive",
  "markAll",
] as const;

function describe(request: SimRequest): string {
  const facts: string[] = Object.entries(request.params).map(([k, v]) => `${k}=${v}`);
  if (request.headers["content-type"]?.toLowerCase().includes("application/json")) {
    try {
      const body = JSON.parse(request.body.toString("utf8")) as unknown;
      if (body && typeof body === "object") {
        for (const key of DESCRIBING_FIELDS) {
          const value = (body as Record<string, unknown>)[key];
          if (["string", "number", "boolean"].includes(typeof value)) facts.push(`${key}=${String(value)}`);
        }
      }
    } catch {
      // An unparseable body was refused by the handler and is never audited.
    }
  }
  return `${request.method} ${request.path}${facts.length ? ` (${facts.join(", ")})` : ""}`;
}

/** Who sent an authenticated request (its token was already checked before the handler ran). */
export function bearerClaims(ctx: CloudMContext, request: SimRequest): TokenClaims | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const verdict = token ? verifyToken(token, ctx.secret, Date.now() / 1000) : undefined;
  return verdict?.ok ? verdict.claims : undefined;
}

function attemptedEmail(request: SimRequest): string {
  try {
    const body = JSON.parse(request.body.toString("utf8")) as { userEmail?: unknown };
    return typeof body.userEmail === "string" ? body.userEmail : "(unknown)";
  } catch {
    return "(unknown)";
  }
}

function record(ctx: CloudMContext, request: SimRequest, userEmail: string, auditType: string): void {
  const audit = ctx.state.audit;
  const forwarded = request.headers["x-forwarded-for"];
  audit.push({
    auditId: audit.length + 1,
    userEmail,
    date: ctx.clock.now(),
    auditType,
    message: describe(request),
    // The simulator listens on 127.0.0.1 only, so every caller is local unless a proxy says otherwise.
    ipAddress: (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || "127.0.0.1",
    userAgent: request.headers["user-agent"] ?? "unknown",
  });
}

export function recordScheduledStart(
  ctx: CloudMContext,
  schedule: SimSchedule,
  target: SimBatch,
  why: string,
  at: number,
): void {
  const audit = ctx.state.audit;
  audit.push({
    auditId: audit.length + 1,
    userEmail: schedule.createdBy,
    date: at,
    auditType: "MigrationStarted",
    message: `Scheduled ${schedule.mode} of batch '${target.batchName}' (scheduleId=${schedule.scheduleId}, configurationId=${target.configurationId}) because ${why}`,
    ipAddress: "scheduler",
    userAgent: "CloudM scheduler",
  });
}

/** Wraps every route so successful writes and every sign-in attempt land in the audit log. */
export function withAudit(ctx: CloudMContext, routes: readonly Route[]): Route[] {
  return routes.map((route) => {
    const method = route.method.toUpperCase();
    const isLogin = `${method} ${route.pattern}`.toLowerCase() === LOGIN;
    if (method === "GET") return route;
    const auditType = auditTypeOf(method, route.pattern);
    return {
      ...route,
      handler: async (request): Promise<SimResponse> => {
        const response = await route.handler(request);
        if (isLogin) {
          const signedIn = (response.body as { email?: unknown } | undefined)?.email;
          const email = typeof signedIn === "string" ? signedIn : attemptedEmail(request);
          if (response.status < 400) record(ctx, request, email, auditType);
          else if (response.status === 401) record(ctx, request, email, "LoginFailed");
        } else if (response.status < 400) {
          record(ctx, request, bearerClaims(ctx, request)?.email ?? "(unknown)", auditType);
        }
        return response;
      },
    };
  });
}
