/**
 * CloudM Migrate checks: reach the instance, sign in with the guide's login, and read what the licence
 * allows. CloudM reports a licence per project (its state depends on the project's destination), so
 * the first few projects' licences are read; the pool of user licences is the tenant's and is shown
 * once. Listing projects and reading licences are not in the guide: an instance without them gets a
 * note, not a failure.
 */
import { plural } from "../views/counts.js";
import type { Profile } from "../api/cloudm/auth.js";
import type { CloudMClient } from "../api/cloudm/client.js";
import type { CloudMOperation } from "../api/cloudm/endpoints.js";
import type { LicenceRecord, ProjectRecord } from "../api/cloudm/schemas/index.js";
import { AuthError, NotFoundError, RouteMissingError } from "../api/errors.js";
import { nameOrId, plainOrQuoted, quoted } from "../api/quoted.js";
import { licenceDestination, licenceFix, licencePool, licenceState } from "../views/licence.js";
import { type Check, fail, note, ok } from "./check.js";
import { attempt, explainFailure, reachCheck, type Upstream } from "./upstream.js";

const SUBJECT = "CloudM";
/** Projects whose licence is read: each is a request, and the states repeat across projects. */
const LICENCE_PROJECTS = 5;

/** How the client signs in; the email names the account in messages (it is no secret). */
export type SignIn = { kind: "password"; email: string } | { kind: "token" };

export interface CloudMTarget {
  client: CloudMClient;
  url: string;
  simulator: boolean;
  signIn: SignIn;
}

const CREDENTIALS_FIX: Record<SignIn["kind"], string> = {
  password:
    "check CLOUDM_EMAIL and CLOUDM_PASSWORD (or CLOUDM_PASSWORD_FILE), or set CLOUDM_TOKEN to a valid token instead",
  token:
    "set CLOUDM_TOKEN to a fresh token, or set CLOUDM_EMAIL and CLOUDM_PASSWORD so migrate-mcp signs in itself",
};

export interface CloudMResult {
  checks: Check[];
  /** The instance answered and took the credentials: later checks may call it. */
  signedIn: boolean;
}

/** A token needs a call to be tried; listing a platform's connections is the guide's cheapest read. */
const TOKEN_CHECK_PLATFORM = "Microsoft365";

export async function checkCloudM(target: CloudMTarget): Promise<CloudMResult> {
  const { client, signIn } = target;
  const upstream: Upstream = {
    subject: SUBJECT,
    url: target.url,
    urlSetting: "CLOUDM_URL",
    simulator: target.simulator,
    credentialsFix: CREDENTIALS_FIX[signIn.kind],
    permissionFix: "sign in with a CloudM account that has the administrator role",
  };
  // The documented login (a token is tried on a documented read): it shows reachability too.
  const first = await attempt<unknown>(() =>
    signIn.kind === "password" ? client.profile() : client.listConnections(TOKEN_CHECK_PLATFORM),
  );
  const reached = reachCheck(upstream, first);
  if (reached.status === "fail") return { checks: [reached], signedIn: false };
  if (!first.ok) return { checks: [reached, signInFailure(first.error, signIn, upstream)], signedIn: false };
  const signedIn = ok(SUBJECT, signedInAs(client.auth.profile));
  return { checks: [reached, signedIn, ...(await checkLicences(client, upstream))], signedIn: true };
}

/** A route this instance does not have (or a 404 on it): the reads that need it are skipped, not failed. */
function routeMissing(error: unknown): boolean {
  return error instanceof RouteMissingError || error instanceof NotFoundError;
}

function routeOf(client: CloudMClient, operation: CloudMOperation): string {
  const { method, path } = client.endpoints.get(operation);
  return `${method} ${path}`;
}

function signedInAs(profile: Profile | undefined): string {
  return profile
    ? `signed in as ${quoted(profile.userName)} <${plainOrQuoted(profile.email)}> (${plainOrQuoted(profile.role)})`
    : "the token (CLOUDM_TOKEN) is accepted";
}

