/**
 * File access for tools, confined to the directories the user allowed in configuration. Paths are
 * resolved through symlinks before the check, so a link cannot lead outside.
 */
import { constants } from "node:fs";
import { open, readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { ToolInputError } from "../views/input-error.js";

const MAX_READ_BYTES = 20 * 1024 * 1024;

export class FileAccess {
  constructor(private readonly allowedDirs: readonly string[]) {}

  /**
   * Whether `path` lies under an allowed directory, as configured or as resolved. Asked of the path as
   * given before anything on disk is touched, and of the resolved path after: both fail alike, naming
   * only the path as given, so a refusal tells nothing of what lies outside (whether it exists, where a
   * link points).
   */
  private async inside(path: string, given: string, field: string): Promise<void> {
    if (this.allowedDirs.length === 0) {
      throw new ToolInputError(
        `${field}: file access is disabled. Pass the content inline instead, or ask the user to start the server with --allow-dir DIR (MIGRATE_MCP_ALLOWED_DIRS)`,
      );
    }
    const configured = this.allowedDirs.map((d) => resolve(d));
    const resolved = await Promise.all(configured.map((d) => realpath(d).catch(() => d)));
    const ok = [...configured, ...resolved].some((root) => {
      const rel = relative(root, path);
      return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
    });
    if (!ok)
      throw new ToolInputError(
        `${field}: '${given}' is outside the allowed directories (${this.allowedDirs.join(", ")})`,
      );
  }

  private static absolute(path: string, field: string): string {
    if (!isAbsolute(path)) throw new ToolInputError(`${field}: give an absolute path, got '${path}'`);
    return resolve(path);
  }

  async readText(path: string, field: string): Promise<string> {
    const absolute = FileAccess.absolute(path, field);
    await this.inside(absolute, path, field);
    const real = await realpath(absolute).catch(() => {
      throw new ToolInputError(`${field}: '${path}' does not exist or cannot be read`);
    });
    await this.inside(real, path, field);
    // Checked before reading: a folder (EISDIR) or a device is the caller's mistake, not a bug of ours.
    const info = await stat(real);
    if (!info.isFile())
      throw new ToolInputError(
        `${field}: '${path}' is ${info.isDirectory() ? "a folder" : "not a regular file"}; give the path of a file in it`,
      );
    if (info.size > MAX_READ_BYTES)
      throw new ToolInputError(`${field}: '${path}' is larger than ${MAX_READ_BYTES} bytes`);
    const content = await readFile(real).catch((error: NodeJS.ErrnoException) => {
      throw new ToolInputError(`${field}: '${path}' cannot be read (${error.code ?? "error"})`);
    });
    if (content.length > MAX_READ_BYTES)
      throw new ToolInputError(`${field}: '${path}' is larger than ${MAX_READ_BYTES} bytes`);
    return content.toString("utf8");
  }

  /** Writes a new file; never overwrites one that exists. Returns the path written. */
  async writeNew(path: string, content: string, field: string): Promise<string> {
    const absolute = FileAccess.absolute(path, field);
    await this.inside(dirname(absolute), path, field);
    const parent = await realpath(dirname(absolute)).catch(() => {
      throw new ToolInputError(`${field}: the folder of '${path}' does not exist`);
    });
    await this.inside(parent, path, field);
    const target = join(parent, basename(absolute));
    const handle = await open(
      target,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    ).catch((error: NodeJS.ErrnoException) => {
      throw new ToolInputError(
        error.code === "EEXIST"
          ? `${field}: '${target}' already exists; choose a new file name (files are never overwritten)`
          : `${field}: cannot create '${target}' (${error.code})`,
      );
    });
    try {
      await handle.writeFile(content, "utf8");
    } finally {
      await handle.close();
    }
    return target;
  }
}
