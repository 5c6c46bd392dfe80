import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Append-only file descriptors opened on demand and kept in least-recently-used order: at most
 * `capacity` are open at once, so a broker with thousands of partitions stays within the
 * process's file limit (`ulimit -n`). Closing a file loses nothing: every write went to the OS.
 */
export class OpenFiles {
  /** Open descriptors by path; Map order is use order, the least recently used first. */
  private readonly fds = new Map<string, number>();
  private lastPath: string | undefined;

  constructor(private readonly capacity: number) {}

  /** Appends `bytes` to the file at `path`, opening it (and closing the least recently used one) if needed. */
  append(path: string, bytes: Buffer): void {
    writeSync(this.fdFor(path), bytes);
  }

  private fdFor(path: string): number {
    const open = this.fds.get(path);
    if (open !== undefined) {
      if (this.lastPath !== path) {
        this.fds.delete(path);
        this.fds.set(path, open);
        this.lastPath = path;
      }
      return open;
    }
    if (this.fds.size >= this.capacity) this.closeLeastRecentlyUsed();
    const fd = openSync(path, 'a');
    this.fds.set(path, fd);
    this.lastPath = path;
    return fd;
  }

  private closeLeastRecentlyUsed(): void {
    const [path, fd] = this.fds.entries().next().value as [string, number];
    closeSync(fd);
    this.fds.delete(path);
  }

  /** How many files are open now. */
  get openCount(): number {
    return this.fds.size;
  }

  /** Closes the file at `path` if it is open (before it is deleted). */
  close(path: string): void {
    const fd = this.fds.get(path);
    if (fd === undefined) return;
    closeSync(fd);
    this.fds.delete(path);
    if (this.lastPath === path) this.lastPath = undefined;
  }

  /** Closes every open file. */
  closeAll(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.lastPath = undefined;
  }
}
