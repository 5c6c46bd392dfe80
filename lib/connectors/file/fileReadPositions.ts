import type { RowBatcher } from '../rowBatcher.js';

/** Where a file source stands: how many records of each file it has handed out, by absolute path. */
export interface FilePositions {
  readonly [file: string]: number;
}

/** One file as read by this run: its rows are pushed to the batcher from `start` on, after `skipped` dropped ones. */
interface FileRead {
  readonly path: string;
  readonly start: number;
  /** The batcher's `pushed` once the file ended (undefined while it is read). */
  end: number | undefined;
  /** Records dropped because a previous run had handed them out. */
  skipped: number;
}

/**
 * The checkpoint position of a file source (files read one after the other into one batcher):
 * per file, the records handed out so far. A batch may hold the end of one file and the start
 * of the next, so the count of each file follows from the batcher's count of rows handed out
 * and the range of pushes each file made. A run resuming from positions skips, in each file,
 * the records they say were handed out (they are still decoded, so `_offset` keeps counting
 * records of the file).
 */
export class FileReadPositions {
  private readonly reads: FileRead[] = [];

  constructor(
    private readonly batcher: RowBatcher,
    private readonly resumeAt: FilePositions = {},
  ) {}

  /** A file starts being read: its records already handed out by a previous run are skipped. */
  started(path: string): void {
    const skipped = this.resumeAt[path] ?? 0;
    this.batcher.skip(skipped);
    this.reads.push({ path, start: this.batcher.pushed, end: undefined, skipped });
  }

  /** The file being read ended (its last record was decoded). */
  ended(): void {
    const read = this.reads[this.reads.length - 1];
    if (read === undefined || read.end !== undefined) return;
    read.end = this.batcher.pushed;
    // A file shorter than its position (it was rewritten) did not use up the skip: the next file must not.
    read.skipped -= this.batcher.skipping;
    this.batcher.skip(0);
  }

  /** Records handed out per file: those skipped plus those of its pushes the batcher has handed out. */
  positions(): FilePositions {
    const taken = this.batcher.taken;
    const positions: { [file: string]: number } = {};
    for (const read of this.reads) {
      const pushed = (read.end ?? this.batcher.pushed) - read.start;
      positions[read.path] = read.skipped + Math.min(Math.max(taken - read.start, 0), pushed);
    }
    return positions;
  }
}
