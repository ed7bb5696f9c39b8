/**
 * The service's records as the admin-service tools show them: a licence with what to do about its
 * state, a notification and its line, a migration server and its line, and what each server action does.
 */
import { z } from "zod";
import type {
  LicenceRecord,
  MigrationServerRecord,
  NotificationRecord,
  ServerAction,
} from "../api/cloudm/schemas/index.js";
import { plainOrQuoted, quoted } from "../api/quoted.js";
import { licenceDestination, licenceFix, licencePool, licenceState } from "../views/licence.js";
import { defined, enumLabel, enumLabelIfReported, orNotReported } from "../views/reported.js";

export const licenceOut = {
  projectId: z.string(),
  state: z
    .string()
    .describe(
      "Valid, Expired, ...; 'unknown' or 'not understood (…)' when the instance did not say one this server knows",
    ),
  message: z.string().optional(),
  trial: z.boolean().optional(),
  total: z.number().optional(),
  used: z.number().optional(),
  available: z.number().optional(),
  usedByProject: z.number().optional(),
  expiresOn: z.string().optional(),
  destinationDomain: z.string().optional(),
  destinationPlatform: z.string().optional(),
  platforms: z
    .array(
      z.object({
        source: z.string().optional(),
        destination: z.string().optional(),
        expiresOn: z.string().optional(),
        isExpired: z.boolean().optional(),
        licenseType: z.string().optional(),
      }),
    )
    .optional(),
  notReported: z.array(z.string()).optional().describe("Licence facts the instance did not give"),
};

/** The facts a licence check relies on that the instance left out, in words. */
function notReported(l: LicenceRecord): string[] {
  return [
    l.state === undefined ? "the licence state" : "",
    l.total === undefined ? "the number of user licences" : "",
    l.available === undefined ? "how many are available" : "",
    l.used === undefined ? "how many are used" : "",
  ].filter(Boolean);
}

/** get_license's answer: the licence's facts as the instance gave them, and in words with what to do. */
export function licenceAnswer(projectId: string, l: LicenceRecord) {
  const missing = notReported(l);
  const platforms = l.platforms.map(({ licenseTypeReported, ...p }) =>
    defined({ ...p, licenseType: enumLabelIfReported(p.licenseType, licenseTypeReported) }),
  );
  const structured = defined({
    projectId,
    state: enumLabel(l.state, l.stateReported),
    message: l.message,
    trial: l.trial,
    total: l.total,
    used: l.used,
    available: l.available,
    usedByProject: l.usedByProject,
    expiresOn: l.expiresOn,
    destinationDomain: l.destinationDomain,
    destinationPlatform: l.destinationPlatform,
    platforms: platforms.length > 0 ? platforms : undefined,
    notReported: missing.length > 0 ? missing : undefined,
  });
  const used = [
    l.used === undefined ? "" : `${l.used} used`,
    l.usedByProject === undefined ? "" : `${l.usedByProject} by this project`,
  ].filter(Boolean);
  const covers = licenceDestination(l);
  const hint =
    l.state === undefined
      ? "Check the licence in the CloudM web UI: the instance did not give a state this server understands."
      : l.state === "Valid"
        ? undefined
        : `Fix: ${licenceFix(l.state)}.`;
  const lines = [
    `Licence ${licenceState(l)}${covers ? ` for ${covers}` : ""}: ${licencePool(l)}${used.length > 0 ? ` (${used.join(", ")})` : ""}; ${l.expiresOn ? `expires ${plainOrQuoted(l.expiresOn)}` : "no expiry date reported"}.${hint ? ` ${hint}` : ""}`,
    l.message ? `The instance says: ${quoted(l.message)}` : "",
    ...platforms.map(
      (p) =>
        `- ${orNotReported(p.source, "(source not reported)", plainOrQuoted)} -> ${orNotReported(p.destination, "(destination not reported)", plainOrQuoted)}: ${p.licenseType ?? "type not reported"}, ${p.isExpired ? "expired" : p.expiresOn ? `expires ${plainOrQuoted(p.expiresOn)}` : "expiry not reported"}`,
    ),
    missing.length > 0 ? `Not reported by the instance: ${missing.join("; ")}.` : "",
  ];
  return { structured, text: lines.filter(Boolean).join("\n") };
}

export const notificationOut = z.object({
  id: z.number().optional(),
  date: z.string().optional(),
  type: z.string().describe("Success, Error, Info, Warning; 'unknown' or 'not understood (…)' otherwise"),
  title: z.string().optional(),
  message: z.string().optional(),
  isRead: z.boolean().optional(),
  configurationId: z.string().optional(),
  projectId: z.string().optional(),
});

export const notificationView = (n: NotificationRecord): z.infer<typeof notificationOut> =>
  defined({
    id: n.id,
    date: n.date,
    type: enumLabel(n.type, n.typeReported),
    title: n.title,
    message: n.message,
    isRead: n.isRead,
    configurationId: n.configurationId,
    projectId: n.projectId,
  });

export const notificationLine = (n: z.infer<typeof notificationOut>) =>
  `#${orNotReported(n.id, "(id not reported)", plainOrQuoted)} ${orNotReported(n.date, "(date not reported)", plainOrQuoted)} ${n.type}${n.isRead === false ? " (unread)" : ""}: ${orNotReported(n.title, "(no title)", quoted)}. ${orNotReported(n.message, "", quoted)}`.trimEnd();

export const serverOut = z.object({
  machineName: z.string(),
  status: z
    .string()
    .describe("Ok, Warn, Offline, VersionDoesNotMatch; 'unknown' or 'not understood (…)' otherwise"),
  version: z.string().optional(),
  uptime: z.string().optional(),
  numberOfRunningTasks: z.number().optional(),
  acceptingTasks: z.boolean().optional(),
});

export const serverView = (s: MigrationServerRecord): z.infer<typeof serverOut> =>
  defined({
    machineName: s.machineName,
    status: enumLabel(s.status, s.statusReported),
    version: s.version,
    uptime: s.uptime,
    numberOfRunningTasks: s.numberOfRunningTasks,
    acceptingTasks: s.acceptingTasks,
  });
export const serverLine = (s: z.infer<typeof serverOut>) =>
  `${plainOrQuoted(s.machineName)}: ${s.status}, ${s.version === undefined ? "version not reported" : `v${plainOrQuoted(s.version)}`}, ${s.uptime === undefined ? "uptime not reported" : `up ${plainOrQuoted(s.uptime)}`}, ${s.numberOfRunningTasks === undefined ? "running tasks not reported" : `${s.numberOfRunningTasks} running task(s)`}`;

export const ACTION_EFFECT: Record<ServerAction, string> = {
  Start: "takes new migration work again",
  Stop: "goes offline and takes no work; refused while it runs tasks (Drain first)",
  Restart: "restarts, picking up an installed update; refused while it runs tasks",
  Drain: "finishes its running tasks and takes no new ones; queued users wait for another server",
};
