/** When a repeating schedule fires next: fixed intervals, calendar months, and missed occurrences. */
import { describe, expect, it } from "vitest";
import { addMonths, nextOccurrence, occurrenceAt } from "../../src/simulator/cloudm/scheduler.js";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("schedule repeats", () => {
  it("adds calendar months, clamping the day to the month's last", () => {
    expect(iso(addMonths(at("2026-01-31T22:00:00Z"), 1))).toBe("2026-02-28T22:00:00.000Z");
    expect(iso(addMonths(at("2028-01-31T22:00:00Z"), 1))).toBe("2028-02-29T22:00:00.000Z");
    expect(iso(addMonths(at("2026-11-30T08:15:00Z"), 3))).toBe("2027-02-28T08:15:00.000Z");
  });

  it("counts monthly occurrences from the first, so a short month does not shift the rest", () => {
    const first = at("2026-01-31T22:00:00Z");
    expect([1, 2, 3].map((n) => iso(occurrenceAt(first, "Monthly", n)))).toEqual([
      "2026-02-28T22:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
      "2026-04-30T22:00:00.000Z",
    ]);
  });

  it("skips occurrences missed while the clock jumped, instead of running them in a burst", () => {
    const first = at("2026-06-01T09:00:00Z");
    expect(nextOccurrence(first, "Hourly", first)).toEqual({ n: 1, at: first + 3_600_000 });
    const later = nextOccurrence(first, "Daily", at("2026-06-10T12:00:00Z"));
    expect(later.n).toBe(10);
    expect(iso(later.at)).toBe("2026-06-11T09:00:00.000Z");
    expect(iso(nextOccurrence(first, "Weekly", at("2026-06-08T09:00:00Z")).at)).toBe(
      "2026-06-15T09:00:00.000Z",
    );
    expect(iso(nextOccurrence(first, "Monthly", at("2027-01-15T00:00:00Z")).at)).toBe(
      "2027-02-01T09:00:00.000Z",
    );
  });
});
