import { isObservable } from '../../../operators/rxjs.js';
import type { Observable } from 'rxjs';
import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import { DEFAULT_BATCH_SIZE } from '../rowBatcher.js';
import { appendSystemColumns, fullRowWidth } from '../systemColumns.js';
import type { Source } from '../types.js';
import { observableBatches } from './observableBatches.js';

/** What a memory source reads: rows, or batches pushed by an iterable or an Observable. */
export type MemoryInput = readonly Row[] | AsyncIterable<Row[]> | Observable<Row[]>;

/** Options of a memory source. */
export interface MemorySourceOptions {
  /** Rows per batch when the input is an array (default 1000). */
  readonly batchSize?: number;
  /** `_topic` of the rows (default 'memory'). */
  readonly topic?: string;
}

/**
 * Widens rows holding only the declared columns by the system columns (`_timestamp` now,
 * `_offset` their running index, `_partition` 0, `_key` null, `_topic`, `_headers` null).
 * Rows already full width are kept as they are; any other width is an error.
 */
class RowWidener {
  private offset = 0;
  private readonly declared: number;
  private readonly full: number;

  constructor(
    schema: Schema,
    private readonly topic: string,
  ) {
    this.declared = schema.fields.length;
    this.full = fullRowWidth(schema);
  }

  widen(rows: readonly Row[]): Row[] {
    const now = Date.now();
    const out: Row[] = new Array<Row>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length === this.full) out[i] = row;
      else if (row.length === this.declared) out[i] = appendSystemColumns(row.slice(), now, this.offset, 0, null, this.topic);
      else throw new FerrisError('CONFIG', `memory source: a row has ${row.length} values; expected ${this.declared} (declared columns) or ${this.full} (with system columns)`);
      this.offset++;
    }
    return out;
  }
}

/**
 * A source over in-memory data for the library API and tests. Rows are given with the
 * declared columns only (then widened by the system columns, copying each row once) or full
 * width. An array input is widened once, when the source is created, and is bounded; an
 * AsyncIterable or Observable of batches is widened batch by batch as it is pulled and is
 * unbounded as far as the planner knows (it still ends when its input completes).
 */
export function memorySource(schema: Schema, input: MemoryInput, options: MemorySourceOptions = {}): Source {
  const widener = new RowWidener(schema, options.topic ?? 'memory');
  if (Array.isArray(input)) {
    const given = input as readonly Row[];
    const full = fullRowWidth(schema);
    // Full-width rows are kept as they are, so an array of only such rows needs no copy (it is sliced into batches anyway).
    const rows = given.every((row) => row.length === full) ? given : widener.widen(given);
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    return {
      schema,
      bounded: true,
      async *batches() {
        for (let start = 0; start < rows.length; start += batchSize) yield rows.slice(start, start + batchSize);
      },
      close: async () => {},
    };
  }
  const iterable: AsyncIterable<Row[]> = isObservable(input) ? observableBatches(input as Observable<Row[]>) : (input as AsyncIterable<Row[]>);
  return {
    schema,
    bounded: false,
    async *batches() {
      for await (const batch of iterable) {
        if (batch.length > 0) yield widener.widen(batch);
      }
    },
    close: async () => {},
  };
}
