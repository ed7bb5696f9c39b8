/**
 * Webhooks (assumed: not in the overview; the shapes are wire.ts's). Creating one needs the
 * Enterprise plan. Like transfers they belong to the key that created them: a webhook receives the
 * events of its key's transfers, and the account-wide service.connected/disconnected events.
 * The secret is write-only: responses say only whether deliveries are `signed`.
 */
import type { Route, SimRequest, SimResponse } from "../http-server.js";
import type { MigrateCloudsContext } from "./context.js";
import { failure, invalidParameter, iso, noQuery, notFound, parseJsonBody, success } from "./envelope.js";
import { callerOf, planName } from "./keys.js";
import type { SimWebhook } from "./state.js";
import { createWebhookRequest, deletedAnswer, webhookAnswer, webhookList } from "./wire.js";

export function webhookView(webhook: SimWebhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    signed: webhook.secret !== undefined,
    created_at: iso(webhook.createdAt),
  };
}

function create(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const caller = callerOf(ctx, request);
  const refusal = noQuery(request.query);
  if (refusal) return refusal;
  const parsed = parseJsonBody(request, createWebhookRequest);
  if (!parsed.ok) return parsed.response;
  const { url, events, secret } = parsed.value;
  const protocol = new URL(url).protocol;
  if (protocol !== "http:" && protocol !== "https:")
    return invalidParameter("url", `url: expected an http or https URL, got '${protocol}'`);
  if (caller.plan !== "enterprise")
    return failure(
      403,
      "permission_denied",
      `Webhooks need the Enterprise plan; this API key is on the ${planName(caller)} plan`,
      "Use an Enterprise API key, or poll GET /v1/transfers/{id} instead",
    );
  const webhook: SimWebhook = {
    id: ctx.state.newId("wh"),
    owner: caller.key,
    url,
    events: [...new Set(events)],
    secret,
    createdAt: ctx.clock.now(),
  };
  ctx.state.webhooks.set(webhook.id, webhook);
  return success(webhookView(webhook), 201);
}

function remove(ctx: MigrateCloudsContext, request: SimRequest): SimResponse {
  const refusal = noQuery(request.query);
  if (refusal) return refusal;
  const id = request.params.id ?? "";
  const webhook = ctx.state.webhooks.get(id);
  if (!webhook || webhook.owner !== callerOf(ctx, request).key)
    return notFound(`No webhook with id '${id}'`, "id: use an id from GET /v1/webhooks");
  ctx.state.webhooks.delete(id);
  return success({ id, deleted: true });
}

export function webhookRoutes(ctx: MigrateCloudsContext): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v1/webhooks",
      authenticated: true,
      doc: {
        summary: "Subscribe a URL to events (Enterprise)",
        body: createWebhookRequest,
        response: webhookAnswer,
      },
      handler: (request) => create(ctx, request),
    },
    {
      method: "GET",
      pattern: "/v1/webhooks",
      authenticated: true,
      doc: { summary: "List this key's webhooks", response: webhookList },
      handler: (request) => {
        const refusal = noQuery(request.query);
        if (refusal) return refusal;
        const owner = callerOf(ctx, request).key;
        const mine = [...ctx.state.webhooks.values()].filter((w) => w.owner === owner);
        return success({ webhooks: mine.map(webhookView) });
      },
    },
    {
      method: "DELETE",
      pattern: "/v1/webhooks/{id}",
      authenticated: true,
      doc: { summary: "Delete a webhook; its queued deliveries are dropped", response: deletedAnswer },
      handler: (request) => remove(ctx, request),
    },
  ];
}
