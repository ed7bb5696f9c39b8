/** ASP.NET-style problem details, the error body of the simulated CloudM API. */
import type { z } from "zod";
import type { SimResponse } from "./http-server.js";

const TITLES: Record<number, string> = {
  400: "One or more validation errors occurred.",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

let traceCounter = 0;

export function problem(status: number, detail: string, errors?: Record<string, string[]>): SimResponse {
  traceCounter++;
  return {
    status,
    headers: { "content-type": "application/problem+json; charset=utf-8" },
    body: {
      type: `https://tools.ietf.org/html/rfc9110#status-${status}`,
      title: TITLES[status] ?? "Error",
      status,
      detail,
      traceId: `00-sim${traceCounter.toString(16).padStart(12, "0")}-01`,
      ...(errors ? { errors } : {}),
    },
  };
}

/** A 400 naming every field zod rejected, as ASP.NET model validation does. */
export function validationProblem(error: z.ZodError): SimResponse {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const keys =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => [...issue.path, k].join("."))
        : [issue.path.join(".") || "$"];
    const message =
      issue.code === "unrecognized_keys" ? "This field is not part of the request" : issue.message;
    for (const key of keys) errors[key] = [...(errors[key] ?? []), message];
  }
  return problem(400, `Invalid request: ${Object.keys(errors).join(", ")}`, errors);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/** Parses a JSON body with a schema, or returns the 400 to send. */
export function parseJsonBody<T extends z.ZodType>(
  body: Buffer,
  contentType: string | undefined,
  schema: T,
): Parsed<z.infer<T>> {
  if (!contentType?.toLowerCase().includes("application/json")) {
    return { ok: false, response: problem(415, "Send the body as JSON with Content-Type: application/json") };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch (error) {
    return {
      ok: false,
      response: problem(400, "The body is not valid JSON", { $: [(error as Error).message] }),
    };
  }
  const result = schema.safeParse(json);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: validationProblem(result.error) };
}
