/**
 * The file trees of the simulated cloud services: nodes, path parsing, the listing order (folders
 * first, then by name, depth-first for recursive listings) and the sort keys paging resumes from.
 * Names are matched case-insensitively, as OneDrive, Dropbox and Box do.
 */
import { iso } from "./envelope.js";
import type { Service } from "./wire.js";

export interface SimNode {
  id: string;
  name: string;
  type: "file" | "folder";
  mimeType: string;
  size: number;
  createdAt: number;
  modifiedAt: number;
  /** Folders only, keyed by the lower-cased name. */
  children: Map<string, SimNode> | undefined;
}

export interface ListedEntry {
  node: SimNode;
  /** Full path of the entry itself, e.g. `/Documents/Marketing`. */
  path: string;
  /** Names below the listed folder, e.g. `["Marketing", "Plan.docx"]`. */
  relative: string[];
  /** Sorts as the listing does; a page token resumes after one. */
  key: string;
}

export const FORWARD_SLASH_DETAILS = "Path must start with a forward slash";

/** `/a/b/` → `["a", "b"]`; `/` → `[]`; a description of the problem for anything else. */
export function parsePath(path: string): string[] | { error: string } {
  if (!path.startsWith("/")) return { error: FORWARD_SLASH_DETAILS };
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (trimmed === "/") return [];
  const segments = trimmed.slice(1).split("/");
  if (segments.some((s) => s === "")) return { error: "Path must not contain empty segments ('//')" };
  if (segments.some((s) => s === "." || s === ".."))
    return { error: "Path must not contain '.' or '..' segments" };
  return segments;
}

export const childKey = (name: string): string => name.toLowerCase();

export function resolve(root: SimNode, segments: readonly string[]): SimNode | undefined {
  let node: SimNode | undefined = root;
  for (const segment of segments) node = node?.children?.get(childKey(segment));
  return node;
}

/** The path with each name spelt as stored (`/documents` → `/Documents`). */
export function canonicalPath(root: SimNode, segments: readonly string[]): string {
  const names: string[] = [];
  let node: SimNode | undefined = root;
  for (const segment of segments) {
    node = node?.children?.get(childKey(segment));
    names.push(node?.name ?? segment);
  }
  return joinPath("/", names);
}

export function joinPath(base: string, names: readonly string[]): string {
  if (names.length === 0) return base;
  return `${base === "/" ? "" : base}/${names.join("/")}`;
}

const rank = (node: SimNode): string => (node.type === "folder" ? "0" : "1");
// NUL sorts below every character of a name, so a folder's key is a prefix that sorts before its
// descendants and they all sort before its next sibling: comparing keys gives depth-first order.
const segmentKey = (node: SimNode): string => rank(node) + childKey(node.name);
const KEY_SEPARATOR = "\u0000";

/** A folder's children, folders first, then by name (code-unit order, the same on every machine). */
export function sortedChildren(folder: SimNode): SimNode[] {
  return [...(folder.children?.values() ?? [])].sort((a, b) => {
    const ka = segmentKey(a);
    const kb = segmentKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** The folder's children, or with `recursive` all its descendants depth-first, in listing order. */
export function listEntries(folder: SimNode, folderPath: string, recursive: boolean): ListedEntry[] {
  const out: ListedEntry[] = [];
  const walk = (node: SimNode, relative: string[], keyPrefix: string) => {
    for (const child of sortedChildren(node)) {
      const childRelative = [...relative, child.name];
      const key = keyPrefix + segmentKey(child);
      out.push({ node: child, path: joinPath(folderPath, childRelative), relative: childRelative, key });
      if (recursive && child.type === "folder") walk(child, childRelative, key + KEY_SEPARATOR);
    }
  };
  walk(folder, [], "");
  return out;
}

/** An entry as the API returns it (the overview's fields, plus `path`). */
export function entryView(node: SimNode, path: string) {
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    mime_type: node.mimeType,
    size: node.size,
    created_at: iso(node.createdAt),
    modified_at: iso(node.modifiedAt),
    path,
  };
}

// ---------------------------------------------------------------- ids and types, per service

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function draw(random: () => number, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)] ?? "0";
  return out;
}

/** An id in the style of the service's own (Drive, Graph drive items, Dropbox, Box). */
export function nodeId(service: Service, random: () => number): string {
  switch (service) {
    case "google_drive":
      return `1${draw(random, `${ALNUM}_-`, 32)}`;
    case "onedrive":
    case "sharepoint":
      return `01${draw(random, UPPER, 32)}`;
    case "dropbox":
      return `id:${draw(random, `${ALNUM}_-`, 22)}`;
    case "box":
      return `${1 + Math.floor(random() * 9)}${draw(random, "0123456789", 11)}`;
  }
}

export function folderMime(service: Service): string {
  return service === "google_drive" ? "application/vnd.google-apps.folder" : "inode/directory";
}

const MIME_TYPES: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  pdf: "application/pdf",
  jpg: "image/jpeg",
  png: "image/png",
  heic: "image/heic",
  mp4: "video/mp4",
  mov: "video/quicktime",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  zip: "application/zip",
  psd: "image/vnd.adobe.photoshop",
  svg: "image/svg+xml",
  eml: "message/rfc822",
  json: "application/json",
};

export function mimeFor(name: string): string {
  const extension = name.includes(".") ? (name.split(".").pop() ?? "").toLowerCase() : "";
  return MIME_TYPES[extension] ?? "application/octet-stream";
}

/** `Plan.docx` → `Plan (1).docx`, `Photos` → `Photos (1)`: the first name not taken in the folder. */
export function freeName(folder: SimNode, name: string, isFile: boolean): string {
  const dot = isFile ? name.lastIndexOf(".") : -1;
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let n = 1; ; n++) {
    const candidate = `${stem} (${n})${extension}`;
    if (!folder.children?.has(childKey(candidate))) return candidate;
  }
}
