/**
 * The error for a read whose answer held nothing the reader looks for (no list where a list was asked
 * for, no id on the object asked for). Not retryable: the same answer will come again. `optional()`
 * and previews take it as "cannot read this here", as they take a missing route.
 */
import { ApiError } from "../errors.js";
import type { CloudMOperation } from "./endpoints.js";
import { CLOUDM_PROVIDER } from "./endpoints.js";
import type { OperationSender } from "./operation.js";

export function unexpectedAnswer(
  sender: Pick<OperationSender, "endpoints">,
  operation: CloudMOperation,
  wanted: string,
  reader: string,
): ApiError {
  const { method, path } = sender.endpoints.get(operation);
  return new ApiError(
    `${CLOUDM_PROVIDER} answered ${method} ${path} without ${wanted}; the reader in src/api/cloudm/schemas/${reader} may need the field name this instance uses`,
    { provider: CLOUDM_PROVIDER, operation: `${method} ${path}`, code: "unexpected_response" },
    false,
  );
}
