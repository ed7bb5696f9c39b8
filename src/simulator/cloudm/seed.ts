/** Who and what the simulated tenant starts with: admins, the service fleet, and its source users' data. */
import { between, derivedRandom, pick } from "../random.js";
import type { SimAdmin, SimServer, Work } from "./model.js";
import { MAILBOX_TYPES } from "./wire/scan.js";

/** Demo sign-in, printed by the CLI and shown in the README: a simulator account, not a real one. */
export const DEMO_ADMIN = { email: "admin@contoso.example", password: "Simulator-Demo-1!" } as const;
export const RESET_USER = { email: "reset@contoso.example", password: "Simulator-Demo-1!" } as const;

export function seedAdmins(): SimAdmin[] {
  return [
    {
      userId: "usr-0001",
      userName: "Demo Admin",
      email: DEMO_ADMIN.email,
      role: "Admin",
      password: DEMO_ADMIN.password,
      passwordResetRequired: false,
    },
    {
      userId: "usr-0002",
      userName: "Pending Reset",
      email: RESET_USER.email,
      role: "Admin",
      password: RESET_USER.password,
      passwordResetRequired: true,
    },
  ];
}

// assumed: not in the guide (a plausible build number)
export const CURRENT_SERVICE_VERSION = "5.12.3";

/** The migration service fleet (servers.ts): three machines, all running. */
export function seedServers(): Map<string, SimServer> {
  const server = (machineName: string, version = CURRENT_SERVICE_VERSION): SimServer => ({
    machineName,
    version,
    state: "Running",
    bootedAt: null,
  });
  // MIGSVR-03 missed the last update: it still works, and shows VersionDoesNotMatch until restarted.
  return new Map(
    [server("MIGSVR-01"), server("MIGSVR-02"), server("MIGSVR-03", "5.11.0")].map((s) => [s.machineName, s]),
  );
}

const GIVEN = [
  "amara",
  "ben",
  "chloe",
  "dev",
  "elena",
  "farah",
  "gus",
  "hana",
  "ivan",
  "jo",
  "kai",
  "lena",
  "marco",
  "nia",
  "omar",
  "priya",
  "quinn",
  "rosa",
  "sam",
  "tomas",
  "uma",
  "victor",
  "wen",
  "yusuf",
  "zara",
];
const FAMILY = [
  "adams",
  "bauer",
  "chen",
  "diaz",
  "evans",
  "fischer",
  "garcia",
  "haddad",
  "ito",
  "jensen",
  "khan",
  "lopez",
  "moreau",
  "novak",
  "okafor",
  "patel",
  "rossi",
  "silva",
  "tanaka",
  "weber",
];

/** How many users a source connection's directory holds. */
const DIRECTORY_SIZE = 25;

/** The directory a source connection of `domain` "sees", the same whoever reads it (an import, a scan). */
export function sourceDirectory(seed: number, domain: string): string[] {
  return directoryUsers(domain, DIRECTORY_SIZE, derivedRandom(seed, "directory", domain));
}

/** Deterministic users of a domain. */
export function directoryUsers(domain: string, count: number, random: () => number): string[] {
  const users = new Set<string>();
  while (users.size < count) users.add(`${personName(random)}@${domain}`);
  return [...users];
}

function personName(random: () => number): string {
  return `${pick(random, GIVEN)}.${pick(random, FAMILY)}`;
}

/**
 * Staff of a domain beyond what the name lists make unique, none of them in `taken`: a name already
 * used is numbered, as directories do (jo.khan2).
 */
export function staffUsers(
  domain: string,
  count: number,
  random: () => number,
  taken: Iterable<string> = [],
): string[] {
  const used = new Set([...taken].map((u) => u.toLowerCase()));
  const users: string[] = [];
  while (users.length < count) {
    const name = personName(random);
    let user = `${name}@${domain}`;
    for (let n = 2; used.has(user); n++) user = `${name}${n}@${domain}`;
    used.add(user);
    users.push(user);
  }
  return users;
}

type FootprintType = (typeof MAILBOX_TYPES)[number] | "document";

export interface UserFootprint {
  /** What the source holds per data type (a drive's files are `document`): what a bulk pass moves. */
  data: Record<FootprintType, { count: number; bytes: number }>;
  /** Every item of the mailbox (mail, calendar, contacts, tasks, notes) and its size. */
  mailItemCount: number;
  mailboxSizeBytes: number;
  mailFolderCount: number;
  driveItemCount: number;
  driveSizeBytes: number;
  sharedItemCount: number;
}

/**
 * A source user's mailbox and drive, fixed by the seed and the address: what scans report, what
 * readiness estimates, and what a run of the user moves (migratedData), so an estimate from a scan is
 * an estimate of the run.
 */
export function userFootprint(seed: number, userEmail: string): UserFootprint {
  const random = derivedRandom(seed, "footprint", userEmail.toLowerCase());
  const sized = (min: number, max: number, avgBytes: number) => {
    const count = between(random, min, max);
    return { count, bytes: count * Math.round(avgBytes * (0.5 + random())) };
  };
  const data = {
    email: sized(150, 2_500, 60_000),
    appointment: sized(10, 300, 8_000),
    contact: sized(5, 250, 3_000),
    task: sized(0, 60, 2_000),
    note: sized(0, 40, 4_000),
    document: sized(5, 400, 900_000),
  };
  const mailbox = MAILBOX_TYPES.map((type) => data[type]);
  return {
    data,
    mailItemCount: mailbox.reduce((sum, d) => sum + d.count, 0),
    mailboxSizeBytes: mailbox.reduce((sum, d) => sum + d.bytes, 0),
    mailFolderCount: between(random, 8, 120),
    driveItemCount: data.document.count,
    driveSizeBytes: data.document.bytes,
    sharedItemCount: Math.floor(data.document.count * random() * 0.3),
  };
}

/** An item's data flags and the data type each moves. */
const FLAG_TYPES: ReadonlyArray<[flag: string, type: FootprintType]> = [
  ["mail", "email"],
  ["calendar", "appointment"],
  ["contacts", "contact"],
  ["tasks", "task"],
  ["notes", "note"],
  ["drive", "document"],
];

/** What a bulk pass of a source user moves: its footprint, for the data types its flags select. */
export function migratedData(seed: number, exportName: string, flags: Record<string, boolean>): Work {
  const { data } = userFootprint(seed, exportName);
  const work: Work = {};
  for (const [flag, type] of FLAG_TYPES)
    if (flags[flag] && data[type].count > 0) work[type] = { ...data[type] };
  return work;
}
