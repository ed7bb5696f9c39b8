/**
 * Request bodies of the guide profile that the full profile's shapes (wire/) do not describe: the guide
 * names these endpoints but shows no body, so these are what a guide-only instance plausibly takes.
 */
import { z } from "zod";
import { type Parsed, problem, validationProblem } from "../problems.js";

/**
 * import-users-from-file as a JSON action would take it: the CSV as a .NET `byte[]`, which
 * System.Text.Json reads and writes as base64.
 */
export const importFileJsonRequest = z.strictObject({
  configurationId: z.guid(),
  fileName: z.string().min(1),
  fileContent: z.base64(),
});
export type ImportFileJsonRequest = z.infer<typeof importFileJsonRequest>;

/** save-*-settings: the guide shows no settings fields, so any object is taken. */
export const saveAnySettingsRequest = z.strictObject({
  configurationId: z.guid(),
  settings: z.record(z.string(), z.unknown()),
});

const NO_TOKENS =
  "The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, while reading at the start.";

/** System.Text.Json's words for text that does not parse; a multipart body starts `--boundary`. */
function notJsonReason(text: string, error: Error): string {
  const start = text.trimStart();
  const first = start[0];
  if (first === undefined) return NO_TOKENS;
  return /^(?:[{["tfn]|-?\d)/.test(start) ? error.message : `'${first}' is an invalid start of a value.`;
}

/**
 * Reads a JSON body the way an ASP.NET `[FromBody]` action with only the JSON input formatter does:
 * whatever the content type claims, a body that is not JSON is a 400 naming `$`; JSON sent under another
 * content type is a 415.
 */
export function parseJsonOnlyBody<T extends z.ZodType>(
  body: Buffer,
  contentType: string | undefined,
  schema: T,
): Parsed<z.infer<T>> {
  const text = body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: problem(400, "The request body is not JSON", { $: [notJsonReason(text, error as Error)] }),
    };
  }
  if (!contentType?.toLowerCase().includes("application/json"))
    return { ok: false, response: problem(415, "Send the body as JSON with Content-Type: application/json") };
  const result = schema.safeParse(json);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: validationProblem(result.error) };
}
