/**
 * Projects and batches (api/ConnectionsProject, api/ConnectionBatches): the create bodies the guide
 * shows, the rename this instance adds, and the project and batch views it answers with.
 */
import { z } from "zod";
import { ITEM_OBJECT_TYPES } from "./items.js";
import { pageOf } from "./paging.js";

const id = z.number().int().positive();
const name = z.string().min(1).max(200);

export const createProjectRequest = z.strictObject({
  name,
  sourceConnectionId: id,
  destinationConnectionId: id,
});

export const renameProjectRequest = z.strictObject({ name });

export const project = z.looseObject({
  projectId: z.string(),
  name: z.string(),
  createdOn: z.string(),
  isArchived: z.boolean(),
  isIncomplete: z.boolean(),
  sourceConnectionId: z.number(),
  destinationConnectionId: z.number(),
});
export const projectPage = pageOf(project);

export const createBatchRequest = z.strictObject({
  projectId: z.guid(),
  batchName: name,
  sourceConnectionId: id,
  destinationConnectionId: id,
  migrationItemsBatchType: z
    .number()
    .int()
    .min(0)
    .max(ITEM_OBJECT_TYPES.length - 1),
  tags: z.string(),
});

export const batch = z.looseObject({
  configurationId: z.string(),
  projectId: z.string(),
  batchName: z.string(),
  sourceConnectionId: z.number(),
  destinationConnectionId: z.number(),
  migrationItemsBatchType: z.number(),
  tags: z.string().optional(),
  createdOn: z.string().optional(),
  itemCount: z.number().optional(),
  state: z.string().optional(),
});
export const batchList = z.array(batch);
