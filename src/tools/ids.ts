/**
 * The id a tool takes of an upstream object. An empty one would address a collection instead, so it is
 * refused here, naming the field. A CloudM value too long for a URL is refused where its requests are
 * addressed (src/api/cloudm/routing/placement.ts); MigrateClouds' ids, sent as given, are bounded here.
 */
import { z } from "zod";

/** Refuses a lone UTF-16 surrogate: it cannot be put in a URL (encodeURIComponent throws, a query turns it into U+FFFD). */
export const wellFormed = (text: z.ZodString) =>
  text.refine((value) => value.isWellFormed(), {
    message: "must be well-formed text (it holds a lone UTF-16 surrogate)",
  });

export function idArgument(from: string) {
  return wellFormed(z.string().min(1, "must not be empty")).describe(from);
}

/** MigrateClouds' ids are short tokens with a prefix (`trf_`, `wh_`); its client sends them as given. */
const PREFIXED_ID_MAX_LENGTH = 100;

export function prefixedId(prefix: string, what: string) {
  return wellFormed(
    z
      .string()
      .startsWith(prefix, `${what} ids start with ${prefix}`)
      .max(PREFIXED_ID_MAX_LENGTH, `${what} ids are at most ${PREFIXED_ID_MAX_LENGTH} characters`),
  );
}
