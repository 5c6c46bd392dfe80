import type { Row } from '../types/value.js';

/**
 * Groups rows into batches of a fixed size as a reader produces them. This is the one place
 * a source's batch size applies; full batches queue up until the reader hands them out, so a
 * reader can decode a whole read chunk and then yield every batch it completed.
 */
export class RowBatcher {
  private current: Row[] = [];
  private readonly ready: Row[][] = [];
  private readyStart = 0;
  private toSkip = 0;
  private pushedRows = 0;
  private takenRows = 0;

  /** @param size rows per batch (≥ 1). */
  constructor(readonly size: number) {}

  /** Rows added so far (skipped ones not counted). */
  get pushed(): number {
    return this.pushedRows;
  }

  /** Rows handed out so far in batches. */
  get taken(): number {
    return this.takenRows;
  }

  /** Rows still to be dropped by {@link skip}. */
  get skipping(): number {
    return this.toSkip;
  }

  /** Drops the next `rows` rows pushed instead of adding them (a source resuming after a checkpoint); 0 stops dropping. */
  skip(rows: number): void {
    this.toSkip = rows;
  }

  /** Adds one row; completes a batch every `size` rows. */
  push(row: Row): void {
    if (this.toSkip > 0) {
      this.toSkip--;
      return;
    }
    this.pushedRows++;
    const current = this.current;
    current.push(row);
    if (current.length >= this.size) {
      this.ready.push(current);
      this.current = [];
    }
  }

  /** The next completed batch, or undefined when none is complete. */
  nextFull(): Row[] | undefined {
    if (this.readyStart >= this.ready.length) return undefined;
    const batch = this.ready[this.readyStart++]!;
    this.takenRows += batch.length;
    if (this.readyStart === this.ready.length) {
      this.ready.length = 0;
      this.readyStart = 0;
    }
    return batch;
  }

  /** The rows of the incomplete batch (taking them out), or undefined when there are none. */
  takePartial(): Row[] | undefined {
    if (this.current.length === 0) return undefined;
    const batch = this.current;
    this.current = [];
    this.takenRows += batch.length;
    return batch;
  }
}

/** The default number of rows per batch of the file, memory and datagen sources. */
export const DEFAULT_BATCH_SIZE = 1000;
