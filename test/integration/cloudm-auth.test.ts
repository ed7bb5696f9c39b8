/**
 * Token lifecycle against the simulator: proactive renewal before expiry, one renewal after a 401,
 * a single login for a burst of calls, and what a caller is told when credentials are wrong.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthError } from "../../src/api/errors.js";
import { RESET_USER } from "../../src/simulator/cloudm/seed.js";
import { type CloudMHarness, startCloudM } from "../helpers/cloudm.js";

const LOGIN = "POST /api/Account/login";
const LIST = "GET /api/Microsoft365Connections";

let h: CloudMHarness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

async function harness(options: Parameters<typeof startCloudM>[0] = {}): Promise<CloudMHarness> {
  h = await startCloudM(options);
  return h;
}

function unauthorized(sim: CloudMHarness["sim"]): number {
  return sim.requests.filter((r) => r.status === 401).length;
}

/**
 * Token expiry is wall-clock time on both sides (the client's renewal time, the simulator's JWT `exp`),
 * and both run in this process: faking only `Date` lets a test jump past expiry without sleeping,
 * while sockets and timers stay real.
 */
function fakeWallClock(): void {
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
}

/** Jumps the wall clock past a 2-second token's expiry (the simulator floors `iat` to whole seconds). */
function passShortExpiry(): void {
  vi.setSystemTime(Date.now() + 2_100);
}

describe("token expiry mid-workflow", () => {
  it("renews a token that ran out before using it, without a 401", async () => {
    fakeWallClock();
    const { sim, client } = await harness({ simulator: { tokenLifetimeSeconds: 2 } });
    await client.listConnections("Microsoft365");
    expect(client.auth.loginCount).toBe(1);
    const firstToken = await client.auth.token();

    passShortExpiry();
    await expect(client.listConnections("Microsoft365")).resolves.toEqual([]);
    expect(client.auth.loginCount).toBe(2);
    expect(sim.countRequests(LOGIN)).toBe(2);
    expect(unauthorized(sim)).toBe(0);
    // The simulator does consider the first token expired by now: renewing was necessary.
    const stale = await fetch(`${sim.url}/api/Microsoft365Connections`, {
      headers: { authorization: `Bearer ${firstToken}` },
    });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ detail: "The access token has expired" });
  });

  it("after a 401 for a revoked token, logs in once more and resends the call", async () => {
    const { sim, client } = await harness();
    await client.listConnections("Microsoft365");
    sim.revokeAllTokens();

    await expect(client.listConnections("Microsoft365")).resolves.toEqual([]);
    expect(unauthorized(sim)).toBe(1);
    expect(client.auth.loginCount).toBe(2);
    expect(sim.countRequests(LOGIN)).toBe(2);
    expect(sim.countRequests(LIST)).toBe(3);
    expect(sim.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      `${LOGIN} 200`,
      `${LIST} 200`,
      `${LIST} 401`,
      `${LOGIN} 200`,
      `${LIST} 200`,
    ]);
  });

  it("renews a token refused as expired early (injected), once", async () => {
    const { sim, client } = await harness();
    await client.listConnections("Microsoft365");
    sim.faults.enqueue({ kind: "expire_token", method: "GET" });
    await expect(client.listConnections("Microsoft365")).resolves.toEqual([]);
    expect(unauthorized(sim)).toBe(1);
    expect(client.auth.loginCount).toBe(2);
  });

  it("gives up with AuthError when the renewed token is refused too", async () => {
    const { sim, client } = await harness();
    await client.listConnections("Microsoft365");
    sim.faults.enqueue({ kind: "expire_token", method: "GET" }, 2);
    const error = await client.listConnections("Microsoft365").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect(client.auth.loginCount).toBe(2);
    expect(sim.countRequests(LIST)).toBe(3);
  });

  it("a supplied token (CLOUDM_TOKEN) that is revoked fails with a message saying what to set", async () => {
    const { sim, client, newClient } = await harness();
    const token = await client.auth.token();
    const byToken = newClient({ credentials: { kind: "token", token } });
    await expect(byToken.listConnections("Microsoft365")).resolves.toEqual([]);
    sim.revokeAllTokens();
    const error = await byToken.listConnections("Microsoft365").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain("CLOUDM_TOKEN");
    expect((error as AuthError).message).not.toContain(token);
    expect(byToken.auth.loginCount).toBe(0);
    expect(sim.countRequests(LOGIN)).toBe(1);
  });
});

