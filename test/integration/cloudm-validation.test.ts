/**
 * The simulator rejects malformed bodies as ASP.NET model validation does: a 400 whose `errors` name
 * each offending field. Sent with HttpClient directly, so the typed client's types cannot prevent them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProblemDetails } from "../../src/api/cloudm/transport.js";
import { CLOUDM_PROVIDER } from "../../src/api/cloudm/endpoints.js";
import { ValidationError } from "../../src/api/errors.js";
import { HttpClient, type HttpMethod } from "../../src/api/http.js";
import { type CloudMHarness, settingsFor, silentLogger, startCloudM, userItem } from "../helpers/cloudm.js";

let h: CloudMHarness;
let http: HttpClient;
let token: string;
let configurationId: string;

beforeAll(async () => {
  h = await startCloudM({ simulator: { tenant: "demo" } });
  configurationId = h.sim.demo!.configurationId;
  token = await h.client.auth.token();
  http = new HttpClient({
    provider: CLOUDM_PROVIDER,
    baseUrl: h.sim.url,
    logger: silentLogger,
    parseErrorBody: parseProblemDetails,
    retry: { maxRetries: 0 },
  });
});
afterAll(async () => {
  await http?.close();
  await h?.close();
});

/** Sends a raw JSON body and returns the ValidationError it must be refused with. */
async function refused(method: HttpMethod, path: string, json: unknown): Promise<ValidationError> {
  const before = h.sim.requests.length;
  const error = await http.send({ method, path, json, headers: { authorization: `Bearer ${token}` } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${method} ${path} should be refused`).toBeInstanceOf(ValidationError);
  const validation = error as ValidationError;
  expect(validation.status).toBe(400);
  // It was upstream that refused it, and nothing was applied.
  expect(h.sim.requests.slice(before).map((r) => [r.status, r.applied])).toEqual([[400, false]]);
  return validation;
}

const ADD_ITEM = "/api/BatchMigrationItems/add-migration-item";

describe("400 ValidationError naming the field", () => {
  it("add-migration-item without configurationId", async () => {
    const { configurationId: _omitted, ...body } = userItem(
      configurationId,
      "a@src.example",
      "a@dst.example",
    );
    const error = await refused("POST", ADD_ITEM, body);
    expect(Object.keys(error.fieldErrors)).toEqual(["configurationId"]);
    expect(error.message).toContain("configurationId");
  });

  it("add-migration-item with a field the API does not know", async () => {
    const body = { ...userItem(configurationId, "b@src.example", "b@dst.example"), colour: "blue" };
    const error = await refused("POST", ADD_ITEM, body);
    expect(error.fieldErrors).toEqual({ colour: ["This field is not part of the request"] });
  });

  it("add-migration-item with a wrongly typed field and an out-of-range object type", async () => {
    const body = {
      ...userItem(configurationId, "c@src.example", "c@dst.example"),
      mail: "yes",
      exportType: 10,
    };
    const error = await refused("POST", ADD_ITEM, body);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["exportType", "mail"]);
  });

  it("a Box connection created as a Destination", async () => {
    const error = await refused("POST", "/api/BoxConnections", {
      name: "Box",
      connectionType: "Destination",
      settings: settingsFor("Box"),
    });
    expect(Object.keys(error.fieldErrors)).toEqual(["connectionType"]);
    expect(error.fieldErrors.connectionType?.[0]).toContain("cannot be a Destination");
  });

  it("a connection missing required settings names exactly those settings", async () => {
    const { adminPassword: _p, domainName: _d, ...settings } = settingsFor("Microsoft365");
    const error = await refused("POST", "/api/Microsoft365Connections", {
      name: "Incomplete",
      connectionType: "Source",
      settings: { ...settings, testUserName: "" },
    });
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["settings.adminPassword", "settings.domainName"]);
  });

  it("a connection with a setting the platform does not have, or a blank required one", async () => {
    const error = await refused("POST", "/api/GoogleWorkspaceConnections", {
      name: "Extra",
      connectionType: "Destination",
      settings: settingsFor("GoogleWorkspace", { adminPassword: "x", key: "  " }),
    });
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["settings.adminPassword", "settings.key"]);
  });

  it("start-migration with an unknown mode", async () => {
    const error = await refused("POST", "/api/ConnectionBatchesProgress/start-migration", {
      configurationId,
      mode: "StartEverything",
    });
    expect(Object.keys(error.fieldErrors)).toEqual(["mode"]);
  });

  it("the typed client surfaces the same ValidationError", async () => {
    const error = await h.client
      .createConnection("Box", { name: "Box", connectionType: "Destination", settings: settingsFor("Box") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty("connectionType");
  });
});
