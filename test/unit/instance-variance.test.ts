/** The pure parts of tolerating an instance: secret names, readers, the endpoint map and its overrides. */
import { describe, expect, it } from "vitest";
import { CLOUDM_OPERATIONS } from "../../src/api/cloudm/endpoints.js";
import { readOpenApi } from "../../src/api/cloudm/openapi/read.js";
import { parseEndpointOverrides } from "../../src/api/cloudm/overrides.js";
import { EndpointMap } from "../../src/api/cloudm/routing/map.js";
import { readBatch, readConnection, readList, readStatistics } from "../../src/api/cloudm/schemas/index.js";
import { createLogger } from "../../src/log.js";
import {
  isSecretFieldName,
  isUnreadableSecret,
  maskSecretFields,
  redactSecrets,
} from "../../src/api/secrets.js";

describe("secret names", () => {
  it.each([
    "password",
    "adminPassword",
    "apiToken",
    "refreshToken",
    "privateKey",
    "private_key",
    "accessKeySecret",
    "accessKey",
    "connectionString",
    "sasUrl",
    "clientCertificate",
    "authorisationCode",
    "jwtConfiguration",
    "adminpassword",
    "X-API-KEY",
  ])("%s is a credential", (name) => expect(isSecretFieldName(name)).toBe(true));

  it.each([
    "domainName",
    "adminName",
    "testUserName",
    "bucketName",
    "monkeyCount",
    "keyboardLayout",
    "purchasesAsset",
  ])("%s is not", (name) => expect(isSecretFieldName(name)).toBe(false));

  it("masks at any depth, keeps null and booleans, and tells placeholders from secrets", () => {
    expect(
      maskSecretFields({
        a: [{ apiToken: "t" }],
        b: { deep: { sasToken: "s" } },
        password: null,
        hasKey: true,
      }),
    ).toEqual({
      a: [{ apiToken: "********" }],
      b: { deep: { sasToken: "********" } },
      password: null,
      hasKey: true,
    });
    for (const placeholder of ["********", "***", "[redacted]", "", null])
      expect(isUnreadableSecret(placeholder)).toBe(true);
    expect(isUnreadableSecret("hunter2")).toBe(false);
  });

  it("redacts credential-like fields in text, quoted values whole, and huge input without stalling", () => {
    expect(redactSecrets('{"refreshToken": "a b c", "name": "x"}')).toBe(
      '{"refreshToken": [redacted], "name": "x"}',
    );
    expect(redactSecrets("accessKeySecret=abc123 next")).toBe("accessKeySecret=[redacted] next");
    expect(redactSecrets("https://x.example/c?sv=1&sig=abc%2F")).toBe(
      "https://x.example/c?sv=1&sig=[redacted]",
    );
    // A 2 MB id echoed in an error: an unbounded pattern here once hung the server (found by the fuzzer).
    expect(redactSecrets(`No project '${"x".repeat(2_000_000)}'`)).toHaveLength(2_000_013);
  });
});

it("logs no credential-like field, at any depth, and still logs errors whole", () => {
  const lines: string[] = [];
  const logger = createLogger("silent", { write: (line: string) => lines.push(line) });
  logger.info({ connection: { settings: { accessKeySecret: "sekrit-1", domainName: "d.example" } } }, "read");
  logger.warn({ err: new Error("upstream said no"), apiToken: "sekrit-2" }, "failed");
  const out = lines.join("\n");
  expect(out).not.toContain("sekrit");
  expect(out).toContain("d.example");
  expect(out).toContain("upstream said no");
});

