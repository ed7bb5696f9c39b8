/** Project management (api/ConnectionsProject beyond create/list/get). */
import { z } from "zod";

// assumed: not in the guide (it names rename, archive, restore and delete, not their shapes)
export const renameProjectRequest = z.strictObject({ name: z.string().min(1).max(200) });
