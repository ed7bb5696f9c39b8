/**
 * The guide's connection endpoints at the guide's paths (16 platform controllers: GET, GET one, POST,
 * PUT; TestConnection start and poll), answering in the envelope: a create is 201 with the connection,
 * an update 204, a test start 202 with its testId, a poll CloudM's `ConnectionTestResultModel`.
 */
import { z } from "zod";
import type { SimRequest, SimResponse } from "../../http-server.js";
import { accepted, created, noContent, ok } from "./answers.js";
import { enumValue } from "./enums.js";
import { callFull, writeFull } from "./full.js";
import { fullConnection, type FullConnection, fullTestStarted, fullTestStatus } from "./full-answers.js";
import { type AspnetDeps, type AspnetRoute, action, controllerOf } from "./operation.js";
import { ITEMS_QUERY, itemsPage, itemsWindow } from "./paging.js";

/** The connection as this profile shows it: the controller already says which platform it is. */
const connectionModel = (c: FullConnection) => ({
  id: c.id,
  name: c.name,
  connectionType: c.connectionType,
  settings: c.settings,
  createdOn: c.createdOn,
});

function platformRoutes({ full }: AspnetDeps, base: string): AspnetRoute[] {
  const controller = controllerOf(base);
  const list = full.handler("GET", base);
  const get = full.handler("GET", `${base}/{id}`);
  const create = full.handler("POST", base);
  const update = full.handler("PUT", `${base}/{id}`);
  const idPath = { id: "integer" } as const;
  return [
    action(
      "GET",
      base,
      {
        operationId: `${controller}_GetAll`,
        summary: `List the ${controller.replace(/Connections$/, "")} connections`,
        query: ITEMS_QUERY,
        reply: { status: 200, description: "A page of connections", envelope: "ConnectionModelPagedResult" },
      },
      async (request) => {
        const window = itemsWindow(request);
        if (!window.ok) return window.response;
        const answer = await callFull(list, request, z.array(fullConnection));
        return answer.ok ? ok(itemsPage(answer.value.map(connectionModel), window.value)) : answer.response;
      },
    ),
    action(
      "GET",
      `${base}/{id}`,
      {
        operationId: `${controller}_Get`,
        summary: "Get a connection (secrets read back masked)",
        path: idPath,
        reply: { status: 200, description: "The connection", envelope: "ConnectionModel" },
        problems: [404],
      },
      async (request) => {
        const answer = await callFull(get, request, fullConnection);
        return answer.ok ? ok(connectionModel(answer.value)) : answer.response;
      },
    ),
    action(
      "POST",
      base,
      {
        operationId: `${controller}_Create`,
        summary: "Create a connection",
        body: { schema: "ConnectionRequest" },
        reply: { status: 201, description: "Created", envelope: "ConnectionModel", location: true },
      },
      async (request) => {
        const answer = await callFull(create, request, fullConnection);
        return answer.ok
          ? created(connectionModel(answer.value), `${base}/${answer.value.id}`)
          : answer.response;
      },
    ),
    action(
      "PUT",
      `${base}/{id}`,
      {
        operationId: `${controller}_Update`,
        summary: "Update a connection; a setting left out, or sent as the mask, keeps its value",
        path: idPath,
        body: { schema: "ConnectionRequest" },
        reply: { status: 204, description: "Saved" },
        problems: [404],
      },
      async (request) => {
        const answer = await writeFull(update, request);
        return answer.ok ? noContent() : answer.response;
      },
    ),
  ];
}

/** Success < Warning < Failed; a test still running is InProgress. */
function overallStatus(completed: boolean, statuses: string[]): number {
  if (!completed) return enumValue("ConnectionTestStatus", "InProgress");
  const worst = statuses.includes("Failed") ? "Failed" : statuses.includes("Warning") ? "Warning" : "Success";
  return enumValue("ConnectionTestStatus", worst);
}

function testRoutes({ ctx, full }: AspnetDeps): AspnetRoute[] {
  const start = full.handler("POST", "/api/TestConnection/start");
  const poll = full.handler("GET", "/api/TestConnection/{testId}");
  const pollAnswer = async (request: SimRequest): Promise<SimResponse> => {
    const answer = await callFull(poll, request, fullTestStatus);
    if (!answer.ok) return answer.response;
    const { completed, testNotFound, checks = [] } = answer.value;
    const test = ctx.state.tests.get(request.params.testId ?? "");
    const connection = test && ctx.state.connections.get(test.connectionId);
    return ok({
      testConnectionType: connection?.connectionType ?? null,
      completed,
      testNotFound,
      status: testNotFound
        ? enumValue("ConnectionTestStatus", "Failed")
        : overallStatus(
            completed,
            checks.map((c) => c.status),
          ),
      results: checks.map((c, i) => ({
        id: i + 1,
        name: c.name,
        status: enumValue("ConnectionTestStatus", c.status),
        message: c.message,
        extraInformation: null,
      })),
    });
  };
  return [
    action(
      "POST",
      "/api/TestConnection/start",
      {
        operationId: "TestConnection_Start",
        summary: "Start a connection test; poll it at the Location",
        body: { schema: "StartConnectionTestRequest" },
        reply: {
          status: 202,
          description: "Started",
          envelope: "ConnectionTestStartedModel",
          location: true,
        },
        problems: [404],
      },
      async (request) => {
        const answer = await callFull(start, request, fullTestStarted);
        return answer.ok
          ? accepted({ testId: answer.value.testId }, `/api/TestConnection/${answer.value.testId}`)
          : answer.response;
      },
    ),
    action(
      "GET",
      "/api/TestConnection/{testId}",
      {
        operationId: "TestConnection_Get",
        summary: "Poll a connection test: each check's status, and the overall one",
        reply: { status: 200, description: "The test", envelope: "ConnectionTestResultModel" },
      },
      pollAnswer,
    ),
  ];
}

export function connectionRoutes(deps: AspnetDeps): AspnetRoute[] {
  const bases = deps.full.patterns("POST", /^\/api\/\w+Connections$/i);
  return [...bases.flatMap((base) => platformRoutes(deps, base)), ...testRoutes(deps)];
}
