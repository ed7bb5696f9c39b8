/**
 * In-memory state of the simulated MigrateClouds account: the connected services and their trees,
 * transfers, webhooks and the events raised so far. Ids come from one seeded stream, so the same seed
 * and the same requests give the same ids.
 */
import { derivedRandom } from "../random.js";
import { seedTrees } from "./seed.js";
import { listEntries, nodeId, type SimNode } from "./tree.js";
import type {
  CONFLICT_RESOLUTIONS,
  RECURRENCES,
  Service,
  TRANSFER_STATUSES,
  WebhookEventType,
} from "./wire.js";

export interface SimService {
  name: Service;
  root: SimNode;
  connected: boolean;
}

export interface Location {
  service: Service;
  /** As given, after validation (starts with `/`). */
  path: string;
  segments: string[];
}

/** A source entry captured when a run starts, with the simulated time its copy finishes. */
export interface PlannedEntry {
  relative: string[];
  node: SimNode;
  doneAt: number;
}

export interface DestinationFolder {
  node: SimNode;
  path: string;
}

export interface TransferRun {
  queuedAt: number;
  startsAt: number;
  startedAt: number | null;
  endedAt: number | null;
  plan: PlannedEntry[];
  next: number;
  /**
   * Where each source folder went, by its lower-cased path relative to the source ("" is the
   * destination folder itself), or "skip" when a conflict skipped it and so all it holds.
   */
  folders: Map<string, DestinationFolder | "skip">;
  filesTotal: number;
  filesDone: number;
  filesSkipped: number;
  bytesTotal: number;
  bytesDone: number;
}

export interface SimTransfer {
  id: string;
  /** Creation order, the key transfers are listed and paged by. */
  seq: number;
  /** The API key that created it: only that key sees it. */
  owner: string;
  source: Location;
  destination: Location;
  conflictResolution: (typeof CONFLICT_RESOLUTIONS)[number];
  interval: (typeof RECURRENCES)[number] | null;
  status: (typeof TRANSFER_STATUSES)[number];
  error: string | null;
  createdAt: number;
  nextRunAt: number | null;
  runCount: number;
  run: TransferRun;
}

export interface SimWebhook {
  id: string;
  owner: string;
  url: string;
  events: WebhookEventType[];
  secret: string | undefined;
  createdAt: number;
}

export interface SimEvent {
  id: string;
  type: WebhookEventType;
  /** Simulated time it happened. */
  createdAt: number;
  data: Record<string, unknown>;
  /** The API key whose webhooks receive it; undefined for account-wide events (service.*). */
  owner: string | undefined;
}

const EVENT_LOG_MAX = 10_000;

export class MigrateCloudsState {
  readonly services = new Map<Service, SimService>();
  readonly transfers = new Map<string, SimTransfer>();
  readonly webhooks = new Map<string, SimWebhook>();
  /** The most recent events (at most 10,000), oldest first. */
  readonly events: SimEvent[] = [];
  /** Called for every event; the server hands them to the webhook deliverer. */
  onEvent: ((event: SimEvent) => void) | undefined;
  /** The last error the background engine tick caught, so tests can assert there was none. */
  engineError: Error | undefined;
  private readonly idRandom: () => number;
  private readonly nodeRandom: () => number;
  private readonly nodeIds = new Set<string>();

  constructor(
    readonly seed: number,
    disconnected: readonly Service[] = [],
  ) {
    this.idRandom = derivedRandom(seed, "ids");
    this.nodeRandom = derivedRandom(seed, "copied-node-ids");
    for (const [name, root] of seedTrees(seed)) {
      this.services.set(name, { name, root, connected: !disconnected.includes(name) });
      this.nodeIds.add(root.id);
      for (const { node } of listEntries(root, "/", true)) this.nodeIds.add(node.id);
    }
  }

  service(name: Service): SimService {
    const service = this.services.get(name);
    if (!service) throw new Error(`no seeded tree for ${name}`);
    return service;
  }

  /** `trf_` + 16 hex digits, `wh_` + ..., `evt_` + ... from the seeded stream. */
  newId(prefix: "trf" | "wh" | "evt"): string {
    let hex = "";
    for (let i = 0; i < 16; i++) hex += Math.floor(this.idRandom() * 16).toString(16);
    return `${prefix}_${hex}`;
  }

  /** A fresh id for a node a transfer writes, in the destination service's style. */
  newNodeId(service: Service): string {
    for (;;) {
      const id = nodeId(service, this.nodeRandom);
      if (!this.nodeIds.has(id)) {
        this.nodeIds.add(id);
        return id;
      }
    }
  }

  emit(type: WebhookEventType, at: number, data: Record<string, unknown>, owner: string | undefined): void {
    const event: SimEvent = { id: this.newId("evt"), type, createdAt: at, data, owner };
    this.events.push(event);
    if (this.events.length > EVENT_LOG_MAX) this.events.splice(0, this.events.length - EVENT_LOG_MAX);
    this.onEvent?.(event);
  }
}
