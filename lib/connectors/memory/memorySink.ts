import type { Row } from '../../types/value.js';
import type { Sink } from '../types.js';

/**
 * A sink keeping every row written, in order, for tests and the library API. Rows are kept as
 * given (not copied); `batches` records the batch boundaries.
 */
export class MemorySink implements Sink {
  /** Every row written so far. */
  readonly rows: Row[] = [];
  /** The size of each batch written. */
  readonly batches: number[] = [];
  /** Whether `close` was called. */
  closed = false;

  /** Keeps the rows. */
  async write(rows: readonly Row[]): Promise<void> {
    for (const row of rows) this.rows.push(row);
    this.batches.push(rows.length);
  }

  /** Nothing is buffered: resolves at once. */
  async flush(): Promise<void> {}

  /** Marks the sink closed. */
  async close(): Promise<void> {
    this.closed = true;
  }
}
