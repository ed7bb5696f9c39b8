/** A placed body as the HTTP layer sends it: JSON, a URL-encoded form, or multipart form data. */
import type { HttpRequest } from "../../http.js";
import type { PlacedBody } from "./placement.js";

/** A form field's text: objects as JSON, as an ASP.NET form binder reads a complex value given as text. */
const textOf = (value: unknown): string =>
  typeof value === "string"
    ? value
    : value === null || value === undefined
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value as number | boolean);

/** A list goes as the same field repeated, which is how form binders read a list. */
const each = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** A file (a Blob) where only text can go: its content. */
const asText = async (value: unknown): Promise<unknown> => (value instanceof Blob ? value.text() : value);

/**
 * A file argument is a Blob (a File, with its name): a file part in multipart, its text in JSON and
 * in a URL-encoded form, so one argument serves whichever format the instance takes.
 */
export async function encodeBody(body: PlacedBody | undefined): Promise<Pick<HttpRequest, "json" | "form">> {
  if (!body) return {};
  if (body.format === "json") {
    const { value } = body;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { json: value };
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await asText(v)] as const),
    );
    return { json: Object.fromEntries(entries) };
  }
  if (body.format === "form") {
    const form = new URLSearchParams();
    for (const [name, value] of body.fields)
      for (const v of each(value)) form.append(name, textOf(await asText(v)));
    return { form };
  }
  // undici loads at first use (a tenth of start-up); a FormData is consumed by sending it, so each request builds its own.
  const { FormData } = await import("undici");
  const form = new FormData();
  for (const [name, value] of body.fields)
    for (const v of each(value)) {
      if (v instanceof Blob) form.append(name, v, v instanceof File ? v.name : undefined);
      else form.append(name, textOf(v));
    }
  return { form };
}
