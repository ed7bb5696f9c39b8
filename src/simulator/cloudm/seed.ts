/** Who and what the simulated tenant starts with: admins, the service fleet, and its source users' data. */
import { between, derivedRandom } from "../random.js";
import type { SimAdmin, SimServer } from "./model.js";

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

/** The source directory a connection "sees": deterministic users of its domain. */
export function directoryUsers(domain: string, count: number, random: () => number): string[] {
  const users = new Set<string>();
  while (users.size < count) {
    const given = GIVEN[Math.floor(random() * GIVEN.length)];
    const family = FAMILY[Math.floor(random() * FAMILY.length)];
    users.add(`${given}.${family}@${domain}`);
  }
  return [...users];
}

export interface UserFootprint {
  mailItemCount: number;
  mailboxSizeBytes: number;
  mailFolderCount: number;
  driveItemCount: number;
  driveSizeBytes: number;
  sharedItemCount: number;
}

/** A source user's mailbox and drive, fixed by the seed and the address: what scans report, what readiness estimates. */
export function userFootprint(seed: number, userEmail: string): UserFootprint {
  const random = derivedRandom(seed, "footprint", userEmail.toLowerCase());
  // The same ranges the engine migrates (engine.ts workFor), so estimates match what a run moves.
  const mailItemCount = between(random, 150, 2_500);
  const mailboxSizeBytes = mailItemCount * Math.round(30_000 + random() * 60_000);
  const mailFolderCount = between(random, 8, 120);
  const driveItemCount = between(random, 5, 400);
  const driveSizeBytes = driveItemCount * Math.round(450_000 + random() * 900_000);
  const sharedItemCount = Math.floor(driveItemCount * random() * 0.3);
  return {
    mailItemCount,
    mailboxSizeBytes,
    mailFolderCount,
    driveItemCount,
    driveSizeBytes,
    sharedItemCount,
  };
}
