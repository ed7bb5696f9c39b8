/**
 * One process's own fleet store: a confirmation's nonce is spent once until its expiry, and one sealed
 * under another epoch (an earlier run sharing MIGRATE_MCP_CONFIRM_SECRET) is stale, never reusable.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { LocalFleetStore } from "../../src/fleet/store.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("LocalFleetStore claims", () => {
  it("spends a nonce once, and forgets it only when its expiry has passed", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new LocalFleetStore();
    const epoch = await store.epoch();
    expect(await store.claimOnce("confirmation:n", 60_000, epoch)).toBe("claimed");
    expect(await store.claimOnce("confirmation:n", 60_000, epoch)).toBe("used");
    vi.setSystemTime(1_000_000 + 59_999);
    expect(await store.claimOnce("confirmation:n", 60_000, epoch)).toBe("used");
    vi.setSystemTime(1_000_000 + 60_000);
    // Expired: the confirmation itself is refused for its age before its nonce is looked up.
    expect(await store.claimOnce("confirmation:n", 60_000, epoch)).toBe("claimed");
  });

  it("refuses as stale a nonce sealed under another process's epoch", async () => {
    const earlier = new LocalFleetStore();
    const now = new LocalFleetStore();
    expect(await now.epoch()).not.toBe(await earlier.epoch());
    expect(await now.claimOnce("confirmation:n", 60_000, await earlier.epoch())).toBe("stale");
    expect(await now.claimOnce("confirmation:n", 60_000, await now.epoch())).toBe("claimed");
  });
});
