/** The list envelope the simulated list endpoints page with: the older API's, as the facts file gives it. */
import { z } from "zod";

export const PAGE_SIZE_MAX = 100;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    totalResults: z.number(),
    totalPages: z.number(),
    pageNumber: z.number(),
    pageSize: z.number(),
    items: z.array(item),
  });
}
