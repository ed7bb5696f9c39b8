/** The instance's own OpenAPI document (`/openapi/v1.json`): only the parts this server reads. */
import { z } from "zod";

const jsonSchemaObject = z.looseObject({
  type: z.string().optional(),
  required: z.array(z.string()).optional(),
  properties: z
    .record(z.string(), z.looseObject({ type: z.string().optional(), format: z.string().optional() }))
    .optional(),
});

export const openApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
  components: z.looseObject({ schemas: z.record(z.string(), jsonSchemaObject).optional() }).optional(),
});
export type OpenApiDocument = z.infer<typeof openApiDocument>;
