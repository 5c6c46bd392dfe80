import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { FerrisError } from '../../types/errors.js';
import type { FileCursor } from './fileCursor.js';

/** How many of the last bytes read are compared to recognise a file rewritten in place. */
export const FINGERPRINT_BYTES = 64;

/**
 * What happened to a tailed file's path since the last poll:
 * - `none`: nothing new; `grown`: bytes were appended after the position read;
 * - `truncated`: the same file is now shorter than the position read;
 * - `rewritten`: the same file no longer holds, just before the position read, the bytes read
 *   there (truncated and regrown past the old position between two polls);
 * - `replaced`: the path now names another file (deleted and recreated, or rotated by rename);
 * - `deleted`: the path names no file any more (deleted, or renamed away).
 */
export type FileChange = 'none' | 'grown' | 'truncated' | 'rewritten' | 'replaced' | 'deleted';

/** The device and inode of a file: what stays the same across renames and differs on replacement. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** Whether two stats name the same file. */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Whether the file open as `handle` holds `expected` just before byte `end`. */
async function holdsBefore(handle: FileHandle, expected: Buffer, end: number): Promise<boolean> {
  if (expected.length === 0) return true;
  const found = Buffer.alloc(expected.length);
  const { bytesRead } = await handle.read(found, 0, expected.length, end - expected.length);
  return bytesRead === expected.length && found.equals(expected);
}

/**
 * Whether the file at `path` is the one of `identity` that was read up to `position` ending
 * with `recent` bytes (the inode alone is not enough: a deleted file's inode is reused).
 */
export async function isSameFileRead(path: string, identity: FileIdentity, recent: Buffer, position: number): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const current = await handle.stat();
    return sameFile(current, identity) && current.size >= position && (await holdsBefore(handle, recent, position));
  } finally {
    await handle.close();
  }
}

/**
 * One tailed file, kept open: after its path is renamed or deleted, what was written to it is
 * still read through the open handle before it is finished. `change` says on each poll what
 * happened to the path (see {@link FileChange}).
 */
export class WatchedFile {
  private lastModified: number;

  private constructor(
    readonly path: string,
    /** The open file; reads go through it. */
    readonly handle: FileHandle,
    readonly identity: FileIdentity,
    /** The reading state; replaced by a fresh one when the file is read again from its start. */
    public cursor: FileCursor,
    stats: Stats,
  ) {
    this.lastModified = stats.mtimeMs;
  }

  /** Opens the file at `path`, or gives undefined when it vanished meanwhile. */
  static async open(path: string, cursor: FileCursor): Promise<WatchedFile | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new FerrisError('IO', `cannot open ${path}: ${(error as Error).message}`, { file: path, cause: error });
    }
    const stats = await handle.stat();
    return new WatchedFile(path, handle, { dev: stats.dev, ino: stats.ino }, cursor, stats);
  }

  /** What happened to the path since the last look. */
  async change(): Promise<FileChange> {
    let current: Stats;
    try {
      current = await stat(this.path);
    } catch (error) {
      if (isMissing(error)) return 'deleted';
      throw new FerrisError('IO', `cannot read ${this.path}: ${(error as Error).message}`, { file: this.path, cause: error });
    }
    if (!sameFile(current, this.identity)) return 'replaced';
    const position = this.cursor.position;
    if (current.size < position) return 'truncated';
    if (current.size === position && current.mtimeMs === this.lastModified) return 'none';
    this.lastModified = current.mtimeMs;
    if (!(await holdsBefore(this.handle, this.cursor.recentBytes, position))) return 'rewritten';
    return current.size > position ? 'grown' : 'none';
  }

  /** Releases the file. */
  async close(): Promise<void> {
    await this.handle.close();
  }
}
