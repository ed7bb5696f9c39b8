/**
 * How a transfer writes into its destination tree, one source entry at a time, and the file/folder
 * events each write raises. Folders with the same name merge; any other name clash follows the
 * transfer's conflict_resolution: `skip` keeps what is there (a skipped folder skips all it holds),
 * `overwrite` deletes it and writes the new entry, `rename` writes the new entry as "Name (1).ext"
 * (or the first free number).
 */
import type { DestinationFolder, MigrateCloudsState, PlannedEntry, SimTransfer } from "./state.js";
import {
  childKey,
  entryView,
  folderMime,
  freeName,
  joinPath,
  listEntries,
  resolve,
  type SimNode,
} from "./tree.js";
import type { WebhookEventType } from "./wire.js";

function emitEntry(
  state: MigrateCloudsState,
  transfer: SimTransfer,
  change: "created" | "deleted",
  node: SimNode,
  path: string,
  at: number,
): void {
  const type = `${node.type}.${change}` as WebhookEventType;
  state.emit(
    type,
    at,
    { service: transfer.destination.service, path, entry: entryView(node, path), transfer_id: transfer.id },
    transfer.owner,
  );
}

/** Why the destination path cannot hold the copy (a file sits on it), or undefined when it can. */
export function destinationBlocked(state: MigrateCloudsState, transfer: SimTransfer): string | undefined {
  let node: SimNode | undefined = state.service(transfer.destination.service).root;
  for (const segment of transfer.destination.segments) {
    node = node.children?.get(childKey(segment));
    if (!node) return undefined;
    if (node.type === "file")
      return `Destination path '${transfer.destination.path}' runs through the file '${node.name}'`;
  }
  return undefined;
}

/** The destination folder, created (with folder.created events) where missing. */
export function ensureDestination(
  state: MigrateCloudsState,
  transfer: SimTransfer,
  at: number,
): DestinationFolder {
  const { service, segments } = transfer.destination;
  const root = state.service(service).root;
  let folder: DestinationFolder = { node: root, path: "/" };
  for (const segment of segments) {
    const existing = folder.node.children?.get(childKey(segment));
    if (existing) {
      folder = { node: existing, path: joinPath(folder.path, [existing.name]) };
      continue;
    }
    const node = newFolder(state, transfer, segment, at);
    folder.node.children?.set(childKey(segment), node);
    folder.node.modifiedAt = at;
    folder = { node, path: joinPath(folder.path, [segment]) };
    emitEntry(state, transfer, "created", node, folder.path, at);
  }
  return folder;
}

function newFolder(state: MigrateCloudsState, transfer: SimTransfer, name: string, at: number): SimNode {
  return {
    id: state.newNodeId(transfer.destination.service),
    name,
    type: "folder",
    mimeType: folderMime(transfer.destination.service),
    size: 0,
    createdAt: at,
    modifiedAt: at,
    children: new Map(),
  };
}

const relativeKey = (relative: readonly string[]): string => relative.map(childKey).join("/");

function countFile(transfer: SimTransfer, entry: PlannedEntry, skipped: boolean): void {
  if (entry.node.type !== "file") return;
  transfer.run.filesDone++;
  transfer.run.bytesDone += entry.node.size;
  if (skipped) transfer.run.filesSkipped++;
}

/** Copies one planned entry into the destination at simulated time `at`. */
export function applyEntry(
  state: MigrateCloudsState,
  transfer: SimTransfer,
  entry: PlannedEntry,
  at: number,
): void {
  const { folders } = transfer.run;
  const source = entry.node;
  const parent = folders.get(relativeKey(entry.relative.slice(0, -1)));
  if (parent === undefined || parent === "skip") {
    if (source.type === "folder") folders.set(relativeKey(entry.relative), "skip");
    return countFile(transfer, entry, true);
  }
  let name = source.name;
  const existing = parent.node.children?.get(childKey(name));
  if (existing) {
    if (existing.type === "folder" && source.type === "folder") {
      folders.set(relativeKey(entry.relative), {
        node: existing,
        path: joinPath(parent.path, [existing.name]),
      });
      return;
    }
    if (transfer.conflictResolution === "skip") {
      if (source.type === "folder") folders.set(relativeKey(entry.relative), "skip");
      return countFile(transfer, entry, true);
    }
    if (transfer.conflictResolution === "overwrite") {
      parent.node.children?.delete(childKey(existing.name));
      emitEntry(state, transfer, "deleted", existing, joinPath(parent.path, [existing.name]), at);
    } else {
      name = freeName(parent.node, name, source.type === "file");
    }
  }
  const node: SimNode =
    source.type === "folder"
      ? newFolder(state, transfer, name, at)
      : {
          id: state.newNodeId(transfer.destination.service),
          name,
          type: "file",
          mimeType: source.mimeType,
          size: source.size,
          createdAt: at,
          // Like most migration tools, a copy keeps the source's modification time.
          modifiedAt: source.modifiedAt,
          children: undefined,
        };
  parent.node.children?.set(childKey(name), node);
  parent.node.modifiedAt = at;
  const path = joinPath(parent.path, [name]);
  if (node.type === "folder") folders.set(relativeKey(entry.relative), { node, path });
  emitEntry(state, transfer, "created", node, path, at);
  countFile(transfer, entry, false);
}

/** The source entries a run copies: a folder's descendants (depth-first), or the one file. */
export function sourceEntries(root: SimNode, segments: readonly string[]): PlannedEntry[] | undefined {
  const node = resolve(root, segments);
  if (!node) return undefined;
  const snapshot = (n: SimNode): SimNode => ({ ...n, children: undefined });
  if (node.type === "file") return [{ relative: [node.name], node: snapshot(node), doneAt: 0 }];
  return listEntries(node, "/", true).map((e) => ({
    relative: e.relative,
    node: snapshot(e.node),
    doneAt: 0,
  }));
}
