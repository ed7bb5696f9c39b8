import { describe, expect, it } from "vitest";
import { parseRetryAfter, type RetryPolicy, retryDelayMs } from "../../src/api/http.js";

const policy: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 4_000, maxRetryAfterSeconds: 30 };
const lowest = () => 0;
const highest = () => 0.999_999;

describe("retryDelayMs", () => {
  it("waits between half and all of the base delay before the first retry", () => {
    expect(retryDelayMs(0, undefined, policy, lowest)).toBe(100);
    expect(retryDelayMs(0, undefined, policy, highest)).toBeCloseTo(200, 2);
  });

  it("doubles the ceiling with each attempt", () => {
    expect(retryDelayMs(1, undefined, policy, lowest)).toBe(200);
    expect(retryDelayMs(1, undefined, policy, highest)).toBeCloseTo(400, 2);
    expect(retryDelayMs(3, undefined, policy, lowest)).toBe(800);
    expect(retryDelayMs(3, undefined, policy, highest)).toBeCloseTo(1_600, 2);
  });

  it("never exceeds maxDelayMs however many attempts were made", () => {
    for (const attempt of [5, 10, 30]) {
      expect(retryDelayMs(attempt, undefined, policy, lowest)).toBe(2_000);
      expect(retryDelayMs(attempt, undefined, policy, highest)).toBeLessThanOrEqual(4_000);
      expect(retryDelayMs(attempt, undefined, policy, highest)).toBeGreaterThan(3_999);
    }
  });

  it("stays within [ceiling/2, ceiling] with the real random source", () => {
    for (let i = 0; i < 500; i++) {
      const delay = retryDelayMs(2, undefined, policy);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it("uses Retry-After as given, over the backoff and over maxDelayMs", () => {
    expect(retryDelayMs(0, 1, policy, highest)).toBe(1_000);
    expect(retryDelayMs(4, 0.5, policy, highest)).toBe(500);
    expect(retryDelayMs(0, 10, policy, lowest)).toBe(10_000);
    expect(retryDelayMs(3, 0, policy, highest)).toBe(0);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  it("reads delta seconds, whole or fractional, ignoring surrounding space", () => {
    expect(parseRetryAfter("5")).toBe(5);
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter("1.5")).toBe(1.5);
    expect(parseRetryAfter(" 120 ")).toBe(120);
  });

  it("turns an HTTP date into the seconds left until it", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:30:00 GMT", now)).toBe(120);
  });

  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
  });

  it("ignores a missing or unreadable header", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("")).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