describe("a burst of calls at expiry logs in once", () => {
  const BURST = 100;

  async function burst(client: CloudMHarness["client"], connectionId: number) {
    const results = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        i % 2 === 0
          ? client.listConnections("Microsoft365")
          : client.getConnection("Microsoft365", connectionId),
      ),
    );
    expect(results).toHaveLength(BURST);
  }

  it("with a token that ran out (proactive renewal)", async () => {
    fakeWallClock();
    const { sim, client } = await harness({ simulator: { tokenLifetimeSeconds: 2, tenant: "demo" } });
    const connectionId = sim.demo!.sourceConnectionId;
    await client.getConnection("Microsoft365", connectionId);
    passShortExpiry();

    await burst(client, connectionId);
    expect(sim.countRequests(LOGIN)).toBe(2);
    expect(client.auth.loginCount).toBe(2);
    expect(unauthorized(sim)).toBe(0);
  });

  it("with revoked tokens (every call sees a 401)", async () => {
    const { sim, client } = await harness({ simulator: { tenant: "demo" } });
    const connectionId = sim.demo!.sourceConnectionId;
    await client.getConnection("Microsoft365", connectionId);
    sim.revokeAllTokens();

    await burst(client, connectionId);
    expect(sim.countRequests(LOGIN)).toBe(2);
    expect(client.auth.loginCount).toBe(2);
    // Every call of the burst carried the revoked token, was refused once, and was resent once.
    expect(unauthorized(sim)).toBe(BURST);
    expect(sim.requests.filter((r) => r.status === 200 && r.route !== LOGIN)).toHaveLength(1 + BURST);
  });
  it("a late 401 for a token that was already replaced reuses the new token, without a login", async () => {
    const { sim, client } = await harness();
    const stale = await client.auth.token();
    sim.revokeAllTokens();
    // One call meets the 401 and renews; a slower call that carried the same token answers later.
    await client.listConnections("Microsoft365");
    expect(client.auth.loginCount).toBe(2);
    const fresh = await client.auth.tokenAfterRejection(stale);
    expect(fresh).not.toBe(stale);
    expect(fresh).toBe(await client.auth.token());
    expect(client.auth.loginCount).toBe(2);
    expect(sim.countRequests(LOGIN)).toBe(2);
  });
});

describe("bad credentials", () => {
  const WRONG_PASSWORD = "Definitely-Not-The-Password-42";

  it("wrong credentials: AuthError naming CLOUDM_EMAIL and CLOUDM_PASSWORD, never the password", async () => {
    const { sim, newClient } = await harness();
    const client = newClient({
      credentials: { kind: "password", email: sim.credentials.email, password: WRONG_PASSWORD },
    });
    const error = await client.listConnections("Microsoft365").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const authError = error as AuthError;
    expect(authError.message).toContain("CLOUDM_EMAIL");
    expect(authError.message).toContain("CLOUDM_PASSWORD");
    expect(authError.message).toContain(sim.credentials.email);
    expect(authError.status).toBe(401);
    expect(authError.retryable).toBe(false);
    expect(
      JSON.stringify({ ...authError, message: authError.message, stack: authError.stack }),
    ).not.toContain(WRONG_PASSWORD);
    // A refused login is not retried, and no API call went out without a token.
    expect(sim.countRequests(LOGIN)).toBe(1);
    expect(sim.requests).toHaveLength(1);
  });

  it("an account that must reset its password: AuthError with code password_reset_required", async () => {
    const { sim, newClient } = await harness();
    const client = newClient({ credentials: { kind: "password", ...RESET_USER } });
    const error = await client.profile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe("password_reset_required");
    expect((error as AuthError).message).toContain("CLOUDM_PASSWORD");
    expect((error as AuthError).message).not.toContain(RESET_USER.password);
    expect(client.auth.profile).toBeUndefined();
    await expect(client.listConnections("Microsoft365")).rejects.toMatchObject({
      code: "password_reset_required",
    });
    // The limited token was never used against the API.
    expect(sim.requests.every((r) => r.route === LOGIN)).toBe(true);
  });
});
