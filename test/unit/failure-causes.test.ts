/** The one table of failure causes: each cause from the words real instances answer with. */
import { describe, expect, it } from "vitest";
import {
  causeOf,
  describeCause,
  FAILURE_CAUSES,
  type FailureCause,
} from "../../src/insight/failure-causes.js";

const SAMPLES: Record<FailureCause, Array<{ code?: string; reason: string }>> = {
  quota: [
    { reason: "Quota exceeded: the destination mailbox is full" },
    { reason: "The user has exceeded their Drive storage quota" },
    { code: "ErrorQuotaExceeded", reason: "The operation failed" },
  ],
  throttling: [
    { reason: "The server is busy (429 Too Many Requests): the request was throttled" },
    { reason: "User rate limit exceeded" },
    { code: "ErrorServerBusy", reason: "Try again later" },
  ],
  permission: [
    { reason: "Access is denied. Check credentials and try again." },
    { reason: "403 Forbidden: insufficient permissions" },
    { code: "invalid_grant", reason: "Token has been expired or revoked" },
  ],
  missingAccount: [
    { reason: "The destination user does not exist" },
    { reason: "The specified mailbox could not be found" },
    { code: "ErrorNonExistentMailbox", reason: "No mailbox" },
  ],
  tooLarge: [
    { reason: "The item exceeds the maximum size allowed by the destination (150 MB)" },
    { reason: "File too large" },
    { code: "ErrorMessageSizeExceeded", reason: "Message rejected" },
  ],
  corrupt: [
    { reason: "The item is corrupt and could not be read" },
    { reason: "Unable to read the attachment" },
    { code: "ErrorCorruptData", reason: "Bad data" },
  ],
  other: [
    { reason: "Message hash mismatch" },
    { reason: "400 Bad Request" },
    { reason: "Unable to connect to the remote server" },
    { code: "InvalidEmail", reason: "Invalid email address on contact" },
  ],
};

describe("the cause of a failure", () => {
  for (const cause of FAILURE_CAUSES)
    it(`recognises ${cause} from codes and reason texts`, () => {
      for (const sample of SAMPLES[cause]) expect(causeOf(sample), JSON.stringify(sample)).toBe(cause);
    });

  it("takes an exact code before the words of the reason", () => {
    expect(causeOf({ code: "ItemTooLarge", reason: "Access is denied" })).toBe("tooLarge");
  });

  it("says what fixes each cause and whether a restart helps", () => {
    for (const cause of FAILURE_CAUSES) {
      const { label, fix, restart } = describeCause(cause);
      expect(label.length).toBeGreaterThan(0);
      expect(fix.length).toBeGreaterThan(0);
      expect(["restart", "fixFirst", "noRestart"]).toContain(restart);
    }
    expect(describeCause("throttling").restart).toBe("restart");
    expect(describeCause("tooLarge").restart).toBe("noRestart");
    expect(describeCause("permission").restart).toBe("fixFirst");
  });
});
