/** Who and what the simulated tenant starts with. */
import type { SimAdmin } from "./state.js";

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