function signInFailure(error: unknown, signIn: SignIn, upstream: Upstream): Check {
  if (!(error instanceof AuthError) || error.status === 403)
    return explainFailure(
      error,
      upstream,
      signIn.kind === "password" ? `signing in as ${signIn.email}` : "trying the token",
    );
  const status = error.status === undefined ? "" : ` (HTTP ${error.status})`;
  if (signIn.kind === "token")
    return fail(SUBJECT, `the token (CLOUDM_TOKEN) was refused${status}`, CREDENTIALS_FIX.token);
  if (error.code === "password_reset_required")
    return fail(
      SUBJECT,
      `login refused for ${signIn.email}: the account must reset its password first`,
      "sign in to the CloudM web UI once to set a new password, then update CLOUDM_PASSWORD",
    );
  return fail(
    SUBJECT,
    `login refused for ${signIn.email}: wrong email or password${status}`,
    CREDENTIALS_FIX.password,
  );
}

async function checkLicences(client: CloudMClient, upstream: Upstream): Promise<Check[]> {
  const listed = await attempt(() => client.listProjects({ pageNumber: 1, pageSize: LICENCE_PROJECTS }));
  if (!listed.ok)
    return [
      routeMissing(listed.error)
        ? note(
            SUBJECT,
            `this instance has no project list route (${routeOf(client, "listProjects")}, not in the guide); licences not read`,
          )
        : explainFailure(listed.error, upstream, "listing projects"),
    ];
  const { projects, total } = listed.value;
  if (projects.length === 0)
    return [note(SUBJECT, "licence not read: CloudM reports it per project, and there is no project yet")];
  const admin = client.admin;
  const read: Array<[ProjectRecord, LicenceRecord]> = [];
  let failure: Check | undefined;
  for (const project of projects.slice(0, LICENCE_PROJECTS)) {
    const licence = await attempt(() => admin.getLicence(project.projectId));
    if (!licence.ok) {
      // The same endpoint fails the same way for the next project: one line says it.
      failure = routeMissing(licence.error)
        ? note(
            SUBJECT,
            `this instance has no licence route (${routeOf(client, "getLicence")}, not in the guide); licences not read`,
          )
        : explainFailure(licence.error, upstream, `reading the licence of project ${nameOf(project)}`);
      break;
    }
    read.push([project, licence.value]);
  }
  // A failure already says why the rest were not read.
  const more = failure ? 0 : (total ?? projects.length) - read.length;
  return [
    ...(read[0] ? [poolCheck(read[0][1])] : []),
    ...read.map(([project, licence]) => projectLicenceCheck(project, licence)),
    ...(failure ? [failure] : []),
    ...(more > 0 ? [note(SUBJECT, `licence of ${plural(more, "more project")} not read`)] : []),
  ];
}

const nameOf = (project: ProjectRecord) => nameOrId(project.name || undefined, project.projectId);

function poolCheck(licence: LicenceRecord): Check {
  const expires = licence.expiresOn
    ? `expires ${plainOrQuoted(licence.expiresOn.slice(0, 10))}`
    : "no expiry date reported";
  const used = licence.used === undefined ? "" : ` (${licence.used} used)`;
  const pool = `${licencePool(licence)}${used}, ${expires}`;
  // A pool the instance did not report is not an empty one.
  if (licence.available === undefined) return note(SUBJECT, `licence: ${pool}`);
  return licence.available > 0
    ? ok(SUBJECT, `licence: ${pool}`)
    : fail(
        SUBJECT,
        `licence: no user licence left: ${pool}`,
        "add user licences to the CloudM licence before migrating more users",
      );
}

function projectLicenceCheck(project: ProjectRecord, licence: LicenceRecord): Check {
  const destination = licenceDestination(licence);
  const message = `licence ${licenceState(licence)} for project ${nameOf(project)}${destination ? ` (destination ${destination})` : ""}`;
  if (licence.state === "Valid") return ok(SUBJECT, message);
  if (licence.state === undefined) return note(SUBJECT, message);
  return fail(SUBJECT, message, licenceFix(licence.state));
}
