/**
 * What this process found out a few minutes ago and may still stand by: a connection test's result, a
 * batch's pre-flight verdict. Per process, bounded, each entry good for its window only; what is older
 * is asked again, never trusted.
 */
const MAX_ENTRIES = 1_000;

export interface Remembered<T> {
  value: T;
  /** When it was found (ms since the epoch). */
  at: number;
}

export class RecentResults<T> {
  private readonly entries = new Map<string, Remembered<T>>();

  constructor(readonly windowMs: number) {}

  /** The entry, while it is younger than the window. */
  get(key: string): Remembered<T> | undefined {
    const entry = this.entries.get(key.toLowerCase());
    if (entry && Date.now() - entry.at <= this.windowMs) return entry;
    this.entries.delete(key.toLowerCase());
    return undefined;
  }

  set(key: string, value: T): void {
    this.entries.delete(key.toLowerCase());
    this.entries.set(key.toLowerCase(), { value, at: Date.now() });
    // Oldest first: a Map iterates in insertion order.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(key: string): void {
    this.entries.delete(key.toLowerCase());
  }
}
