/**
 * The instance's own OpenAPI document as it came (`/openapi/v1.json`), typed only in the parts tools
 * look up directly (a platform's settings component); any version, and a malformed part reads as
 * absent. Discovery reads the whole document through openapi/read.ts instead.
 */
import { z } from "zod";

const jsonSchemaObject = z.looseObject({
  required: z.array(z.string()).optional().catch(undefined),
  properties: z
    .record(z.string(), z.looseObject({ format: z.string().optional().catch(undefined) }).catch({}))
    .optional()
    .catch(undefined),
});

export const openApiDocument = z
  .looseObject({
    openapi: z.string().optional(),
    swagger: z.string().optional(),
    paths: z.record(z.string(), z.unknown()),
    components: z
      .looseObject({ schemas: z.record(z.string(), jsonSchemaObject.catch({})).optional().catch(undefined) })
      .optional()
      .catch(undefined),
  })
  .refine((document) => document.openapi !== undefined || document.swagger !== undefined, {
    message: "names no openapi or swagger version",
  });
export type OpenApiDocument = z.infer<typeof openApiDocument>;
