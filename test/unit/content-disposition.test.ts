/** A report's file name from the instance's Content-Disposition header (RFC 6266). */
import { describe, expect, it } from "vitest";
import { fileNameFrom } from "../../src/api/cloudm/content-disposition.js";

describe("fileNameFrom", () => {
  it("takes the encoded filename* over the plain one", () => {
    expect(
      fileNameFrom(
        `attachment; filename="Wave 1 _ 100%.csv"; filename*=UTF-8''Wave%201%20%E2%80%93%20100%25.csv`,
        "x",
      ),
    ).toBe("Wave 1 – 100%.csv");
  });

  it("takes a plain filename as written, a bare % and all", () => {
    expect(fileNameFrom(`attachment; filename="Wave 100%.csv"`, "x")).toBe("Wave 100%.csv");
    expect(fileNameFrom("attachment; filename=report.csv", "x")).toBe("report.csv");
  });

  it("falls back to the plain name when filename* is not valid percent-encoding, else to the default", () => {
    expect(fileNameFrom(`attachment; filename="a.csv"; filename*=UTF-8''a%E0%A4.csv`, "x")).toBe("a.csv");
    expect(fileNameFrom("attachment", "fallback.csv")).toBe("fallback.csv");
    expect(fileNameFrom(undefined, "fallback.csv")).toBe("fallback.csv");
  });
});