describe("readers", () => {
  it("take a list bare or in the common envelopes", () => {
    expect(readList([1, 2]).items).toEqual([1, 2]);
    expect(readList({ items: [1], totalCount: 9 })).toMatchObject({ items: [1], total: 9 });
    expect(readList({ data: [1], total: 3, nextPageToken: "n" })).toMatchObject({
      total: 3,
      nextPageToken: "n",
    });
    expect(readList({ results: [1] }).items).toEqual([1]);
    expect(readList({ value: [1], totalResults: 1, totalPages: 1 })).toMatchObject({
      total: 1,
      totalPages: 1,
    });
    expect(readList({ unexpected: true }).items).toEqual([]);
  });

  it("take a batch as the object, {configurationId}, {id} or a bare GUID", () => {
    const id = "3f2c1b7e-0000-4000-8000-000000000001";
    for (const answer of [{ configurationId: id, batchName: "B" }, { configurationId: id }, { id }, id])
      expect(readBatch(answer)?.configurationId).toBe(id);
    expect(readBatch({})).toBeUndefined();
    expect(readBatch(null)).toBeUndefined();
  });

  it("take a connection's id as id or platformConnectionId, number or numeric string", () => {
    expect(readConnection({ platformConnectionId: "7", name: "C" })).toMatchObject({ id: 7, name: "C" });
    expect(readConnection({ id: 3 })).toMatchObject({ id: 3, name: "connection 3", settings: {} });
    expect(readConnection({ name: "no id" })).toBeUndefined();
  });

  it("read statistics at the root, or in the guide's totalStatistics / itemStatistics / volumeCapInformation", () => {
    const guide = readStatistics({
      totalStatistics: {
        state: "Running",
        progressPercent: 40,
        totalUsers: 10,
        completedUsers: 4,
        failedUsers: 1,
      },
      itemStatistics: [{ exportName: "a@x", state: "Success" }],
      volumeCapInformation: { capped: false, isOver: false, usedPercentage: 2 },
    });
    expect(guide).toMatchObject({
      state: "Running",
      progressPercent: 40,
      summary: { totalUsers: 10, completedUsers: 4, failedUsers: 1 },
      items: [{ exportName: "a@x", state: "Success" }],
      volumeCap: { capped: false, usedPercentage: 2 },
    });
    const empty = readStatistics({});
    expect(empty.state).toBeUndefined();
    expect(empty.items).toEqual([]);
  });
});

describe("the endpoint map", () => {
  it("fills path parameters and sends the rest as query", () => {
    const map = new EndpointMap();
    expect(map.call("getStatistics", { params: { configurationId: "c 1" } })).toMatchObject({
      method: "GET",
      path: "/api/ConnectionBatchesProgress/get-statistics",
      query: { configurationId: "c 1" },
    });
    expect(map.call("getBatch", { args: { configurationId: "a/b" } }).path).toBe(
      "/api/ConnectionBatches/a%2Fb",
    );
    expect(() => map.call("getBatch", { args: { configurationId: " " } })).toThrow(
      /configurationId is empty/,
    );
  });

  it("moves an operation to where the instance's OpenAPI document lists it, under the document's parameter names", () => {
    const map = new EndpointMap();
    map.calibrate(
      readOpenApi({
        openapi: "3.0.3",
        paths: {
          "/api/ConnectionsProject/get-project/{id}": { get: {} },
          "/api/ConnectionBatchesProgress/get-statistics": { get: {} },
        },
      }),
    );
    expect(map.get("getProject")).toMatchObject({
      path: "/api/ConnectionsProject/get-project/{id}",
      source: "openapi",
      listed: true,
    });
    expect(map.get("getStatistics")).toMatchObject({ source: "guide", listed: true });
    // Not in the document: kept as it was, and known to be unlisted.
    expect(map.get("getBatch")).toMatchObject({
      path: "/api/ConnectionBatches/{configurationId}",
      listed: false,
    });
  });

  it("lets an override win over the table and the document, and reads override files strictly", () => {
    const parsed = parseEndpointOverrides({ getBatch: { path: "/api/Batches/{configurationId}" } });
    if (!("overrides" in parsed)) throw new Error("expected overrides");
    const map = new EndpointMap(parsed.overrides.operations);
    map.calibrate(readOpenApi({ openapi: "3.0.3", paths: {} }));
    expect(map.get("getBatch")).toMatchObject({
      method: "GET",
      path: "/api/Batches/{configurationId}",
      source: "override",
    });
    expect(parseEndpointOverrides({ getBatchh: {}, getBatch: { path: "nope", verb: "GET" } })).toEqual({
      problems: [
        expect.stringContaining("'getBatchh' is not an operation"),
        expect.stringMatching(/^getBatch: .*path/),
      ],
    });
    expect(parseEndpointOverrides([])).toHaveProperty("problems");
    expect(CLOUDM_OPERATIONS).toContain("importUsersFromFile");
  });
});
