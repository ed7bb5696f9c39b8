/** Seeded randomness, so a simulator run is the same every time for the same seed. */
import { createHash } from "node:crypto";

/** mulberry32: small, fast, good enough for simulated data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random stream derived from the seed and some names: the same names always give the same stream. */
export function derivedRandom(seed: number, ...parts: Array<string | number>): () => number {
  const digest = createHash("sha256")
    .update(`${seed}|${parts.join("|")}`)
    .digest();
  return seededRandom(digest.readUInt32LE(0));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

export function between(random: () => number, min: number, max: number): number {
  return Math.floor(min + random() * (max - min + 1));
}

/** A GUID-shaped id (version 4 layout) drawn from the seeded stream. */
export function seededGuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
