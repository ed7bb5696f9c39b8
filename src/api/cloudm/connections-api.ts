/**
 * Typed calls of the guide's connection endpoints: a platform's connections (api/{platformEndpoint},
 * each read with the platform it was asked under) and their tests (api/TestConnection). Answers are
 * read by schemas/readers.ts; a write answered 2xx is done, whatever its body.
 */
import type { OperationSender, Written } from "./operation.js";
import { optional } from "./optional.js";
import { PLATFORM_KEYS, type PlatformKey, platformInfo } from "./platforms.js";
import {
  type ConnectionRecord,
  type ConnectionRequest,
  type ConnectionTestRecord,
  isListShaped,
  readConnection,
  readConnectionTest,
  readList,
  readTestId,
} from "./schemas/index.js";
import { unexpectedAnswer } from "./unexpected.js";

export type Connection = Omit<ConnectionRecord, "platform"> & { platform: PlatformKey };

function connectionOf(platform: PlatformKey, raw: unknown): Connection | undefined {
  const record = readConnection(raw);
  return record ? { ...record, platform } : undefined;
}

export class ConnectionsApi {
  constructor(private readonly cloudm: OperationSender) {}

  async list(platform: PlatformKey, signal?: AbortSignal): Promise<Connection[]> {
    const raw = await this.cloudm.read({
      operation: "listConnections",
      params: { platformEndpoint: platformInfo(platform).endpoint },
      signal,
    });
    if (!isListShaped(raw))
      throw unexpectedAnswer(this.cloudm, "listConnections", "a list of connections", "readers.ts");
    return readList(raw)
      .items.map((item) => connectionOf(platform, item))
      .filter((c): c is Connection => c !== undefined);
  }

  async get(platform: PlatformKey, connectionId: number, signal?: AbortSignal): Promise<Connection> {
    const raw = await this.cloudm.read({
      operation: "getConnection",
      params: { platformEndpoint: platformInfo(platform).endpoint, connectionId },
      signal,
    });
    const found = connectionOf(platform, raw);
    if (!found) throw unexpectedAnswer(this.cloudm, "getConnection", "a connection with an id", "readers.ts");
    return found;
  }

  /**
   * Every platform's connections. A platform whose list cannot be read (no route, refused, odd answer)
   * does not sink the others: it comes back in `failures`.
   */
  async all(
    signal?: AbortSignal,
  ): Promise<{ connections: Connection[]; failures: Array<{ platform: PlatformKey; reason: string }> }> {
    const lists = await Promise.all(
      PLATFORM_KEYS.map(async (platform) => ({
        platform,
        read: await optional(this.list(platform, signal)),
      })),
    );
    return {
      connections: lists.flatMap(({ read }) => (read.ok ? read.value : [])).sort((a, b) => a.id - b.id),
      failures: lists.flatMap(({ platform, read }) => (read.ok ? [] : [{ platform, reason: read.reason }])),
    };
  }

  create(
    platform: PlatformKey,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ): Promise<Written<Connection | undefined>> {
    return this.cloudm.write(
      {
        operation: "createConnection",
        params: { platformEndpoint: platformInfo(platform).endpoint },
        json: body,
        signal,
      },
      (raw) => connectionOf(platform, raw),
      "the new connection's id",
    );
  }

  update(
    platform: PlatformKey,
    connectionId: number,
    body: ConnectionRequest,
    signal?: AbortSignal,
  ): Promise<Written<Connection | undefined>> {
    return this.cloudm.write(
      {
        operation: "updateConnection",
        params: { platformEndpoint: platformInfo(platform).endpoint, connectionId },
        json: body,
        signal,
      },
      (raw) => connectionOf(platform, raw),
      "the updated connection",
    );
  }

  async startTest(platformConnectionId: number, signal?: AbortSignal): Promise<string> {
    const started = await this.cloudm.write(
      { operation: "startConnectionTest", json: { platformConnectionId }, signal },
      readTestId,
      "a testId",
    );
    if (started.value === undefined)
      throw unexpectedAnswer(this.cloudm, "startConnectionTest", "a testId", "readers.ts");
    return started.value;
  }

  async getTest(testId: string, signal?: AbortSignal): Promise<ConnectionTestRecord> {
    return readConnectionTest(
      await this.cloudm.read({ operation: "getConnectionTest", params: { testId }, signal }),
      this.cloudm.vocabulary,
    );
  }
}
