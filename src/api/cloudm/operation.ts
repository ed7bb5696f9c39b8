/**
 * How the endpoint groups' modules reach the instance: by operation of the endpoint map, through the
 * client's auth and HTTP layer (transport.ts). A narrow interface, so those modules and the client
 * that holds them import each other in one direction only.
 */
import type { HttpRequest, HttpResponse } from "../http.js";
import type { CloudMOperation } from "./endpoints.js";
import type { EndpointMap } from "./routing/map.js";
import type { OperationArguments } from "./routing/placement.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * A request addressed by operation: the endpoint map supplies method and path, and puts each of its
 * `args` where the instance wants it (routing/placement.ts); `params` and `json` are the guide's
 * exact path, query and body.
 */
export interface OperationRequest
  extends Omit<HttpRequest, "method" | "path" | "query" | "json" | "form">, OperationArguments {
  operation: CloudMOperation;
}

export interface OperationSender {
  /** Where each operation is on this instance (for messages that name it). */
  readonly endpoints: EndpointMap;
  /** An authorised operation whose answer is taken as text (CSV). */
  requestText(request: OperationRequest): Promise<HttpResponse>;
  /** A read: the answer out of its result envelope (never null), for a tolerant reader. */
  read(request: OperationRequest): Promise<unknown>;
  /** `read`, with when the instance says it answered, by its own clock (undefined when it did not say). */
  datedRead(request: OperationRequest): Promise<{ payload: unknown; answeredAt: number | undefined }>;
  /**
   * A write: once the instance answered 2xx (any body, or none) it is done; `read` takes what it can
   * from the answer, and a note says when `expected` was not in it.
   */
  write<T>(
    request: OperationRequest,
    read: (raw: unknown) => T | undefined,
    expected: string | undefined,
  ): Promise<Written<T | undefined>>;
  /** What this instance calls its enum values and answer fields. */
  readonly vocabulary: Vocabulary;
}

/** A write the instance accepted (2xx): what could be read of its answer, and a note when that was odd. */
export interface Written<T> {
  value: T;
  /** Set when the answer was not shaped as expected (the write was still applied). */
  note: string | undefined;
  /** The answer as it came, secrets masked: for the user when the expected fields were missing. */
  raw: unknown;
}
