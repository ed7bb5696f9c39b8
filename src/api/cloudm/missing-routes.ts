/**
 * A route the instance does not have, told apart from an object it does not have by what its OpenAPI
 * document lists, and remembered for the process: later calls on that route fail at once with the same
 * error instead of asking again.
 */
import { NotFoundError, RouteMissingError } from "../errors.js";
import { CLOUDM_PROVIDER } from "./endpoints.js";
import type { OperationRequest } from "./operation.js";
import type { ResolvedEndpoint } from "./routing/resolved.js";

/**
 * Which route a request is on, for remembering it missing: the method and path template, with the
 * platform filled in, since one platform's controller can be missing while the others are there.
 */
function routeKey(endpoint: ResolvedEndpoint, request: OperationRequest): string {
  const platform = request.params?.platformEndpoint ?? request.args?.platformEndpoint;
  return `${endpoint.method} ${endpoint.path.replace("{platformEndpoint}", String(platform))}`;
}

export class MissingRoutes {
  /** Routes the instance said it does not have (404 without a body, 405, 501): not asked again. */
  private readonly missing = new Map<string, RouteMissingError>();

  /** The error a request's route was found missing with earlier, if it was. */
  earlier(endpoint: ResolvedEndpoint, request: OperationRequest): RouteMissingError | undefined {
    return this.missing.get(routeKey(endpoint, request));
  }

  /**
   * Reads an error by what the document says of the route: a 404 on a path it does not list is a
   * missing route, and an empty 404 on one it lists is a missing object.
   */
  explain(endpoint: ResolvedEndpoint, request: OperationRequest, error: unknown): unknown {
    let explained = error;
    if (error instanceof NotFoundError && endpoint.listed === false)
      explained = new RouteMissingError(
        `This ${CLOUDM_PROVIDER} instance has no route ${error.operation} (its /openapi/v1.json does not list it)`,
        { provider: error.provider, operation: error.operation, status: 404 },
        false,
      );
    else if (error instanceof RouteMissingError && error.status === 404 && endpoint.listed === true)
      explained = new NotFoundError(
        `${error.provider} answered 404 to ${error.operation}`,
        {
          provider: error.provider,
          operation: error.operation,
          status: 404,
          ...(error.requestId ? { requestId: error.requestId } : {}),
        },
        false,
      );
    if (explained instanceof RouteMissingError) this.missing.set(routeKey(endpoint, request), explained);
    return explained;
  }
}
